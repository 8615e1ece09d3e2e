package dev.buildline.runtime.kafka;

import java.util.Optional;

/**
 * Whether a consume or follow loop still does its work, and why not once it stopped while it should run: what the
 * liveness of the process that runs it reports (every loop of coordinator and worker), so Kubernetes restarts a
 * process whose loop died instead of leaving it up, claiming nothing or showing a view that no longer moves. The loop
 * shapes ({@link GroupConsumerVerticle}, {@link FollowerVerticle}) keep one each.
 */
public final class LoopHealth {

    private final String name;
    private volatile String stoppedBecause;

    public LoopHealth(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** Records why the loop ended; the first reason stays. */
    public synchronized void stopped(String why) {
        if (stoppedBecause == null) {
            stoppedBecause = name + " stopped: " + why;
        }
    }

    /** Empty while the loop runs (or was closed on purpose); else why it stopped. */
    public Optional<String> problem() {
        return Optional.ofNullable(stoppedBecause);
    }
}
