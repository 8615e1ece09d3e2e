package dev.buildline.worker.consume;

import dev.buildline.common.messages.BuildRequest;
import dev.buildline.worker.build.Stop;
import dev.buildline.worker.build.StopSignal;
import org.apache.kafka.common.TopicPartition;

/**
 * One claimed build request: where its record sits, and whether (and why) it has been told to stop. The first reason
 * wins, except that abandoning always wins, because an abandoned build must not publish anything.
 */
public final class BuildJob implements StopSignal {

    private final TopicPartition partition;
    private final long offset;
    private final String key;
    private final BuildRequest request;
    private Stop stop;
    private Runnable stopper;
    private boolean started;
    private boolean publishingTerminal;

    public BuildJob(TopicPartition partition, long offset, String key, BuildRequest request) {
        this.partition = partition;
        this.offset = offset;
        this.key = key;
        this.request = request;
    }

    public TopicPartition partition() {
        return partition;
    }

    public long offset() {
        return offset;
    }

    public String key() {
        return key;
    }

    public BuildRequest request() {
        return request;
    }

    public String buildId() {
        return request.buildId();
    }

    /**
     * Records the reason; returns what to run (off the caller's thread) to stop the current step, or null when an
     * earlier reason stands.
     */
    synchronized Runnable requestStop(Stop reason) {
        if (stop != null && !reason.abandoned() || stop != null && stop.abandoned()) {
            return null;
        }
        stop = reason;
        notifyAll();
        return stopper != null ? stopper : () -> { };
    }

    @Override
    public synchronized Stop stopped() {
        return stop;
    }

    @Override
    public void onStop(Runnable newStopper) {
        Runnable now;
        synchronized (this) {
            stopper = newStopper;
            now = stop != null ? newStopper : null;
        }
        if (now != null) {
            now.run();
        }
    }

    @Override
    public synchronized boolean awaitStop(long millis) throws InterruptedException {
        long until = System.nanoTime() + millis * 1_000_000;
        while (stop == null) {
            long left = (until - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    /**
     * Claims the right to publish this job's terminal event: false once it is abandoned. An abandon that comes while
     * the event is on its way waits for {@link #terminalSent} (see {@link #awaitTerminalSent}).
     */
    synchronized boolean claimTerminal() {
        if (stop != null && stop.abandoned()) {
            return false;
        }
        publishingTerminal = true;
        return true;
    }

    synchronized void terminalSent() {
        publishingTerminal = false;
        notifyAll();
    }

    /** Waits (bounded) while this job's terminal event is being sent; false when it still is. */
    synchronized boolean awaitTerminalSent(long millis) throws InterruptedException {
        long until = System.nanoTime() + millis * 1_000_000;
        while (publishingTerminal) {
            long left = (until - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    synchronized boolean started() {
        return started;
    }

    synchronized void markStarted() {
        started = true;
    }

    @Override
    public String toString() {
        return "build " + request.buildId() + " at " + partition + "@" + offset;
    }
}
