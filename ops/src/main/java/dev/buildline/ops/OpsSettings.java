package dev.buildline.ops;

import java.time.Duration;

/**
 * What the operations side of coordinator and worker is configured with: the workers' consumer group, whose lag on
 * build-requests {@code /metrics} shows (BUILDLINE_WORKER_GROUP, as the workers read it), and how often that lag is
 * sampled.
 */
public record OpsSettings(String workerGroup, Duration lagInterval) {

    public static final String DEFAULT_WORKER_GROUP = "buildline-workers";

    public static OpsSettings defaults() {
        return new OpsSettings(DEFAULT_WORKER_GROUP, Duration.ofSeconds(10));
    }
}
