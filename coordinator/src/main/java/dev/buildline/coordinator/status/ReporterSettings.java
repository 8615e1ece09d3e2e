package dev.buildline.coordinator.status;

import java.time.Duration;
import java.util.Map;

/**
 * How the status reporter links and retries, read once at start:
 * <ul>
 * <li>{@code BUILDLINE_PUBLIC_URL}: the dashboard's address as git host users reach it (e.g.
 *   {@code https://buildline.example.com}); each status links to {@code <it>/builds/<build id>}. Unset: no link.</li>
 * <li>{@code BUILDLINE_STATUS_MAX_ATTEMPTS} (8): tries per status before giving up on 5xx, rate limits and
 *   unreachable hosts.</li>
 * <li>{@code BUILDLINE_STATUS_BACKOFF_MS} (1000), doubling per try up to {@code BUILDLINE_STATUS_MAX_BACKOFF_MS}
 *   (60000).</li>
 * <li>{@code BUILDLINE_STATUS_MAX_WAIT_SECONDS} (3600): the longest a rate limit is waited out (GitHub's window is an
 *   hour); a host asking for longer is given up on.</li>
 * </ul>
 */
public record ReporterSettings(String publicUrl, int maxAttempts, Duration firstBackoff, Duration maxBackoff,
                               Duration maxWait) {

    public static final int DEFAULT_MAX_ATTEMPTS = 8;

    public ReporterSettings {
        publicUrl = publicUrl == null || publicUrl.isBlank() ? null : publicUrl.strip();
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("BUILDLINE_STATUS_MAX_ATTEMPTS must be at least 1, got " + maxAttempts);
        }
    }

    /** @throws IllegalArgumentException naming the variable that is not a positive number */
    public static ReporterSettings fromEnvironment(Map<String, String> env) {
        return new ReporterSettings(env.get("BUILDLINE_PUBLIC_URL"),
                (int) number(env, "BUILDLINE_STATUS_MAX_ATTEMPTS", DEFAULT_MAX_ATTEMPTS),
                Duration.ofMillis(number(env, "BUILDLINE_STATUS_BACKOFF_MS", 1000)),
                Duration.ofMillis(number(env, "BUILDLINE_STATUS_MAX_BACKOFF_MS", 60_000)),
                Duration.ofSeconds(number(env, "BUILDLINE_STATUS_MAX_WAIT_SECONDS", 3600)));
    }

    /** The wait before try {@code attempt + 1}: the first backoff, doubled per try, at most the maximum. */
    public Duration backoff(int attempt) {
        long millis = firstBackoff.toMillis() << Math.min(20, Math.max(0, attempt - 1));
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }

    private static long number(Map<String, String> env, String name, long fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value.strip());
            if (parsed < 1) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a positive number, got " + value);
        }
    }
}
