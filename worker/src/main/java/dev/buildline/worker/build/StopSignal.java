package dev.buildline.worker.build;

/** Lets a running build learn that it should stop, and lets whoever stops it reach the build's process. */
public interface StopSignal {

    /** The reason to stop, or null while the build should go on. */
    Stop stopped();

    /** Registers how to stop the current step (runs at once when a stop was already requested); null clears it. */
    void onStop(Runnable stopper);

    /** Waits up to {@code millis} unless a stop is requested first; true when stopped. */
    boolean awaitStop(long millis) throws InterruptedException;

}
