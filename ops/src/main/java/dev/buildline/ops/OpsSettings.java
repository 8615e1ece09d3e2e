package dev.buildline.ops;

import java.time.Duration;

/**
 * What the operations side of coordinator and worker is configured with: the workers' consumer group, whose lag on
 * build-requests {@code /metrics} shows (BUILDLINE_WORKER_GROUP, as the workers read it), how often that lag is
 * sampled, and how many records of build-events and build-logs the coordinator's follower may be behind before the
 * coordinator says it is not ready (BUILDLINE_FOLLOWER_MAX_LAG).
 */
public record OpsSettings(String workerGroup, Duration lagInterval, long followerMaxLag) {

    public static final String DEFAULT_WORKER_GROUP = "buildline-workers";
    public static final long DEFAULT_FOLLOWER_MAX_LAG = 10_000;

    public OpsSettings(String workerGroup, Duration lagInterval) {
        this(workerGroup, lagInterval, DEFAULT_FOLLOWER_MAX_LAG);
    }

    public static OpsSettings defaults() {
        return new OpsSettings(DEFAULT_WORKER_GROUP, Duration.ofSeconds(10));
    }
}
