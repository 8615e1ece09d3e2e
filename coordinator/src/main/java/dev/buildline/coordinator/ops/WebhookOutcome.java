package dev.buildline.coordinator.ops;

/** The outcome label of a webhook delivery, from the status the coordinator answered with. */
public final class WebhookOutcome {

    private WebhookOutcome() {
    }

    public static String of(int status) {
        return switch (status) {
            case 202 -> "accepted";
            case 200 -> "ok";
            case 400 -> "malformed";
            case 401 -> "unauthorized";
            case 404 -> "unknown_provider";
            case 413 -> "too_large";
            case 422 -> "rejected";
            case 503 -> "unavailable";
            default -> status >= 500 ? "error" : "other";
        };
    }
}
