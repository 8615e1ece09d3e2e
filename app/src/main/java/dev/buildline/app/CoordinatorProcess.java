package dev.buildline.app;

import dev.buildline.common.config.ConfigParser;
import dev.buildline.common.config.load.ConfigLoader;
import dev.buildline.git.GitMirror;
import dev.buildline.coordinator.CoordinatorSettings;
import dev.buildline.coordinator.CoordinatorVerticle;
import dev.buildline.coordinator.http.ApiRoutes;
import dev.buildline.coordinator.http.ApiWriteGuard;
import dev.buildline.coordinator.http.BearerAuth;
import dev.buildline.coordinator.http.CancelRoute;
import dev.buildline.coordinator.http.HttpApi;
import dev.buildline.coordinator.http.WebRoutes;
import dev.buildline.coordinator.intake.BuildPublisher;
import dev.buildline.coordinator.intake.CommitInspector;
import dev.buildline.coordinator.intake.ConfigChangeConsumer;
import dev.buildline.coordinator.intake.IntakeService;
import dev.buildline.coordinator.intake.RepoAllowList;
import dev.buildline.coordinator.ops.Metrics;
import dev.buildline.coordinator.state.BuildStateView;
import dev.buildline.coordinator.state.EventFollower;
import dev.buildline.coordinator.state.OwnEvents;
import dev.buildline.coordinator.state.ViewReadiness;
import dev.buildline.coordinator.status.ReporterSettings;
import dev.buildline.coordinator.status.StatusConsumer;
import dev.buildline.coordinator.status.StatusMeters;
import dev.buildline.coordinator.status.StatusReporter;
import dev.buildline.coordinator.intake.WebhookSecret;
import dev.buildline.coordinator.webhook.WebhookSecrets;
import dev.buildline.ops.Checks;
import dev.buildline.ops.KafkaProbe;
import dev.buildline.ops.OpsMeters;
import dev.buildline.ops.OpsRoutes;
import dev.buildline.ops.OpsSettings;
import dev.buildline.runtime.kafka.KafkaClients;
import dev.buildline.runtime.kafka.LoopHealth;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.kafka.client.producer.KafkaProducer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires one coordinator: Kafka producer, state view, git mirror, intake, metrics and the HTTP server. */
public final class CoordinatorProcess implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(CoordinatorProcess.class);
    static final String GROUP = "buildline-coordinators";
    /** The commit status reporters' group on build-events, deployed only when a repository has status settings. */
    static final String STATUS_GROUP = GROUP + "-status";

    private final Vertx vertx;
    private final EventFollower follower;
    private final ConfigChangeConsumer configChanges;
    private final BuildPublisher publisher;
    private final WorkerExecutor gitPool;
    private final GitMirror git;
    private final CoordinatorVerticle verticle;
    private final KafkaProbe probe;
    private final Metrics metrics;
    private final AutoCloseable ownMeters;
    private final StatusReporter reporter;
    private final StatusConsumer statuses;

    private CoordinatorProcess(Vertx vertx, EventFollower follower, ConfigChangeConsumer configChanges,
                               BuildPublisher publisher, WorkerExecutor gitPool, GitMirror git, CoordinatorVerticle verticle,
                               KafkaProbe probe, Metrics metrics, AutoCloseable ownMeters,
                               StatusReporter reporter, StatusConsumer statuses) {
        this.vertx = vertx;
        this.follower = follower;
        this.configChanges = configChanges;
        this.publisher = publisher;
        this.gitPool = gitPool;
        this.git = git;
        this.verticle = verticle;
        this.probe = probe;
        this.metrics = metrics;
        this.ownMeters = ownMeters;
        this.reporter = reporter;
        this.statuses = statuses;
    }

    public static CoordinatorProcess start(Vertx vertx, CoordinatorSettings settings) throws InterruptedException {
        return start(vertx, settings, OpsSettings.defaults());
    }

    /** With meters of its own, closed with it, and liveness while it answers. */
    public static CoordinatorProcess start(Vertx vertx, CoordinatorSettings settings, OpsSettings ops)
            throws InterruptedException {
        return start(vertx, settings, ops, ReporterSettings.fromEnvironment(Map.of()));
    }

    /** With meters of its own, and commit statuses posted as {@code reporter} says. */
    public static CoordinatorProcess start(Vertx vertx, CoordinatorSettings settings, OpsSettings ops,
                                           ReporterSettings reporter) throws InterruptedException {
        OpsMeters meters = new OpsMeters();
        try {
            return start(vertx, settings, ops, meters, Checks.none(), meters, reporter);
        } catch (RuntimeException | InterruptedException e) {
            meters.close();
            throw e;
        }
    }

    /**
     * @param meters   where the coordinator's meters go (the caller closes them); in {@code dev}, the worker's too
     * @param liveness what else {@code /health/live} checks: in {@code dev}, the embedded worker's consume loops
     */
    public static CoordinatorProcess start(Vertx vertx, CoordinatorSettings settings, OpsSettings ops, OpsMeters meters,
                                           Checks liveness) throws InterruptedException {
        return start(vertx, settings, ops, meters, liveness, ReporterSettings.fromEnvironment(Map.of()));
    }

    /** @param reporter how commit statuses are posted ({@link ReporterSettings#fromEnvironment}) */
    public static CoordinatorProcess start(Vertx vertx, CoordinatorSettings settings, OpsSettings ops, OpsMeters meters,
                                           Checks liveness, ReporterSettings reporter) throws InterruptedException {
        return start(vertx, settings, ops, meters, liveness, () -> { }, reporter);
    }

    private static CoordinatorProcess start(Vertx vertx, CoordinatorSettings settings, OpsSettings ops,
                                            OpsMeters meters, Checks liveness, AutoCloseable ownMeters,
                                            ReporterSettings reporterSettings)
            throws InterruptedException {
        KafkaClients kafka = new KafkaClients(settings.kafka());
        kafka.verify(); // a refused login or a silent cluster stops the start here, with the reason
        BuildStateView view = new BuildStateView(settings.maxBuildsKept());
        Metrics metrics = new Metrics(view, meters);
        OwnEvents ownEvents = new OwnEvents();
        EventFollower follower = new EventFollower(kafka, settings.topics(), view, ownEvents);
        try {
            vertx.deployVerticle(follower).timeout(30, TimeUnit.SECONDS).await();
        } catch (RuntimeException e) {
            // readiness says "still reading build-events" until it is caught up
            LOGGER.warn("build-events not read up to its end yet: {}", e.getMessage());
        }
        KafkaProducer<String, byte[]> producer =
                KafkaProducer.create(vertx, BuildPublisher.producerConfig(kafka));
        metrics.bindProducer(producer.unwrap());
        BuildPublisher publisher = new BuildPublisher(producer, settings.topics(), metrics, ownEvents,
                settings.requestKey());
        WorkerExecutor gitPool = vertx.createSharedWorkerExecutor("buildline-git", 4);
        RepoAllowList allowList = new RepoAllowList(settings.allowedRepos());
        // credentials go only to the hosts BUILDLINE_ALLOWED_REPOS names, never to a redirect target
        GitMirror git = new GitMirror(settings.dataDir().resolve("coordinator-git"), settings.gitUsername(),
                settings.gitToken(), allowList.allowed());
        IntakeService intake = new IntakeService(allowList,
                new CommitInspector(git, new ConfigLoader(new ConfigParser()), settings.repositories(), allowList),
                publisher, view, gitPool,
                Clock.systemUTC(), new SecureRandom());
        ConfigChangeConsumer configChanges = new ConfigChangeConsumer(kafka,
                GROUP, settings.topics(), intake, publisher, Clock.systemUTC());
        vertx.deployVerticle(configChanges).await();
        StatusReporter reporter = null;
        StatusConsumer statuses = null;
        if (settings.repositories().entries().stream().anyMatch(entry -> entry.status() != null)) {
            reporter = new StatusReporter(vertx, settings.repositories(), reporterSettings,
                    new StatusMeters(metrics.registry()), Clock.systemUTC());
            statuses = new StatusConsumer(kafka, STATUS_GROUP, settings.topics(), reporter);
            vertx.deployVerticle(statuses).await();
        }
        KafkaProbe probe = new KafkaProbe(kafka, vertx.getOrCreateContext());
        ViewReadiness viewReadiness = new ViewReadiness(follower, ops.followerMaxLag());
        List<LoopHealth> loops = statuses == null ? List.of(configChanges.health(), follower.health())
                : List.of(configChanges.health(), follower.health(), statuses.health());
        OpsRoutes opsRoutes = new OpsRoutes(metrics.registry(), () -> {
            Map<String, Future<String>> checks = new LinkedHashMap<>();
            checks.put("kafka", probe.check());
            checks.put("buildState", viewReadiness.check());
            return checks;
        }, Checks.loops(() -> loops).and(liveness));
        BearerAuth auth = new BearerAuth(settings.apiToken());
        WebRoutes routes = new WebRoutes(auth, new ApiWriteGuard(reporterSettings.publicUrl(), !auth.enabled()),
                metrics, new ApiRoutes(view),
                new CancelRoute(view, publisher, Clock.systemUTC()),
                opsRoutes);
        HttpApi api = new HttpApi(intake, webhookSecrets(settings), settings.bodyLimitBytes(), routes);
        CoordinatorVerticle verticle = new CoordinatorVerticle(api, settings.httpHost(), settings.httpPort());
        vertx.deployVerticle(verticle).await();
        meters.sampleQueueLag(vertx, probe, settings.topics().buildRequests(), ops.workerGroup(), ops.lagInterval());
        return new CoordinatorProcess(vertx, follower, configChanges, publisher, gitPool, git, verticle, probe, metrics,
                ownMeters, reporter, statuses);
    }

    /** The global webhook secrets, and each repository's own where its entry names one. */
    private static WebhookSecrets webhookSecrets(CoordinatorSettings settings) {
        return new WebhookSecrets(settings.webhookSecret(), settings.gitlabToken(), settings.gitlabSigningKey(),
                url -> {
                    WebhookSecret own = settings.repositories().forRepository(url).webhookSecret();
                    return own == null ? null : own.value();
                }, Clock.systemUTC());
    }

    public int httpPort() {
        return verticle.actualPort();
    }

    @Override
    public void close() {
        vertx.undeploy(verticle.deploymentID()).await();
        vertx.undeploy(configChanges.deploymentID()).await();
        if (statuses != null) {
            vertx.undeploy(statuses.deploymentID()).await();
            reporter.close().await();
        }
        publisher.close().await();
        gitPool.close();
        git.close();
        if (follower.deploymentID() != null) {
            vertx.undeploy(follower.deploymentID()).await();
        }
        probe.close();
        metrics.close();
        try {
            ownMeters.close();
        } catch (Exception e) {
            LOGGER.warn("closing the coordinator's meters: {}", e.getMessage());
        }
    }
}
