package dev.buildline.app;

import dev.buildline.app.cli.CliOptions;
import dev.buildline.common.kube.KubeConfig;
import dev.buildline.common.kube.KubeContext;
import dev.buildline.common.messages.Topics;
import dev.buildline.common.plan.BuildSite;
import dev.buildline.coordinator.CoordinatorSettings;
import dev.buildline.worker.WorkerSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the coordinator's and the worker's settings from options and environment variables, once, at start. */
final class Settings {

    private Settings() {
    }

    static Topics topics(Map<String, String> env) {
        return new Topics(env.getOrDefault("BUILDLINE_TOPIC_PREFIX", Topics.DEFAULT_PREFIX));
    }

    static CoordinatorSettings coordinator(CliOptions options, Map<String, String> env, String bootstrap, Path dataDir) {
        return new CoordinatorSettings(
                bootstrap,
                topics(env),
                options.intValue(Main.HTTP_PORT, 8080),
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
                Integer.parseInt(env.getOrDefault("BUILDLINE_MAX_BUILDS", "10000")));
    }

    static WorkerSettings worker(CliOptions options, Map<String, String> env, String bootstrap, Path dataDir) {
        return new WorkerSettings(
                bootstrap,
                topics(env),
                env.getOrDefault("BUILDLINE_WORKER_GROUP", "buildline-workers"),
                env.getOrDefault("BUILDLINE_WORKER_ID", hostName() + "-" + ProcessHandle.current().pid()),
                options.intValue(Main.WORKERS, 2),
                dataDir,
                env.get("BUILDLINE_GIT_USERNAME"),
                env.get("BUILDLINE_GIT_TOKEN"),
                Duration.ofMinutes(Long.parseLong(env.getOrDefault("BUILDLINE_BUILD_TIMEOUT_MINUTES", "30"))));
    }

    /**
     * Where a worker builds: the kube context BUILDLINE_KUBE_CONTEXT (else the kubeconfig's current one) and
     * BUILDLINE_NAMESPACE, read as {@code buildline plan} reads them; no kubeconfig means the local daemon.
     */
    static BuildSite buildSite(Map<String, String> env) {
        Optional<KubeContext> context = KubeConfig.load(env, Path.of(System.getProperty("user.home")))
                .context(env.get("BUILDLINE_KUBE_CONTEXT"));
        return BuildSite.of(context, env.get("BUILDLINE_NAMESPACE"), false);
    }

    static String bootstrap(Map<String, String> env) {
        String bootstrap = env.get("BUILDLINE_KAFKA_BOOTSTRAP");
        if (bootstrap == null || bootstrap.isBlank()) {
            throw new CliOptions.UsageException("BUILDLINE_KAFKA_BOOTSTRAP (host:port of the Kafka cluster) is not set");
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
