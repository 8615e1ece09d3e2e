package dev.buildline.coordinator.webhook;

/** A request that is refused, with the HTTP status and a message that tells the sender what to fix. */
public final class RequestRejectedException extends RuntimeException {

    private final int status;

    public RequestRejectedException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
