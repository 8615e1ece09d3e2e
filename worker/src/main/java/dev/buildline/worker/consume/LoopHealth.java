package dev.buildline.worker.consume;

import java.util.Optional;

/**
 * Whether a consume loop still does its work, and why not once it stopped while it should run: what a worker's
 * liveness reports, so Kubernetes restarts a worker whose loop died instead of leaving it up and claiming nothing.
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
