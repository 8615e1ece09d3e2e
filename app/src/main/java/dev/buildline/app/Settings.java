package dev.buildline.app;

import dev.buildline.app.cli.PolicyFiles;
import dev.buildline.app.cli.UsageException;
import dev.buildline.common.messages.RequestKey;
import dev.buildline.app.kafka.MinInsync;
import dev.buildline.common.messages.Topics;
import dev.buildline.common.plan.BuildSite;
import dev.buildline.coordinator.CoordinatorSettings;
import dev.buildline.coordinator.intake.BuildPolicySettings;
import dev.buildline.coordinator.intake.RepositorySettings;
import dev.buildline.ops.OpsSettings;
import dev.buildline.runtime.kafka.InvalidKafkaSettingsException;
import dev.buildline.runtime.kafka.KafkaSettings;
import dev.buildline.worker.WorkerSettings;
import dev.buildline.worker.consume.SupersedePolicy;
import dev.buildline.worker.incluster.ServiceAccountKubeconfig;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Reads the coordinator's and the worker's settings from options and environment variables, once, at start. */
final class Settings {

    private Settings() {
    }

    static Topics topics(Map<String, String> env) {
        return new Topics(env.getOrDefault("BUILDLINE_TOPIC_PREFIX", Topics.DEFAULT_PREFIX));
    }

