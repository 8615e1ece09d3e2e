package dev.buildline.app;

import dev.buildline.app.cli.CliOptions;
import dev.buildline.app.cli.CliOptions.Option;
import dev.buildline.app.cli.PlanCommand;
import dev.buildline.app.cli.ValidateCommand;
import dev.buildline.app.kafka.EmbeddedKafka;
import dev.buildline.app.kafka.TopicSetup;
import dev.buildline.common.plan.BuildSite;
import dev.buildline.ops.OpsMeters;
import dev.buildline.runtime.kafka.KafkaClients;
import dev.buildline.runtime.kafka.KafkaSettings;
import dev.buildline.worker.incluster.ServiceAccountKubeconfig;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** {@code buildline dev | kafka | coordinator | worker | plan | validate}: the one launcher and composition root. */
public final class Main {

    private static final String USAGE = """
            usage: buildline <command> [options]
              dev          embedded Kafka + coordinator + worker on the local Docker daemon
                           --http-port (8080) --kafka-port (9092) --data (temp dir) --workers (2)
              kafka        the embedded single-node KRaft broker alone: --port (9092) --data
              coordinator  webhooks, API and dashboard against BUILDLINE_KAFKA_BOOTSTRAP: --http-port --data
              worker       claims and runs builds against BUILDLINE_KAFKA_BOOTSTRAP: --workers --data
                           (/metrics and /health/* on BUILDLINE_WORKER_HTTP_PORT, 8081)
              plan         -f devspace.yaml [--image N] [--namespace NS] [--kube-context CTX] [--skip-push] [--tag T]
              validate     -f devspace.yaml
            """;

    static final Option HTTP_PORT = new Option("http-port", null, "BUILDLINE_HTTP_PORT", true);
    static final Option KAFKA_PORT = new Option("kafka-port", null, "BUILDLINE_KAFKA_PORT", true);
    static final Option PORT = new Option("port", null, "BUILDLINE_KAFKA_PORT", true);
    static final Option DATA = new Option("data", null, "BUILDLINE_DATA", true);
    static final Option WORKERS = new Option("workers", null, "BUILDLINE_WORKER_CONCURRENCY", true);

    private final Map<String, String> env;
    private final PrintStream out;
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();

    Main(Map<String, String> env, PrintStream out) {
        this.env = env;
        this.out = out;
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.print(USAGE);
            System.exit(2);
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        Main main = new Main(System.getenv(), System.out);
        int exit;
        try {
            exit = main.run(args[0], rest);
        } catch (CliOptions.UsageException e) {
            System.err.println("buildline " + args[0] + ": " + e.getMessage());
            main.close();
            exit = 2;
        } catch (Exception e) {
            System.err.println("buildline " + args[0] + " failed: " + e.getMessage());
            main.close();
            exit = 1;
        }
        if (exit >= 0) {
            System.exit(exit);
        }
    }

