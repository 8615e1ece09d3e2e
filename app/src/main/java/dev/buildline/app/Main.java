package dev.buildline.app;

import dev.buildline.app.cli.EnvVar;
import dev.buildline.app.cli.FlagValue;
import dev.buildline.app.cli.HelpOption;
import dev.buildline.app.cli.Launcher;
import dev.buildline.app.cli.PlanCommand;
import dev.buildline.app.cli.UsageException;
import dev.buildline.app.cli.ValidateCommand;
import dev.buildline.app.kafka.EmbeddedKafka;
import dev.buildline.app.kafka.TopicSetup;
import dev.buildline.common.messages.RequestKey;
import dev.buildline.common.plan.BuildSite;
import dev.buildline.coordinator.CoordinatorSettings;
import dev.buildline.coordinator.status.ReporterSettings;
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
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * {@code buildline dev | kafka | coordinator | worker | plan | validate}: the one launcher and composition root. The
 * command line is read by picocli ({@link Launcher}); every option falls back to its environment variable.
 */
@Command(name = "buildline", subcommands = HelpCommand.class,
        description = "Builds the images of devspace.yaml files as a service. Every option also reads an environment "
                + "variable; 'buildline <command> --help' names them.")
public final class Main {

    /** What a command that keeps serving (until SIGTERM) returns instead of an exit code. */
    static final int SERVING = -1;

    @Mixin
    HelpOption help;

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();

    Main(Map<String, String> env, PrintStream out) {
        this(env, out, System.err);
    }

    Main(Map<String, String> env, PrintStream out, PrintStream err) {
        this.env = env;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        int exit = new Main(System.getenv(), System.out, System.err).execute(args);
        if (exit != SERVING) {
            System.exit(exit);
        }
    }

    /** Runs a command line; {@link #SERVING} means "serving until SIGTERM", else the exit code. */
    int execute(String... argv) {
        int exit = commandLine().execute(argv);
        out.flush();
        err.flush();
        if (exit == SERVING) {
            Runtime.getRuntime().addShutdownHook(new Thread(this::close, "buildline-shutdown"));
        } else if (exit != 0) {
            close(); // what a failed start had opened already
        }
        return exit;
    }

    /** Runs {@code command} with {@code args}, as {@link #execute} does. */
    int run(String command, List<String> args) {
        List<String> argv = new ArrayList<>(args.size() + 1);
        argv.add(command);
        argv.addAll(args);
        return execute(argv.toArray(String[]::new));
    }

    /** The options of a command line, read as {@link #execute} reads them, without running anything. */
    Object options(String... argv) {
        ParseResult parsed = commandLine().parseArgs(argv);
        return parsed.subcommand().commandSpec().userObject();
    }

    CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(this)
                .addSubcommand(new Dev())
                .addSubcommand(new Kafka())
                .addSubcommand(new Coordinator())
                .addSubcommand(new Worker())
                .addSubcommand(PlanCommand.of(out, err, env))
                .addSubcommand(new ValidateCommand(out, err));
        return Launcher.configure(commandLine, env, out, err);
    }

    /** {@code --http-port}: where the coordinator serves webhooks, the API and the dashboard. */
    static final class HttpPortOption {
        @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "8080",
                description = "Port of webhooks, API and dashboard; 0 takes a free one (env BUILDLINE_HTTP_PORT, "
                        + "default ${DEFAULT-VALUE}).")
        @EnvVar("BUILDLINE_HTTP_PORT")
        int port;
    }

    /** {@code --http-host} of {@code dev}: this machine alone unless told otherwise. */
    static final class DevHttpHostOption {
        @Option(names = "--http-host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
                description = "Address of webhooks, API and dashboard; without BUILDLINE_API_TOKEN only a loopback "
                        + "address serves (env BUILDLINE_HTTP_HOST, default ${DEFAULT-VALUE}).")
        @EnvVar("BUILDLINE_HTTP_HOST")
        String host;
    }

    /** {@code --http-host} of {@code coordinator}: every interface, as a server in a container or pod needs. */
    static final class CoordinatorHttpHostOption {
        @Option(names = "--http-host", paramLabel = "ADDRESS", defaultValue = "0.0.0.0",
                description = "Address of webhooks, API and dashboard (env BUILDLINE_HTTP_HOST, default "
                        + "${DEFAULT-VALUE}).")
        @EnvVar("BUILDLINE_HTTP_HOST")
        String host;
    }

    /** {@code --insecure-open-api}: serve /api without BUILDLINE_API_TOKEN, on purpose ({@link ApiDoor}). */
    static final class InsecureOpenApiOption {
        @Option(names = "--insecure-open-api", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
                converter = FlagValue.class,
                description = "Serve the API without BUILDLINE_API_TOKEN: anyone who reaches it can start builds "
                        + "(env BUILDLINE_INSECURE_OPEN_API, default false; warned at start).")
        @EnvVar("BUILDLINE_INSECURE_OPEN_API")
        boolean open;
    }

    /** {@code --workers}: builds a worker runs at once. */
    static final class WorkersOption {
        @Option(names = "--workers", paramLabel = "N", defaultValue = "2",
                description = "Builds run at once (env BUILDLINE_WORKER_CONCURRENCY, default ${DEFAULT-VALUE}).")
        @EnvVar("BUILDLINE_WORKER_CONCURRENCY")
        int count;
    }

    /** {@code --data}: git mirrors, the broker's log, scratch space. */
    static final class DataOption {
        @Option(names = "--data", paramLabel = "DIR",
                description = "Data directory (env BUILDLINE_DATA, default: a new temporary directory).")
        @EnvVar("BUILDLINE_DATA")
        String dir;
    }

    @Command(name = "dev", sortOptions = false,
            description = "Embedded Kafka + coordinator + worker on the local Docker daemon.")
    final class Dev implements Callable<Integer> {
        @Mixin
        HelpOption help;
        @Mixin
        HttpPortOption httpPort;
        @Mixin
        DevHttpHostOption httpHost;
        @Mixin
        InsecureOpenApiOption insecureOpenApi;
        @Option(names = "--kafka-port", paramLabel = "PORT", defaultValue = "9092",
                description = "Port of the embedded broker (env BUILDLINE_KAFKA_PORT, default ${DEFAULT-VALUE}).")
        @EnvVar("BUILDLINE_KAFKA_PORT")
        int kafkaPort;
        @Mixin
        DataOption data;
        @Mixin
        WorkersOption workers;

        @Override
        public Integer call() throws Exception {
            dev(this);
            return SERVING;
        }
    }

    @Command(name = "kafka", sortOptions = false,
            description = "The embedded single-node KRaft broker alone; prints 'kafka ready 127.0.0.1:<port>'.")
    final class Kafka implements Callable<Integer> {
        @Mixin
        HelpOption help;
        @Option(names = "--port", paramLabel = "PORT", defaultValue = "9092",
                description = "Port of the broker (env BUILDLINE_KAFKA_PORT, default ${DEFAULT-VALUE}).")
        @EnvVar("BUILDLINE_KAFKA_PORT")
        int port;
        @Mixin
        DataOption data;

        @Override
        public Integer call() throws Exception {
            kafka(this);
            return SERVING;
        }
    }

    @Command(name = "coordinator", sortOptions = false,
            description = "Webhooks, API and dashboard against BUILDLINE_KAFKA_BOOTSTRAP.")
    final class Coordinator implements Callable<Integer> {
        @Mixin
        HelpOption help;
        @Mixin
        HttpPortOption httpPort;
        @Mixin
        CoordinatorHttpHostOption httpHost;
        @Mixin
        InsecureOpenApiOption insecureOpenApi;
        @Mixin
        DataOption data;

        int httpPort() {
            return httpPort.port;
        }

        String httpHost() {
            return httpHost.host;
        }

        @Override
        public Integer call() throws Exception {
            coordinator(this);
            return SERVING;
        }
    }

    @Command(name = "worker", sortOptions = false,
            description = "Claims and runs builds against BUILDLINE_KAFKA_BOOTSTRAP; /metrics and /health/* on "
                    + "BUILDLINE_WORKER_HTTP_PORT (8081).")
    final class Worker implements Callable<Integer> {
        @Mixin
        HelpOption help;
        @Mixin
        WorkersOption workers;
        @Mixin
        DataOption data;

        int workers() {
            return workers.count;
        }

        @Override
        public Integer call() throws Exception {
            worker(this);
            return SERVING;
        }
    }

    private void dev(Dev options) throws Exception {
        openApiDoor("dev", options.httpHost.host, options.insecureOpenApi.open);
        String problem = BuildHostCheck.problem();
        if (problem != null) {
            throw new IllegalStateException(problem);
        }
        Path data = dataDir(options.data, "buildline-dev");
        EmbeddedKafka kafka = hold(EmbeddedKafka.start(data, options.kafkaPort));
        TopicSetup.ensure(kafka.bootstrapServers(), Settings.topics(env), partitions(), (short) 1);
        Vertx vertx = Vertx.vertx();
        hold(() -> vertx.close().await());
        KafkaSettings embedded = KafkaSettings.plaintext(kafka.bootstrapServers());
        // one process: one /metrics with the coordinator's and the worker's meters, one /health/live for both
        OpsMeters meters = hold(new OpsMeters());
        // the embedded pair shares one key: the worker builds what this coordinator signed, and nothing else
        RequestKey requestKey = Settings.devRequestKey(env);
        WorkerProcess worker = hold(WorkerProcess.start(Settings.worker(options.workers.count, env, embedded, data,
                requestKey), BuildSite.localDaemon(), meters.registry()));
        CoordinatorSettings settings = Settings.coordinator(options.httpPort.port, env, embedded, data, true,
                requestKey).listeningOn(options.httpHost.host);
        if (settings.repositories().policy().allowsEveryImage()) {
            err.println("buildline dev: no image prefixes configured (" + Settings.ALLOWED_IMAGES + ", or images in "
                    + Settings.REPOSITORIES_FILE + "): every image name is allowed; a coordinator refuses such pushes");
        }
        CoordinatorProcess coordinator = hold(CoordinatorProcess.start(vertx, settings, Settings.ops(env), meters,
                worker.liveness(), ReporterSettings.fromEnvironment(env)));
        if (env.containsKey(Settings.WORKER_HTTP_PORT)) {
            hold(WorkerOps.start(vertx, new KafkaClients(embedded), Settings.topics(env), meters, Settings.ops(env),
                    Settings.workerHttpPort(env), false, worker));
        }
        out.println("buildline ready http://127.0.0.1:" + coordinator.httpPort());
        out.flush();
    }

    private void kafka(Kafka options) throws IOException {
        Path data = dataDir(options.data, "buildline-kafka");
        EmbeddedKafka kafka = hold(EmbeddedKafka.start(data, options.port));
        TopicSetup.ensure(kafka.bootstrapServers(), Settings.topics(env), partitions(), (short) 1);
        out.println("kafka ready " + kafka.bootstrapServers());
        out.flush();
    }

    private void coordinator(Coordinator options) throws Exception {
        openApiDoor("coordinator", options.httpHost(), options.insecureOpenApi.open);
        RequestKey requestKey = Settings.requestKey(env); // before anything connects: no key, no start
        KafkaSettings kafka = Settings.kafka(env);
        TopicSetup.ensure(new KafkaClients(kafka), Settings.topics(env), partitions(), replication(), minInsync());
        Vertx vertx = Vertx.vertx();
        hold(() -> vertx.close().await());
        CoordinatorProcess coordinator = hold(CoordinatorProcess.start(vertx,
                Settings.coordinator(options.httpPort(), env, kafka, dataDir(options.data, "buildline-coordinator"),
                        false, requestKey).listeningOn(options.httpHost()),
                Settings.ops(env), ReporterSettings.fromEnvironment(env)));
        out.println("coordinator ready http://127.0.0.1:" + coordinator.httpPort());
        out.flush();
    }

    private void worker(Worker options) throws Exception {
        RequestKey requestKey = Settings.requestKey(env); // before anything connects: no key, no start
        String problem = BuildHostCheck.problem();
        if (problem != null) {
            throw new IllegalStateException(problem);
        }
        KafkaClients kafka = new KafkaClients(Settings.kafka(env));
        TopicSetup.ensure(kafka, Settings.topics(env), partitions(), replication(), minInsync());
        Settings.WorkerSite site = Settings.workerSite(env, ServiceAccountKubeconfig.SERVICE_ACCOUNT,
                Path.of(System.getProperty("user.home")));
        OpsMeters meters = hold(new OpsMeters());
        WorkerProcess worker = hold(WorkerProcess.start(Settings.worker(options.workers(), env, kafka.settings(),
                dataDir(options.data, "buildline-worker"), requestKey), site.site(), site.kube()::client,
                site.processEnv(), meters.registry()));
        Vertx vertx = Vertx.vertx();
        hold(() -> vertx.close().await());
        // the default port may be another worker's on this host; a port the operator chose is never swapped
        WorkerOps ops = hold(WorkerOps.start(vertx, kafka, Settings.topics(env), meters, Settings.ops(env),
                Settings.workerHttpPort(env), !env.containsKey(Settings.WORKER_HTTP_PORT), worker));
        out.println("worker ready http://127.0.0.1:" + ops.port() + "/health/ready");
        out.flush();
    }

    /** Stops a start whose API would be open by accident ({@link ApiDoor}); warns when it is open on purpose. */
    private void openApiDoor(String command, String httpHost, boolean insecureOpen) {
        String token = env.get("BUILDLINE_API_TOKEN");
        ApiDoor door = ApiDoor.decide(command.equals("dev"), httpHost, token != null && !token.isBlank(),
                insecureOpen);
        if (door.kind() == ApiDoor.Kind.REFUSED) {
            throw new UsageException(door.message());
        }
        if (door.kind() == ApiDoor.Kind.OPEN_ON_PURPOSE) {
            err.println("buildline " + command + ": warning: " + door.message());
            err.flush();
        }
    }

    private int partitions() {
        return Settings.topicPartitions(env);
    }

    private short replication() {
        return Settings.topicReplication(env);
    }

    private int minInsync() {
        return Settings.topicMinInsync(env);
    }

    private static Path dataDir(DataOption option, String tempPrefix) throws IOException {
        String configured = option.dir;
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
                err.println("buildline: error while stopping: " + e.getMessage());
            }
        }
    }
}
