package dev.buildline.worker.build;

/**
 * Preparing a builder failed; {@link #retryable()} says whether a later attempt may succeed (a builder not ready yet)
 * or not (a missing builder with noCreate).
 */
public final class InClusterFailure extends RuntimeException {

    private final boolean retryable;

    public InClusterFailure(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
