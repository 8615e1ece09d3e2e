package dev.buildline.coordinator.state;

import java.util.List;

/**
 * The log of one build so far and a subscription to the lines that follow, taken together so no line falls between
 * them. {@link #close()} ends the subscription.
 */
public record LogFollow(List<String> linesSoFar, Runnable unsubscribe) implements AutoCloseable {

    @Override
    public void close() {
        unsubscribe.run();
    }
}
