package dev.buildline.worker.incluster;

import dev.buildline.worker.incluster.model.BuilderKey;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A ready builder, marked in use by one build of this worker until {@link #close()}: while any build holds it, this
 * worker never recreates the builder under it. Close it when buildx has finished, whatever the result.
 */
public final class EnsuredBuilder implements AutoCloseable {

    private final BuilderKey key;
    private final EnsureOutcome outcome;
    private final BuildersInUse inUse;
    private final AtomicBoolean released = new AtomicBoolean();

    EnsuredBuilder(BuilderKey key, EnsureOutcome outcome, BuildersInUse inUse) {
        this.key = key;
        this.outcome = outcome;
        this.inUse = inUse;
    }

    public String name() {
        return key.name();
    }

    public String namespace() {
        return key.namespace();
    }

    public String deploymentName() {
        return key.deploymentName();
    }

    public EnsureOutcome outcome() {
        return outcome;
    }

    /** Releases this build's use of the builder; a second call does nothing. */
    @Override
    public void close() {
        if (released.compareAndSet(false, true)) {
            inUse.release(key);
        }
    }

    @Override
    public String toString() {
        return "builder " + key + " (" + outcome + ")";
    }
}
