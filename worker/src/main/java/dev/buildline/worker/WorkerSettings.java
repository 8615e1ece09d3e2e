package dev.buildline.worker;

import dev.buildline.common.messages.RequestKey;
import dev.buildline.common.messages.Topics;
import dev.buildline.runtime.kafka.KafkaSettings;
import dev.buildline.worker.consume.SupersedePolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/** Everything a worker is configured with, read once by the launcher; secrets left out of {@link #toString()}. */
public record WorkerSettings(
        KafkaSettings kafka,
        Topics topics,
        String groupId,
        String workerId,
        int concurrency,
        Path dataDir,
        String gitUsername,
        String gitToken,
        Duration buildTimeout,
        SupersedePolicy supersedePolicy,
        int maxAttempts,
        Duration retryBackoff,
        Duration drainGrace,
        int maxLogLines,
        Duration sessionTimeout,
        long gitPackCacheBytes,
        RequestKey requestKey) {

    public static final Duration DEFAULT_BUILD_TIMEOUT = Duration.ofMinutes(30);
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofSeconds(10);
    public static final Duration DEFAULT_DRAIN_GRACE = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_LOG_LINES = 20_000;
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(45);
    /** JGit's pack window cache for writing contexts (dev.buildline.git.PackCache): holds a 200 MB repository's pack. */
    public static final long DEFAULT_GIT_PACK_CACHE_MB = 256;

    public WorkerSettings {
        Objects.requireNonNull(requestKey, "requestKey: the worker builds only requests signed with it");
    }

    /** Settings with a random request key: such a worker builds only what is signed with {@link #requestKey()}. */
    public WorkerSettings(KafkaSettings kafka, Topics topics, String groupId, String workerId, int concurrency,
                          Path dataDir, String gitUsername, String gitToken, Duration buildTimeout,
                          SupersedePolicy supersedePolicy, int maxAttempts, Duration retryBackoff, Duration drainGrace,
                          int maxLogLines, Duration sessionTimeout, long gitPackCacheBytes) {
        this(kafka, topics, groupId, workerId, concurrency, dataDir, gitUsername, gitToken, buildTimeout,
                supersedePolicy, maxAttempts, retryBackoff, drainGrace, maxLogLines, sessionTimeout, gitPackCacheBytes,
                RequestKey.random());
    }

    /** A worker of a plaintext cluster with every tunable at its default. */
    public static WorkerSettings defaults(String kafkaBootstrap, Topics topics, String groupId, String workerId,
                                          int concurrency, Path dataDir) {
        return defaults(KafkaSettings.plaintext(kafkaBootstrap), topics, groupId, workerId, concurrency, dataDir);
    }

    /** A worker with every tunable at its default. */
    public static WorkerSettings defaults(KafkaSettings kafka, Topics topics, String groupId, String workerId,
                                          int concurrency, Path dataDir) {
        return new WorkerSettings(kafka, topics, groupId, workerId, concurrency, dataDir, null, null,
                DEFAULT_BUILD_TIMEOUT, SupersedePolicy.CANCEL_RUNNING, DEFAULT_MAX_ATTEMPTS, DEFAULT_RETRY_BACKOFF,
                DEFAULT_DRAIN_GRACE, DEFAULT_MAX_LOG_LINES, DEFAULT_SESSION_TIMEOUT, DEFAULT_GIT_PACK_CACHE_MB << 20);
    }

    public WorkerSettings withSupersedePolicy(SupersedePolicy policy) {
        return new WorkerSettings(kafka, topics, groupId, workerId, concurrency, dataDir, gitUsername, gitToken,
                buildTimeout, policy, maxAttempts, retryBackoff, drainGrace, maxLogLines, sessionTimeout,
                gitPackCacheBytes, requestKey);
    }

    public WorkerSettings withRetries(int attempts, Duration backoff) {
        return new WorkerSettings(kafka, topics, groupId, workerId, concurrency, dataDir, gitUsername, gitToken,
                buildTimeout, supersedePolicy, attempts, backoff, drainGrace, maxLogLines, sessionTimeout,
                gitPackCacheBytes, requestKey);
    }

    /** These settings, verifying build requests with {@code key}. */
    public WorkerSettings withRequestKey(RequestKey key) {
        return new WorkerSettings(kafka, topics, groupId, workerId, concurrency, dataDir, gitUsername, gitToken,
                buildTimeout, supersedePolicy, maxAttempts, retryBackoff, drainGrace, maxLogLines, sessionTimeout,
                gitPackCacheBytes, key);
    }

    @Override
    public String toString() {
        return "WorkerSettings[kafka=" + kafka + ", topics=" + topics.prefix() + ", group=" + groupId
                + ", worker=" + workerId + ", concurrency=" + concurrency + ", dataDir=" + dataDir
                + ", buildTimeout=" + buildTimeout + ", supersede=" + supersedePolicy.wireName()
                + ", maxAttempts=" + maxAttempts + ", retryBackoff=" + retryBackoff + ", drainGrace=" + drainGrace
                + ", maxLogLines=" + maxLogLines + ", sessionTimeout=" + sessionTimeout
                + ", gitPackCacheMb=" + (gitPackCacheBytes >> 20) + "]";
    }
}
