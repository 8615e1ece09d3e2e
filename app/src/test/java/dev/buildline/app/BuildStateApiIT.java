package dev.buildline.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.buildline.app.kafka.TopicSetup;
import dev.buildline.common.messages.BuildEvent;
import dev.buildline.common.messages.BuildLogChunk;
import dev.buildline.common.messages.BuildStatus;
import dev.buildline.common.messages.Json;
import dev.buildline.common.messages.RepoRef;
import dev.buildline.common.messages.Topics;
import dev.buildline.coordinator.CoordinatorSettings;
import dev.buildline.runtime.kafka.KafkaSettings;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinator's build-state view on a real broker, without builds: events and logs already on the topics are
 * read back by a coordinator that starts later (and by one that restarts), only the newest builds are kept, and the
 * event stream and log follow deliver what arrives while a client listens.
 */
class BuildStateApiIT {

    private static final RepoRef REPO = new RepoRef("https://git.example/acme/app.git", "acme/app");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int KEPT = 3;

    @TempDir
    static Path temp;
    private static TestBroker kafka;
    private static KafkaProducer<String, byte[]> producer;
    private static Vertx vertx;
    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

    @BeforeAll
    static void start() throws Exception {
        kafka = TestBroker.start(temp.resolve("kafka"), 0);
        TopicSetup.ensure(kafka.bootstrapServers(), Topics.defaults(), 3, (short) 1);
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(), "acks", "all"),
                new StringSerializer(), new ByteArraySerializer());
        vertx = Vertx.vertx();
        for (int i = 1; i <= 5; i++) {
            send(event("old-" + i, BuildStatus.QUEUED, i * 10));
            send(event("old-" + i, BuildStatus.RUNNING, i * 10 + 1));
            send(event("old-" + i, i == 4 ? BuildStatus.FAILED : BuildStatus.SUCCEEDED, i * 10 + 2));
        }
        send(new BuildLogChunk(1, "old-5", 1, 0, List.of("#1 [internal] load build definition", "#1 DONE 0.0s"), T0));
        producer.flush();
    }

    @AfterAll
    static void stop() {
        if (producer != null) {
            producer.close();
        }
        if (vertx != null) {
            vertx.close().await();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void aCoordinatorRebuildsTheNewestBuildsFromTheTopicsAfterEachStart() throws Exception {
        for (int start = 1; start <= 2; start++) {
            try (CoordinatorProcess coordinator = coordinator()) {
                JsonNode all = json(coordinator, "/api/builds");
                assertThat(all.path("total").asInt()).isEqualTo(KEPT);
                assertThat(all.path("builds").findValuesAsText("buildId")).containsExactly("old-5", "old-4", "old-3");
                JsonNode failed = json(coordinator, "/api/builds?status=failed");
                assertThat(failed.path("builds").findValuesAsText("buildId")).containsExactly("old-4");
                JsonNode paged = json(coordinator, "/api/builds?limit=1&offset=1");
                assertThat(paged.path("builds").findValuesAsText("buildId")).containsExactly("old-4");
                assertThat(paged.path("total").asInt()).isEqualTo(KEPT);
                assertThat(json(coordinator, "/api/builds/old-5").path("durationMs").asLong()).isEqualTo(1000);
                assertThat(get(coordinator, "/api/builds/old-1").statusCode()).isEqualTo(404);
                assertThat(get(coordinator, "/api/builds/old-5/logs").body())
                        .isEqualTo("#1 [internal] load build definition\n#1 DONE 0.0s\n");
            }
        }
    }

    @Test
    void theStreamCarriesEachStatusChangeAndAFollowedLogEndsWithItsBuild() throws Exception {
        String id = "live-" + UUID.randomUUID();
        try (CoordinatorProcess coordinator = coordinator()) {
            Stream<String> stream = HTTP.send(request(coordinator, "/api/stream").build(),
                    HttpResponse.BodyHandlers.ofLines()).body();
            CompletableFuture<List<String>> running = CompletableFuture.supplyAsync(() -> stream
                    .filter(line -> line.startsWith("data: ") && line.contains(id)).limit(2).toList());
            send(event(id, BuildStatus.QUEUED, 100));
            send(event(id, BuildStatus.RUNNING, 101));
            producer.flush();

            List<String> changes = running.get(30, TimeUnit.SECONDS);
            assertThat(changes).extracting(line -> Json.mapper().readTree(line.substring(6)).path("status").asText())
                    .containsExactly("queued", "running");
            stream.close();

            HttpResponse<Stream<String>> follow = HTTP.send(request(coordinator, "/api/builds/" + id + "/logs?follow=true")
                    .build(), HttpResponse.BodyHandlers.ofLines());
            CompletableFuture<List<String>> lines = CompletableFuture.supplyAsync(() -> follow.body().toList());
            send(new BuildLogChunk(1, id, 1, 0, List.of("#5 [2/2] RUN make"), T0));
            producer.flush();
            send(event(id, BuildStatus.SUCCEEDED, 102));
            producer.flush();

            assertThat(follow.statusCode()).isEqualTo(200);
            assertThat(lines.get(30, TimeUnit.SECONDS)).containsExactly("#5 [2/2] RUN make");
        }
    }

    private static CoordinatorProcess coordinator() throws InterruptedException {
        return CoordinatorProcess.start(vertx, new CoordinatorSettings(KafkaSettings.plaintext(kafka.bootstrapServers()),
                Topics.defaults(), 0,
                "secret", null, null, null, List.of(), "devspace.yaml", temp.resolve("coordinator"), null, null,
                CoordinatorSettings.DEFAULT_BODY_LIMIT, KEPT));
    }

    private static BuildEvent event(String id, BuildStatus status, long second) {
        Instant time = T0.plusSeconds(second);
        boolean ended = status.isTerminal();
        return new BuildEvent(1, UUID.randomUUID().toString(), id, "api", REPO, "refs/heads/main", "c0ffee", status,
                List.of("acme/api:abcdefg"), null, status == BuildStatus.QUEUED ? null : time.minusSeconds(ended ? 1 : 0),
                ended ? time : null, ended ? 1000L : null, status == BuildStatus.FAILED ? "buildx exited with code 1" : null,
                1, null, "w", null, time);
    }

    private static void send(BuildEvent event) {
        producer.send(new ProducerRecord<>(Topics.defaults().buildEvents(), event.buildId(), Json.toBytes(event)));
    }

    private static void send(BuildLogChunk chunk) {
        producer.send(new ProducerRecord<>(Topics.defaults().buildLogs(), chunk.buildId(), Json.toBytes(chunk)));
    }

    private static JsonNode json(CoordinatorProcess coordinator, String path) throws Exception {
        HttpResponse<String> response = get(coordinator, path);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.mapper().readTree(response.body());
    }

    private static HttpResponse<String> get(CoordinatorProcess coordinator, String path) throws Exception {
        return HTTP.send(request(coordinator, path).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(CoordinatorProcess coordinator, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + coordinator.httpPort() + path))
                .timeout(Duration.ofSeconds(30));
    }
}
