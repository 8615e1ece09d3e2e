package dev.buildline.worker.build;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter between attempts: attempt n waits between half and all of
 * {@code base * 2^(n-1)}, capped at {@code max}, so workers that failed together do not retry together.
 */
public record Backoff(Duration base, Duration max) {

    public long delayMillis(int failedAttempt, RandomGenerator random) {
        long ceiling = base.toMillis() << Math.min(Math.max(failedAttempt - 1, 0), 20);
        ceiling = Math.min(ceiling, max.toMillis());
        return ceiling / 2 + (ceiling <= 1 ? 0 : random.nextLong(ceiling / 2 + 1));
    }
}
