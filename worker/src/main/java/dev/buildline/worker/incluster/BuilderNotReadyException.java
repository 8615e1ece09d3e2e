package dev.buildline.worker.incluster;

import dev.buildline.worker.incluster.model.BuilderKey;
import java.time.Duration;

/** The builder did not become usable within the timeout; {@link #reason()} says what it was still waiting for. */
public final class BuilderNotReadyException extends InClusterBuilderException {

    private final String reason;

    BuilderNotReadyException(BuilderKey builder, Duration timeout, String reason) {
        super(builder, "BuildKit builder " + builder.name() + " in namespace " + builder.namespace()
                + " was not ready after " + timeout.toMillis() + " ms: " + reason, null);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
