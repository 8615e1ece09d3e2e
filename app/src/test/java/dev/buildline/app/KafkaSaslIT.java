package dev.buildline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.buildline.app.kafka.EmbeddedKafka;
import dev.buildline.app.kafka.TopicSetup;
import dev.buildline.common.messages.Topics;
import dev.buildline.common.plan.BuildSite;
import dev.buildline.coordinator.CoordinatorSettings;
import dev.buildline.ops.KafkaProbe;
import dev.buildline.runtime.kafka.KafkaAccessException;
import dev.buildline.runtime.kafka.KafkaClients;
import dev.buildline.runtime.kafka.KafkaSettings;
import dev.buildline.worker.WorkerSettings;
import io.vertx.core.Vertx;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Every Kafka client of the coordinator and the worker reaches a cluster that demands SASL, configured only as an
 * operator would configure it: {@code BUILDLINE_KAFKA_PROPERTIES_FILE} for the protocol and mechanism,
 * {@code BUILDLINE_KAFKA_SASL_JAAS_CONFIG} for the credentials. The broker is the real embedded KRaft broker with a
 * SASL_PLAINTEXT listener (PLAIN); the build is a real buildx build pushed to the registry. With a wrong password the
 * processes refuse to start and say why, and no log line ever holds the password.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaSaslIT {

    private static final String USER = "buildline";
    private static final String PASSWORD = "sasl-pw-" + UUID.randomUUID();
    private static final String WRONG_PASSWORD = "not-the-" + PASSWORD;
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    /** A hang guard, not a speed target: a refused login must end the start long before this. */
    private static final Duration NO_HANG = Duration.ofSeconds(90);

    @TempDir
    static Path temp;
    private static EmbeddedKafka kafka;
    private static Vertx vertx;
    private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();
    private static Level rootLevel;
    private static Level buildlineLevel;

    @BeforeAll
    static void start() {
        // everything Kafka and Buildline say at INFO and DEBUG is kept, so the last test can look for the password
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger buildline = context.getLogger("dev.buildline");
        rootLevel = root.getLevel();
        buildlineLevel = buildline.getLevel();
        root.setLevel(Level.INFO);
        buildline.setLevel(Level.DEBUG);
        LOGS.setContext(context);
        LOGS.start();
        root.addAppender(LOGS);
        kafka = EmbeddedKafka.start(temp.resolve("kafka"), 0, Map.of(USER, PASSWORD));
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        if (vertx != null) {
            vertx.close().await();
        }
        if (kafka != null) {
            kafka.close();
        }
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAppender(LOGS);
        root.setLevel(rootLevel);
        context.getLogger("dev.buildline").setLevel(buildlineLevel);
    }

    @Test
    @Order(1)
    void aSignedPushIsBuiltThroughTheSaslListener() throws Exception {
        BuildHost.require();
        KafkaSettings settings = Settings.kafka(environment(PASSWORD));
        TopicSetup.ensure(new KafkaClients(settings), Topics.defaults(), 3, (short) 1);
        String image = BuildHost.REGISTRY + "/buildline-it/sasl-" + RUN;
        try (TestRepo repo = TestRepo.create(temp.resolve("repo"));
             CoordinatorProcess coordinator = CoordinatorProcess.start(vertx, coordinatorSettings(settings, repo));
             WorkerProcess worker = WorkerProcess.start(WorkerSettings.defaults(settings, Topics.defaults(),
                     "sasl-workers", "sasl-worker", 1, temp.resolve("worker")).withRequestKey(Requests.KEY),
                     BuildSite.localDaemon())) {
            String commit = repo.commit("one image", Map.of(
                    "devspace.yaml", """
                            version: v2beta1
                            images:
                              app:
                                image: %s
                                buildKit: {}
                            """.formatted(image),
                    "Dockerfile", "FROM scratch\nCOPY hello.txt /hello.txt\n",
                    "hello.txt", "hello over SASL\n"));
            String body = Webhooks.pushPayload(repo.url(), "it/sasl", "refs/heads/main", "0".repeat(40), commit);

            HttpResponse<String> accepted = Webhooks.postGithub(coordinator.httpPort(), "push",
                    Webhooks.sign(TestStack.SECRET, body), body);

            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            JsonNode done = Webhooks.awaitTerminal(coordinator.httpPort(), Webhooks.builds(accepted.body()).get("app"));
            assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("succeeded");
            String tag = done.path("tags").get(0).asText();
            assertThat(tag).startsWith(image + ":");
            assertThat(done.path("digest").asText()).startsWith("sha256:").isEqualTo(Webhooks.registryDigest(tag));
        }
    }

    @Test
    @Order(2)
    void aWrongPasswordStopsBothStartsWithTheBrokersRefusal() throws Exception {
        KafkaSettings wrong = Settings.kafka(environment(WRONG_PASSWORD));

        assertTimeoutPreemptively(NO_HANG, () -> {
            assertThatThrownBy(() -> CoordinatorProcess.start(vertx, coordinatorSettings(wrong, null)))
                    .isInstanceOf(KafkaAccessException.class)
                    .hasMessageContaining("Kafka at " + kafka.saslBootstrapServers())
                    .hasMessageContaining("security.protocol SASL_PLAINTEXT, sasl.mechanism PLAIN")
                    .hasMessageContaining("refused this client")
                    .hasMessageContaining("sasl.jaas.config")
                    .hasMessageNotContaining(WRONG_PASSWORD);
            assertThatThrownBy(() -> WorkerProcess.start(WorkerSettings.defaults(wrong, Topics.defaults(),
                    "sasl-workers", "wrong-worker", 1, temp.resolve("wrong-worker")), BuildSite.localDaemon()))
                    .isInstanceOf(KafkaAccessException.class)
                    .hasMessageContaining("refused this client");
        });
    }

    @Test
    @Order(2)
    void aWrongPasswordFailsTheReadinessCheckNamingTheRefusal() {
        KafkaProbe probe = new KafkaProbe(new KafkaClients(Settings.kafka(environment(WRONG_PASSWORD))),
                vertx.getOrCreateContext());
        try {
            Throwable failure = assertTimeoutPreemptively(NO_HANG, () -> probe.check().toCompletionStage()
                    .toCompletableFuture().handle((ok, cause) -> cause).get(NO_HANG.toSeconds(), TimeUnit.SECONDS));

            assertThat(failure).isInstanceOf(KafkaAccessException.class)
                    .hasMessageContaining("refused this client")
                    .hasMessageNotContaining(WRONG_PASSWORD);
        } finally {
            probe.close();
        }
    }

    @Test
    @Order(3)
    void noLogLineHoldsThePassword() {
        List<ILoggingEvent> events = List.copyOf(LOGS.list);

        assertThat(events).as("log events captured").isNotEmpty();
        assertThat(events).extracting(KafkaSaslIT::fullText).noneMatch(line -> line.contains(PASSWORD));
        assertThat(events).extracting(KafkaSaslIT::fullText)
                .anyMatch(line -> line.contains("sasl.jaas.config=[redacted]"));
    }

    private static String fullText(ILoggingEvent event) {
        String text = event.getFormattedMessage();
        return event.getThrowableProxy() == null ? text
                : text + "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy());
    }

    /** What an operator sets: a properties file for the protocol, a variable (a Kubernetes secret) for the login. */
    private static Map<String, String> environment(String password) {
        Path file = temp.resolve("kafka-" + Math.abs(password.hashCode()) + ".properties");
        try {
            Files.writeString(file, "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return Map.of(
                "BUILDLINE_KAFKA_BOOTSTRAP", kafka.saslBootstrapServers(),
                "BUILDLINE_KAFKA_PROPERTIES_FILE", file.toString(),
                "BUILDLINE_KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.plain.PlainLoginModule required"
                        + " username=\"" + USER + "\" password=\"" + password + "\";");
    }

    private static CoordinatorSettings coordinatorSettings(KafkaSettings kafka, TestRepo repo) {
        return new CoordinatorSettings(kafka, Topics.defaults(), 0, TestStack.SECRET, null, null, null,
                repo == null ? List.of() : List.of(repo.url()), "devspace.yaml", temp.resolve("coordinator"), null,
                null, CoordinatorSettings.DEFAULT_BODY_LIMIT, 1000).withRequestKey(Requests.KEY);
    }
}
