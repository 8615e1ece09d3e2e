package dev.buildline.coordinator.status;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.Function;

/**
 * What to do with a host's answer to a status call (pure): done, try again after a wait, or give up.
 * <ul>
 * <li>2xx: posted.</li>
 * <li>GitLab 400 "Cannot transition status via :x from :y": GitLab already shows that state (a retried request whose
 *   first try arrived, or a pending after pending); nothing to do (gitlab-org/gitlab-foss#25807).</li>
 * <li>Rate limits: 429, or 403 with {@code x-ratelimit-remaining: 0} or {@code retry-after} (GitHub's primary and
 *   secondary limits, docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api). The wait is
 *   {@code retry-after} seconds when given, else until {@code x-ratelimit-reset} (GitLab: {@code ratelimit-reset}),
 *   epoch seconds, else the backoff.</li>
 * <li>5xx: the backoff ({@code retry-after} when the host gives one, as on a 503).</li>
 * <li>Any other 4xx: given up at once; the request will not get better by repeating it.</li>
 * </ul>
 */
public sealed interface HostAnswer {

    /** The host took it ({@code outcome} posted), or already showed it ({@code unchanged}). */
    record Done(String outcome) implements HostAnswer {
    }

    /** Try again after {@code delay}; {@code reason} is server_error, rate_limited or unreachable. */
    record Retry(Duration delay, String reason, String detail) implements HostAnswer {
    }

    /** Stop trying; {@code reason} is the HTTP status, or why the tries ended, for the log line and the metric. */
    record GiveUp(String reason, String detail) implements HostAnswer {
    }

    static HostAnswer of(StatusHost host, int status, Function<String, String> header, String body, int attempt,
                         Instant now, ReporterSettings settings) {
        if (status >= 200 && status < 300) {
            return new Done("posted");
        }
        String detail = "HTTP " + status + (body == null || body.isBlank() ? "" : ": " + StatusHost.shorten(body, 200));
        if (host == StatusHost.GITLAB && status == 400 && body != null && body.contains("Cannot transition status")) {
            return new Done("unchanged");
        }
        Duration hostWait = hostWait(header, now);
        boolean rateLimited = status == 429
                || status == 403 && ("0".equals(trim(header.apply("x-ratelimit-remaining"))) || hostWait != null);
        HostAnswer next;
        if (rateLimited) {
            next = new Retry(hostWait != null ? hostWait : settings.backoff(attempt), "rate_limited", detail);
        } else if (status >= 500) {
            Duration retryAfter = retryAfter(header.apply("retry-after"), now);
            next = new Retry(retryAfter != null ? retryAfter : settings.backoff(attempt), "server_error", detail);
        } else {
            return new GiveUp(String.valueOf(status), detail);
        }
        return limited((Retry) next, attempt, settings);
    }

    /** The host could not be reached or did not answer in time. */
    static HostAnswer unreachable(Throwable cause, int attempt, ReporterSettings settings) {
        return limited(new Retry(settings.backoff(attempt), "unreachable", String.valueOf(cause.getMessage())), attempt,
                settings);
    }

    private static HostAnswer limited(Retry retry, int attempt, ReporterSettings settings) {
        if (attempt >= settings.maxAttempts()) {
            return new GiveUp("attempts", "no success in " + attempt + " tries, last " + retry.detail());
        }
        if (retry.delay().compareTo(settings.maxWait()) > 0) {
            return new GiveUp("rate_limit_too_long", "the host asks to wait " + retry.delay().toSeconds()
                    + " s, longer than BUILDLINE_STATUS_MAX_WAIT_SECONDS; " + retry.detail());
        }
        return retry;
    }

    /** The wait the host asks for: {@code retry-after}, else its rate limit's reset time; null when it asks none. */
    private static Duration hostWait(Function<String, String> header, Instant now) {
        Duration retryAfter = retryAfter(header.apply("retry-after"), now);
        if (retryAfter != null) {
            return retryAfter;
        }
        String remaining = trim(header.apply("x-ratelimit-remaining"));
        String reset = trim(header.apply("x-ratelimit-reset"));
        if (reset == null) {
            reset = trim(header.apply("ratelimit-reset"));
            remaining = remaining != null ? remaining : trim(header.apply("ratelimit-remaining"));
        }
        if (reset != null && "0".equals(remaining)) {
            try {
                long seconds = Long.parseLong(reset);
                Duration until = Duration.between(now, Instant.ofEpochSecond(seconds)).plusSeconds(1);
                return until.isNegative() || until.isZero() ? Duration.ofSeconds(1) : until;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** {@code Retry-After}: delay-seconds or an HTTP date (RFC 9110 10.2.3). */
    private static Duration retryAfter(String value, Instant now) {
        String v = trim(value);
        if (v == null) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(now, ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant());
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }

    private static String trim(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