    /**
     * BUILDLINE_REQUEST_KEY: coordinators sign build requests with it, workers build only what it signed. A
     * {@code coordinator} or {@code worker} without one does not start.
     */
    static RequestKey requestKey(Map<String, String> env) {
        try {
            return RequestKey.of(env.get(RequestKey.VARIABLE));
        } catch (RequestKey.InvalidRequestKeyException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** {@code dev}'s key for its embedded coordinator and worker: BUILDLINE_REQUEST_KEY when set, else a random one. */
    static RequestKey devRequestKey(Map<String, String> env) {
        String value = env.get(RequestKey.VARIABLE);
        return value == null || value.isBlank() ? RequestKey.random() : requestKey(env);
    }

    /** A {@code coordinator}'s settings: without any image prefix configured, pushes are refused. */
    static CoordinatorSettings coordinator(int httpPort, Map<String, String> env, KafkaSettings kafka, Path dataDir) {
        return coordinator(httpPort, env, kafka, dataDir, false, requestKey(env));
    }

    /**
     * @param httpPort   {@code --http-port} (BUILDLINE_HTTP_PORT), as the launcher read it
     * @param dev        {@code dev}: without any image prefix configured, every image name is allowed
     * @param requestKey what the coordinator signs build requests with
     */
    static CoordinatorSettings coordinator(int httpPort, Map<String, String> env, KafkaSettings kafka, Path dataDir,
                                           boolean dev, RequestKey requestKey) {
        return new CoordinatorSettings(
                kafka,
                topics(env),
                httpPort,
                env.get("BUILDLINE_WEBHOOK_SECRET"),
                env.get("BUILDLINE_GITLAB_TOKEN"),
                env.get("BUILDLINE_GITLAB_SIGNING_KEY"),
                env.get("BUILDLINE_API_TOKEN"),
                list(env.get("BUILDLINE_ALLOWED_REPOS")),
                env.getOrDefault("BUILDLINE_CONFIG_PATH", "devspace.yaml"),
                dataDir,
                env.get("BUILDLINE_GIT_USERNAME"),
                env.get("BUILDLINE_GIT_TOKEN"),
                CoordinatorSettings.DEFAULT_BODY_LIMIT,
                (int) number(env, "BUILDLINE_MAX_BUILDS", 10_000),
                repositories(env).withPolicy(buildPolicy(env, dev)),
                null,
                requestKey);
    }

    static final String ALLOWED_IMAGES = PolicyFiles.ALLOWED_IMAGES;
    static final String REPOSITORIES_FILE = PolicyFiles.REPOSITORIES_FILE;

    /** BUILDLINE_ALLOWED_IMAGES and BUILDLINE_BUILDERS_FILE: see {@link PolicyFiles#buildPolicy}. */
    static BuildPolicySettings buildPolicy(Map<String, String> env, boolean dev) {
        return PolicyFiles.buildPolicy(env, dev);
    }

    /**
     * BUILDLINE_REPOSITORIES_FILE, read once at start: per repository the config path, variable values, profiles,
     * the server environment variables it may read and its grants. A file that cannot be used stops the start.
     */
    static RepositorySettings repositories(Map<String, String> env) {
        String file = env.get(REPOSITORIES_FILE);
        if (file == null || file.isBlank()) {
            return new RepositorySettings(List.of(), env.getOrDefault("BUILDLINE_CONFIG_PATH", "devspace.yaml"),
                    env.get("BUILDLINE_NAMESPACE"), env.get("BUILDLINE_KUBE_CONTEXT"));
        }
        return PolicyFiles.repositories(file, REPOSITORIES_FILE, env);
    }

    static final String WORKER_HTTP_PORT = "BUILDLINE_WORKER_HTTP_PORT";

    static OpsSettings ops(Map<String, String> env) {
        return new OpsSettings(env.getOrDefault("BUILDLINE_WORKER_GROUP", OpsSettings.DEFAULT_WORKER_GROUP),
                OpsSettings.defaults().lagInterval(),
                number(env, "BUILDLINE_FOLLOWER_MAX_LAG", OpsSettings.DEFAULT_FOLLOWER_MAX_LAG, 0, Long.MAX_VALUE));
    }

    /** The worker's operations port (0 takes a free one); {@code dev} opens it only when the variable is set. */
    static int workerHttpPort(Map<String, String> env) {
        return (int) number(env, WORKER_HTTP_PORT, 8081, 0, 65535);
    }

    /** @param concurrency {@code --workers} (BUILDLINE_WORKER_CONCURRENCY), as the launcher read it */
    static WorkerSettings worker(int concurrency, Map<String, String> env, KafkaSettings kafka, Path dataDir) {
        return worker(concurrency, env, kafka, dataDir, requestKey(env));
    }

    /** @param requestKey what the worker verifies build requests with */
    static WorkerSettings worker(int concurrency, Map<String, String> env, KafkaSettings kafka, Path dataDir,
                                 RequestKey requestKey) {
        return new WorkerSettings(
                kafka,
                topics(env),
                env.getOrDefault("BUILDLINE_WORKER_GROUP", OpsSettings.DEFAULT_WORKER_GROUP),
                env.getOrDefault("BUILDLINE_WORKER_ID", hostName() + "-" + ProcessHandle.current().pid()),
                concurrency,
                dataDir,
                env.get("BUILDLINE_GIT_USERNAME"),
                env.get("BUILDLINE_GIT_TOKEN"),
                Duration.ofMinutes(number(env, "BUILDLINE_BUILD_TIMEOUT_MINUTES", WorkerSettings.DEFAULT_BUILD_TIMEOUT.toMinutes())),
                policy(env.getOrDefault("BUILDLINE_SUPERSEDE_POLICY", SupersedePolicy.CANCEL_RUNNING.wireName())),
                (int) number(env, "BUILDLINE_BUILD_MAX_ATTEMPTS", WorkerSettings.DEFAULT_MAX_ATTEMPTS),
                Duration.ofMillis(number(env, "BUILDLINE_RETRY_BACKOFF_MS", WorkerSettings.DEFAULT_RETRY_BACKOFF.toMillis())),
                Duration.ofSeconds(number(env, "BUILDLINE_DRAIN_GRACE_SECONDS", WorkerSettings.DEFAULT_DRAIN_GRACE.toSeconds())),
                (int) number(env, "BUILDLINE_LOG_MAX_LINES", WorkerSettings.DEFAULT_MAX_LOG_LINES),
                Duration.ofMillis(number(env, "BUILDLINE_KAFKA_SESSION_TIMEOUT_MS",
                        WorkerSettings.DEFAULT_SESSION_TIMEOUT.toMillis())),
                number(env, "BUILDLINE_GIT_PACK_CACHE_MB", WorkerSettings.DEFAULT_GIT_PACK_CACHE_MB, 1, 1L << 20)
                        << 20,
                requestKey);
    }

    /** A positive number from the environment; anything else is a usage error naming the variable. */
    static long number(Map<String, String> env, String name, long fallback) {
        return number(env, name, fallback, 1, Long.MAX_VALUE);
    }

    /**
     * The one parser of the numbers Buildline reads from variables alone (an option's number is picocli's): a value
     * outside {@code [min, max]}, or not a number, is a usage error naming the variable and the value.
     */
    static long number(Map<String, String> env, String name, long fallback, long min, long max) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        long parsed;
        try {
            parsed = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be a number, got '" + value + "'");
        }
        if (parsed < min || parsed > max) {
            throw new UsageException(name + " must be " + (max == Long.MAX_VALUE ? "at least " + min
                    : "from " + min + " to " + max) + ", got " + parsed);
        }
        return parsed;
    }

    private static SupersedePolicy policy(String value) {
        try {
            return SupersedePolicy.fromWire(value.trim());
        } catch (IllegalArgumentException e) {
            throw new UsageException("BUILDLINE_SUPERSEDE_POLICY: " + e.getMessage());
        }
    }

    /** Partitions of the topics Buildline creates when they are missing. */
    static int topicPartitions(Map<String, String> env) {
        return (int) number(env, "BUILDLINE_TOPIC_PARTITIONS", 6);
    }

    /** Replication factor of created topics; -1 (the default) is the broker's default. */
    static short topicReplication(Map<String, String> env) {
        long factor = number(env, "BUILDLINE_TOPIC_REPLICATION", -1, -1, Short.MAX_VALUE);
        if (factor == 0) {
            throw new UsageException("BUILDLINE_TOPIC_REPLICATION must be -1 (the broker's default) or at least 1, "
                    + "got 0");
        }
        return (short) factor;
    }

    /**
     * {@code min.insync.replicas} of created topics ({@code BUILDLINE_TOPIC_MIN_INSYNC}); -1 (the default) is 2 for a
     * topic of 3 replicas or more, else the cluster's default.
     */
    static int topicMinInsync(Map<String, String> env) {
        long value = number(env, "BUILDLINE_TOPIC_MIN_INSYNC", MinInsync.BY_REPLICATION, -1, Short.MAX_VALUE);
        if (value == 0) {
            throw new UsageException("BUILDLINE_TOPIC_MIN_INSYNC must be -1 (2 from 3 replicas up) or at least 1, "
                    + "got 0");
        }
        return (int) value;
    }

    /** Where a worker builds (one kube reading, {@link WorkerKube}), and what its processes (buildx) need besides. */
    record WorkerSite(WorkerKube kube, Map<String, String> processEnv) {

        BuildSite site() {
            return kube.site();
        }
    }

    /**
     * The worker's kube reading, after {@link ServiceAccountKubeconfig} wrote a kubeconfig when the worker runs in a pod
     * without one: then builders are in the pod's namespace, and buildx gets {@code KUBECONFIG}.
     */
    static WorkerSite workerSite(Map<String, String> env, Path serviceAccount, Path home) throws IOException {
        Map<String, String> processEnv = ServiceAccountKubeconfig.environment(env, serviceAccount, home);
        return new WorkerSite(WorkerKube.load(env, processEnv.get("KUBECONFIG")), processEnv);
    }

    /** The cluster and client properties of every Kafka client: see {@link KafkaSettings#fromEnvironment}. */
    static KafkaSettings kafka(Map<String, String> env) {
        try {
            return KafkaSettings.fromEnvironment(env);
        } catch (InvalidKafkaSettingsException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static List<String> list(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return List.of();
        }
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "worker";
        }
    }
}