    /** Runs a command; a negative result means "serving until SIGTERM". */
    int run(String command, List<String> args) throws Exception {
        switch (command) {
            case "dev" -> dev(CliOptions.parse(args, List.of(HTTP_PORT, KAFKA_PORT, DATA, WORKERS), env));
            case "kafka" -> kafka(CliOptions.parse(args, List.of(PORT, DATA), env));
            case "coordinator" -> coordinator(CliOptions.parse(args, List.of(HTTP_PORT, DATA), env));
            case "worker" -> worker(CliOptions.parse(args, List.of(WORKERS, DATA), env));
            case "plan" -> {
                return PlanCommand.run(args, out, System.err);
            }
            case "validate" -> {
                return ValidateCommand.run(args, out, System.err);
            }
            case "help", "--help", "-h" -> {
                out.print(USAGE);
                return 0;
            }
            default -> throw new CliOptions.UsageException("unknown command " + command + "\n" + USAGE);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "buildline-shutdown"));
        return -1;
    }

    private void dev(CliOptions options) throws Exception {
        options.intValue(HTTP_PORT, 0); // a wrong number is reported before anything starts
        options.intValue(WORKERS, 0);
        String problem = BuildHostCheck.problem();
        if (problem != null) {
            throw new IllegalStateException(problem);
        }
        Path data = dataDir(options, "buildline-dev");
        EmbeddedKafka kafka = hold(EmbeddedKafka.start(data, options.intValue(KAFKA_PORT, 9092)));
        TopicSetup.ensure(kafka.bootstrapServers(), Settings.topics(env), partitions(), (short) 1);
        Vertx vertx = Vertx.vertx();
        hold(() -> vertx.close().await());
        KafkaSettings embedded = KafkaSettings.plaintext(kafka.bootstrapServers());
        // one process: one /metrics with the coordinator's and the worker's meters, one /health/live for both
        OpsMeters meters = hold(new OpsMeters());
        WorkerProcess worker = hold(WorkerProcess.start(Settings.worker(options, env, embedded, data),
                BuildSite.localDaemon(), meters.registry()));
        CoordinatorProcess coordinator = hold(CoordinatorProcess.start(vertx,
                Settings.coordinator(options, env, embedded, data), Settings.ops(env), meters, worker.liveness()));
        if (env.containsKey(Settings.WORKER_HTTP_PORT)) {
            hold(WorkerOps.start(vertx, new KafkaClients(embedded), Settings.topics(env), meters, Settings.ops(env),
                    Settings.workerHttpPort(env), false, worker));
        }
        out.println("buildline ready http://127.0.0.1:" + coordinator.httpPort());
        out.flush();
    }

    private void kafka(CliOptions options) throws IOException {
        Path data = dataDir(options, "buildline-kafka");
        EmbeddedKafka kafka = hold(EmbeddedKafka.start(data, options.intValue(PORT, 9092)));
        TopicSetup.ensure(kafka.bootstrapServers(), Settings.topics(env), partitions(), (short) 1);
        out.println("kafka ready " + kafka.bootstrapServers());
        out.flush();
    }

    private void coordinator(CliOptions options) throws Exception {
        KafkaSettings kafka = Settings.kafka(env);
        TopicSetup.ensure(new KafkaClients(kafka), Settings.topics(env), partitions(), replication());
        Vertx vertx = Vertx.vertx();
        hold(() -> vertx.close().await());
        CoordinatorProcess coordinator = hold(CoordinatorProcess.start(vertx,
                Settings.coordinator(options, env, kafka, dataDir(options, "buildline-coordinator")),
                Settings.ops(env)));
        out.println("coordinator ready http://127.0.0.1:" + coordinator.httpPort());
        out.flush();
    }

    private void worker(CliOptions options) throws Exception {
        String problem = BuildHostCheck.problem();
        if (problem != null) {
            throw new IllegalStateException(problem);
        }
        KafkaClients kafka = new KafkaClients(Settings.kafka(env));
        TopicSetup.ensure(kafka, Settings.topics(env), partitions(), replication());
        Settings.WorkerSite site = Settings.workerSite(env, ServiceAccountKubeconfig.SERVICE_ACCOUNT,
                Path.of(System.getProperty("user.home")));
        OpsMeters meters = hold(new OpsMeters());
        WorkerProcess worker = hold(WorkerProcess.start(Settings.worker(options, env, kafka.settings(),
                dataDir(options, "buildline-worker")), site.site(), site.kube()::client, site.processEnv(),
                meters.registry()));
        Vertx vertx = Vertx.vertx();
        hold(() -> vertx.close().await());
        // the default port may be another worker's on this host; a port the operator chose is never swapped
        WorkerOps ops = hold(WorkerOps.start(vertx, kafka, Settings.topics(env), meters, Settings.ops(env),
                Settings.workerHttpPort(env), !env.containsKey(Settings.WORKER_HTTP_PORT), worker));
        out.println("worker ready http://127.0.0.1:" + ops.port() + "/health/ready");
        out.flush();
    }

    private int partitions() {
        return Settings.topicPartitions(env);
    }

    private short replication() {
        return Settings.topicReplication(env);
    }

    private Path dataDir(CliOptions options, String tempPrefix) throws IOException {
        String configured = options.value(DATA, null);
        Path dir = configured != null ? Path.of(configured) : Files.createTempDirectory(tempPrefix);
        Files.createDirectories(dir);
        return dir;
    }

    private <T extends AutoCloseable> T hold(T resource) {
        resources.push(resource);
        return resource;
    }

    /** Closes everything started, newest first. */
    synchronized void close() {
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                System.err.println("buildline: error while stopping: " + e.getMessage());
            }
        }
    }
}
