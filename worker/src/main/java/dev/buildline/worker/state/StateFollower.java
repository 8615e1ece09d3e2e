package dev.buildline.worker.state;

import dev.buildline.common.messages.BuildControl;
import dev.buildline.common.messages.BuildEvent;
import dev.buildline.common.messages.Json;
import dev.buildline.common.messages.Topics;
import dev.buildline.runtime.kafka.FollowerVerticle;
import dev.buildline.runtime.kafka.KafkaClients;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The verticle that reads all of build-events and build-control from the beginning, outside any group, so every
 * worker knows every terminal outcome (idempotency) and sees every cancel. A build thread that must not act on stale
 * knowledge asks {@link #awaitCaughtUp} to wait until everything on both topics at that moment has been read; that
 * costs one round trip to the broker on a connection of its own, not a wait behind the follower's open fetch.
 */
public final class StateFollower extends FollowerVerticle {

    private static final Logger LOGGER = LoggerFactory.getLogger(StateFollower.class);

    private final Topics topics;
    private final BuildOutcomes outcomes;
    private volatile Consumer<String> onCancel = buildId -> { };

    public StateFollower(KafkaClients kafka, Topics topics, String clientId, BuildOutcomes outcomes) {
        super("state follower", kafka, List.of(topics.buildEvents(), topics.buildControl()), clientId);
        this.topics = topics;
        this.outcomes = outcomes;
    }

    /** {@code onCancel} gets the build id of every cancel, on the event loop, and must not block. Set before deploying. */
    public void onCancel(Consumer<String> onCancel) {
        this.onCancel = onCancel;
    }

    /**
     * Blocks (a build thread, never an event loop) until everything on build-events and build-control when called
     * has been read, so a cancel sent before the request is known; throws when that takes too long.
     */
    public void awaitCaughtUp(Duration timeout) {
        try {
            caughtUp().toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw new IllegalStateException("build-events not read up to its end within " + timeout.toSeconds()
                    + " s, so this worker cannot tell whether the build already ended", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading build-events", e);
        }
    }

    @Override
    protected void handle(ConsumerRecord<String, byte[]> record) {
        try {
            if (record.topic().equals(topics.buildEvents())) {
                outcomes.apply(Json.read(record.value(), BuildEvent.class));
                return;
            }
            BuildControl control = Json.read(record.value(), BuildControl.class);
            if (control.action() == BuildControl.Action.CANCEL && control.buildId() != null) {
                outcomes.cancelRequested(control.buildId());
                onCancel.accept(control.buildId());
            }
        } catch (Json.MalformedMessageException e) {
            LOGGER.warn("skipping unreadable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
        }
    }

    @Override
    protected void stoppedFor(String why, Throwable cause) {
        LOGGER.error("state follower stopped; builds cannot tell whether they already ended, and liveness fails: {}",
                why, cause);
    }
}
