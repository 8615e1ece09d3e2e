package dev.buildline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.buildline.app.kafka.TopicSetup;
import dev.buildline.common.messages.Json;
import dev.buildline.common.messages.Topics;
import dev.buildline.coordinator.CoordinatorSettings;
import dev.buildline.ops.OpsMeters;
import dev.buildline.ops.OpsSettings;
import dev.buildline.runtime.kafka.KafkaSettings;
import io.vertx.core.Vertx;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinator's own loops in its health, on a real broker, each stopped for real: the config-change consumer
 * fenced by another member with its static group.instance.id (two coordinators given the same one), the build-events
 * follower throttled by a broker quota until it falls behind. Liveness names a loop that died; readiness names a
 * follower too far behind, so the API and dedup no longer answer from a stale view.
 */
class CoordinatorLoopsIT {

    private static final String INSTANCE = "coordinator-loops-it";

    @TempDir
    Path temp;
    private TestBroker kafka;
    private Vertx vertx;
    private OpsMeters meters;

    @BeforeEach
    void start() {
        kafka = TestBroker.start(temp.resolve("kafka"), 0);
        TopicSetup.ensure(kafka.bootstrapServers(), Topics.defaults(), 3, (short) 1);
        vertx = Vertx.vertx();
        meters = new OpsMeters();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await();
        meters.close();
        kafka.close();
    }

    @Test
    void aFencedConfigChangeConsumerFailsLivenessNamingIt() throws Exception {
        // static membership is the operator's to set (BUILDLINE_KAFKA_GROUP_INSTANCE_ID); two coordinators given the
        // same id fence each other, and the fenced one took no config change again while it reported itself alive
        KafkaSettings settings = new KafkaSettings(kafka.bootstrapServers(), Map.of("group.instance.id", INSTANCE));
        try (CoordinatorProcess coordinator = start(settings, OpsSettings.defaults())) {
            assertThat(checks(coordinator, "/health/live").path("config-changes-consumer").asText())
                    .isEqualTo("ok: running");

            try (KafkaConsumer<String, String> other = new KafkaConsumer<>(Map.of(
                    "bootstrap.servers", kafka.bootstrapServers(), "group.id", CoordinatorProcess.GROUP,
                    "group.instance.id", INSTANCE), new StringDeserializer(), new StringDeserializer())) {
                other.subscribe(List.of(Topics.defaults().configChanges()));
                await().atMost(Duration.ofMinutes(1)).until(() -> {
                    other.poll(Duration.ofMillis(200));
                    return Webhooks.get(coordinator.httpPort(), "/health/live").statusCode() == 503;
                });
            }

            JsonNode live = checks(coordinator, "/health/live");
            assertThat(live.path("config-changes-consumer").asText()).startsWith("failed: config-changes consumer "
                    + "stopped: org.apache.kafka.common.errors.FencedInstanceIdException");
            assertThat(live.path("build-events-follower").asText()).isEqualTo("ok: running");
        }
    }

    @Test
    void aFollowerFallenBehindByMoreThanTheBoundMakesTheCoordinatorNotReadyNamingIt() throws Exception {
        try (CoordinatorProcess coordinator = start(KafkaSettings.plaintext(kafka.bootstrapServers()),
                new OpsSettings(OpsSettings.DEFAULT_WORKER_GROUP, Duration.ofSeconds(10), 100))) {
            HttpResponse<String> ready = Webhooks.get(coordinator.httpPort(), "/health/ready");
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            assertThat(checks(coordinator, "/health/ready").path("buildState").asText())
                    .isEqualTo("ok: caught up with build-events (0 records behind)");

            // 1 KB/s for the follower's client id: its first fetch takes a batch, then the broker holds it back
            throttle("buildline-coordinator-view", 1024);
            publishLogs(500, 10_000);

            await().atMost(Duration.ofMinutes(1))
                    .until(() -> Webhooks.get(coordinator.httpPort(), "/health/ready").statusCode() == 503);
            assertThat(checks(coordinator, "/health/ready").path("buildState").asText())
                    .matches("failed: build-events follower is \\d+ records behind, more than "
                            + "BUILDLINE_FOLLOWER_MAX_LAG 100");
            assertThat(Webhooks.get(coordinator.httpPort(), "/health/live").statusCode())
                    .as("behind is not dead").isEqualTo(200);
        }
    }

    private CoordinatorProcess start(KafkaSettings settings, OpsSettings ops) throws Exception {
        return CoordinatorProcess.start(vertx, new CoordinatorSettings(settings, Topics.defaults(), 0, "secret", null,
                null, null, List.of(), "devspace.yaml", temp.resolve("coordinator"), null, null,
                CoordinatorSettings.DEFAULT_BODY_LIMIT, 1000), ops, meters, dev.buildline.ops.Checks.none());
    }

    private JsonNode checks(CoordinatorProcess coordinator, String path) throws Exception {
        return Json.mapper().readTree(Webhooks.get(coordinator.httpPort(), path).body()).path("checks");
    }

    private void throttle(String clientId, int bytesPerSecond) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.alterClientQuotas(List.of(new ClientQuotaAlteration(
                    new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, clientId)),
                    List.of(new ClientQuotaAlteration.Op("consumer_byte_rate", (double) bytesPerSecond)))))
                    .all().get(30, TimeUnit.SECONDS);
        }
    }

    /** Records on build-logs, all on one partition, each {@code size} bytes (not a log chunk: the view skips it). */
    private void publishLogs(int count, int size) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", kafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(Topics.defaults().buildLogs(), 0, "padding", new byte[size]));
            }
            producer.flush();
        }
    }
}
