package dev.buildline.app;

import dev.buildline.common.messages.Topics;
import dev.buildline.coordinator.CoordinatorSettings;
import dev.buildline.coordinator.ops.OpsSettings;
import dev.buildline.worker.WorkerSettings;
import java.net.InetAddress;
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

    static CoordinatorSettings coordinator(Options options, Map<String, String> env, String bootstrap, Path dataDir) {
        return new CoordinatorSettings(
                bootstrap,
                topics(env),
                options.getInt("--http-port", "BUILDLINE_HTTP_PORT", 8080),
                env.get("BUILDLINE_WEBHOOK_SECRET"),
                env.get("BUILDLINE_GITLAB_TOKEN"),
                env.get("BUILDLINE_API_TOKEN"),
                list(env.get("BUILDLINE_ALLOWED_REPOS")),
                env.getOrDefault("BUILDLINE_CONFIG_PATH", "devspace.yaml"),
                dataDir,
                env.get("BUILDLINE_GIT_USERNAME"),
                env.get("BUILDLINE_GIT_TOKEN"),
                CoordinatorSettings.DEFAULT_BODY_LIMIT,
                Integer.parseInt(env.getOrDefault("BUILDLINE_MAX_BUILDS", "10000")));
    }

    static final String WORKER_HTTP_PORT = "BUILDLINE_WORKER_HTTP_PORT";

    static OpsSettings ops(Map<String, String> env) {
        return new OpsSettings(env.getOrDefault("BUILDLINE_WORKER_GROUP", OpsSettings.DEFAULT_WORKER_GROUP),
                OpsSettings.defaults().lagInterval());
    }

    /** The worker's operations port; {@code dev} opens it only when the variable is set. */
    static int workerHttpPort(Map<String, String> env) {
        String value = env.getOrDefault(WORKER_HTTP_PORT, "8081").strip();
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new Options.UsageException(WORKER_HTTP_PORT + " must be a number, got " + value);
        }
    }

    static WorkerSettings worker(Options options, Map<String, String> env, String bootstrap, Path dataDir) {
        return new WorkerSettings(
                bootstrap,
                topics(env),
                env.getOrDefault("BUILDLINE_WORKER_GROUP", OpsSettings.DEFAULT_WORKER_GROUP),
                env.getOrDefault("BUILDLINE_WORKER_ID", hostName() + "-" + ProcessHandle.current().pid()),
                options.getInt("--workers", "BUILDLINE_WORKER_CONCURRENCY", 2),
                dataDir,
                env.get("BUILDLINE_GIT_USERNAME"),
                env.get("BUILDLINE_GIT_TOKEN"),
                Duration.ofMinutes(Long.parseLong(env.getOrDefault("BUILDLINE_BUILD_TIMEOUT_MINUTES", "30"))));
    }

    static String bootstrap(Map<String, String> env) {
        String bootstrap = env.get("BUILDLINE_KAFKA_BOOTSTRAP");
        if (bootstrap == null || bootstrap.isBlank()) {
            throw new Options.UsageException("BUILDLINE_KAFKA_BOOTSTRAP (host:port of the Kafka cluster) is not set");
        }
        return bootstrap;
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
