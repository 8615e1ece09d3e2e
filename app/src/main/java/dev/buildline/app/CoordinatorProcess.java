package dev.buildline.app;

import dev.buildline.common.config.ConfigParser;
import dev.buildline.common.git.GitMirror;
import dev.buildline.coordinator.CoordinatorSettings;
import dev.buildline.coordinator.CoordinatorVerticle;
import dev.buildline.coordinator.http.HttpApi;
import dev.buildline.coordinator.intake.BuildPublisher;
import dev.buildline.coordinator.intake.CommitInspector;
import dev.buildline.coordinator.intake.ConfigChangeConsumer;
import dev.buildline.coordinator.intake.IntakeService;
import dev.buildline.coordinator.intake.RepoAllowList;
import dev.buildline.coordinator.state.BuildStateView;
import dev.buildline.coordinator.state.EventFollower;
import dev.buildline.coordinator.webhook.GitlabVerifier;
import dev.buildline.coordinator.webhook.SignatureVerifier;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.kafka.client.producer.KafkaProducer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;

/** Wires one coordinator: Kafka producer, state view, git mirror, intake and the HTTP server. */
public final class CoordinatorProcess implements AutoCloseable {

    private final Vertx vertx;
    private final EventFollower follower;
    private final ConfigChangeConsumer configChanges;
    private final BuildPublisher publisher;
    private final WorkerExecutor gitPool;
    private final CoordinatorVerticle verticle;

    private CoordinatorProcess(Vertx vertx, EventFollower follower, ConfigChangeConsumer configChanges,
                               BuildPublisher publisher, WorkerExecutor gitPool, CoordinatorVerticle verticle) {
        this.vertx = vertx;
        this.follower = follower;
        this.configChanges = configChanges;
        this.publisher = publisher;
        this.gitPool = gitPool;
        this.verticle = verticle;
    }

    public static CoordinatorProcess start(Vertx vertx, CoordinatorSettings settings) throws InterruptedException {
        BuildStateView view = new BuildStateView(settings.maxBuildsKept());
        EventFollower follower = new EventFollower(settings.kafkaBootstrap(), settings.topics(), view);
        follower.start();
        follower.awaitCaughtUp(Duration.ofSeconds(30));
        BuildPublisher publisher = new BuildPublisher(
                KafkaProducer.create(vertx, BuildPublisher.producerConfig(settings.kafkaBootstrap())), settings.topics());
        WorkerExecutor gitPool = vertx.createSharedWorkerExecutor("buildline-git", 4);
        GitMirror git = new GitMirror(settings.dataDir().resolve("coordinator-git"), settings.gitUsername(),
                settings.gitToken());
        IntakeService intake = new IntakeService(new RepoAllowList(settings.allowedRepos()),
                new CommitInspector(git, new ConfigParser(), settings.configPath()), publisher, view, gitPool,
                Clock.systemUTC(), new SecureRandom());
        ConfigChangeConsumer configChanges = new ConfigChangeConsumer(settings.kafkaBootstrap(),
                "buildline-coordinators", settings.topics(), intake, publisher, Clock.systemUTC());
        configChanges.start();
        HttpApi api = new HttpApi(intake, new SignatureVerifier(settings.webhookSecret()),
                new GitlabVerifier(settings.gitlabToken(), settings.gitlabSigningKey(), Clock.systemUTC()), view,
                settings.bodyLimitBytes(), () -> true, publisher);
        CoordinatorVerticle verticle = new CoordinatorVerticle(api, settings.httpPort());
        vertx.deployVerticle(verticle).await();
        return new CoordinatorProcess(vertx, follower, configChanges, publisher, gitPool, verticle);
    }

    public int httpPort() {
        return verticle.actualPort();
    }

    @Override
    public void close() {
        vertx.undeploy(verticle.deploymentID()).await();
        configChanges.close();
        publisher.close().await();
        gitPool.close();
        follower.close();
    }
}
