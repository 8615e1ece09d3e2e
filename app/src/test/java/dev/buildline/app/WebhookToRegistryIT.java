package dev.buildline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.buildline.app.kafka.EmbeddedKafka;
import dev.buildline.app.kafka.TopicSetup;
import dev.buildline.common.messages.Json;
import dev.buildline.common.messages.Topics;
import dev.buildline.common.plan.BuildSite;
import dev.buildline.coordinator.CoordinatorSettings;
import dev.buildline.worker.WorkerSettings;
import io.vertx.core.Vertx;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walking skeleton end to end on real parts: a git repository, a signed GitHub push to a running coordinator,
 * requests on a real KRaft broker, a worker running the real buildx against dockerd, images pushed to the registry on
 * 127.0.0.1:5000, and the result read back through the API.
 */
class WebhookToRegistryIT {

    private static final String SECRET = "it-secret-" + UUID.randomUUID();
    private static final String ZEROS = "0".repeat(40);

    @TempDir
    static Path temp;
    private static EmbeddedKafka kafka;
    private static Vertx vertx;
    private static CoordinatorProcess coordinator;
    private static WorkerProcess worker;
    private static TestRepo repo;
    private static int port;
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void start() throws Exception {
        BuildHost.require();
        kafka = EmbeddedKafka.start(temp.resolve("kafka"), 0);
        Topics topics = Topics.defaults();
        TopicSetup.ensure(kafka.bootstrapServers(), topics, 3, (short) 1);
        vertx = Vertx.vertx();
        repo = TestRepo.create(temp.resolve("repo"));
        coordinator = CoordinatorProcess.start(vertx, new CoordinatorSettings(kafka.bootstrapServers(), topics, 0,
                SECRET, null, null, List.of(repo.url()), "devspace.yaml", temp.resolve("coordinator"), null, null,
                CoordinatorSettings.DEFAULT_BODY_LIMIT, 1000));
        worker = WorkerProcess.start(WorkerSettings.defaults(kafka.bootstrapServers(), topics, "buildline-workers",
                "it-worker", 2, temp.resolve("worker")), BuildSite.localDaemon());
        port = coordinator.httpPort();
    }

    @AfterAll
    static void stop() {
        if (worker != null) {
            worker.close();
        }
        if (coordinator != null) {
            coordinator.close();
        }
        if (vertx != null) {
            vertx.close().await();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (repo != null) {
            repo.close();
        }
    }

    @Test
    void signedPushBuildsAndPushesEveryImage() throws Exception {
        String scratchImage = BuildHost.REGISTRY + "/buildline-it/scratch-" + RUN;
        String busyImage = BuildHost.REGISTRY + "/buildline-it/busy-" + RUN;
        String commit = repo.commit("two images", Map.of(
                "devspace.yaml", """
                        version: v2beta1
                        images:
                          scratch:
                            image: %s
                            context: ./scratch
                            dockerfile: ./scratch/Dockerfile
                            buildKit: {}
                          busy:
                            image: %s
                            context: ./busy
                            dockerfile: ./busy/Dockerfile
                            network: none
                            buildKit: {}
                        """.formatted(scratchImage, busyImage),
                "scratch/Dockerfile", "FROM scratch\nCOPY hello.txt /hello.txt\n",
                "scratch/hello.txt", "hello from buildline\n",
                "busy/Dockerfile", "FROM " + BuildHost.BASE_IMAGE + "\nRUN echo built > /built.txt\nCOPY run.sh /run.sh\n",
                "busy/run.sh", "#!/bin/sh\necho running\n"));
        String body = Webhooks.pushPayload(repo.url(), "it/app", "refs/heads/main", ZEROS, commit);

        HttpResponse<String> accepted = Webhooks.postGithub(port, "push", Webhooks.sign(SECRET, body), body);

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        Map<String, String> buildIdByImage = builds(accepted.body());
        assertThat(buildIdByImage).containsOnlyKeys("scratch", "busy");
        for (Map.Entry<String, String> build : buildIdByImage.entrySet()) {
            JsonNode done = awaitTerminal(build.getValue());
            assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("succeeded");
            assertThat(done.path("image").asText()).isEqualTo(build.getKey());
            assertThat(done.path("commit").asText()).isEqualTo(commit);
            assertThat(done.path("durationMs").asLong()).isPositive();
            String tag = done.path("tags").get(0).asText();
            assertThat(tag).matches((build.getKey().equals("scratch") ? scratchImage : busyImage) + ":[a-zA-Z]{7}");
            assertThat(done.path("digest").asText()).startsWith("sha256:").isEqualTo(Webhooks.registryDigest(tag));
            assertThat(Webhooks.get(port, "/api/builds/" + build.getValue() + "/logs").body())
                    .contains("pushing");
        }
    }

    @Test
    void failingDockerfileEndsFailedWithExitCodeAndLogTail() throws Exception {
        String commit = repo.commit("broken image", Map.of(
                "devspace.yaml", """
                        version: v2beta1
                        images:
                          broken:
                            image: %s/buildline-it/broken-%s
                            network: none
                            buildKit: {}
                        """.formatted(BuildHost.REGISTRY, RUN),
                "Dockerfile", "FROM " + BuildHost.BASE_IMAGE + "\nRUN echo about to fail && exit 3\n"));
        String body = Webhooks.pushPayload(repo.url(), "it/app", "refs/heads/main", ZEROS, commit);

        HttpResponse<String> accepted = Webhooks.postGithub(port, "push", Webhooks.sign(SECRET, body), body);

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode done = awaitTerminal(builds(accepted.body()).get("broken"));
        assertThat(done.path("status").asText()).isEqualTo("failed");
        assertThat(done.path("error").asText())
                .startsWith("buildx exited with code 1")
                .contains("exit code: 3");
        assertThat(done.path("digest").isNull()).isTrue();
    }

    @Test
    void wrongSignatureIsRefusedAndPublishesNothing() throws Exception {
        String commit = repo.commit("unsigned", Map.of("README.md", "x\n"));
        String body = Webhooks.pushPayload(repo.url(), "it/app", "refs/heads/main", ZEROS, commit);
        long before = requestCount();

        HttpResponse<String> wrong = Webhooks.postGithub(port, "push", Webhooks.sign("not-the-secret", body), body);
        HttpResponse<String> missing = Webhooks.postGithub(port, "push", null, body);

        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("does not match");
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.body()).contains("missing X-Hub-Signature-256");
        assertThat(requestCount()).isEqualTo(before);
    }

    @Test
    void malformedJsonIsRefusedWith400() throws Exception {
        String body = "{\"ref\": \"refs/heads/main\", ";

        HttpResponse<String> response = Webhooks.postGithub(port, "push", Webhooks.sign(SECRET, body), body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("not valid JSON");
    }

    private static Map<String, String> builds(String answer) throws Exception {
        JsonNode builds = Json.mapper().readTree(answer).path("builds");
        return java.util.stream.StreamSupport.stream(builds.spliterator(), false)
                .collect(Collectors.toMap(b -> b.path("image").asText(), b -> b.path("buildId").asText()));
    }

    private static JsonNode awaitTerminal(String buildId) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250)).until(() -> {
            HttpResponse<String> response = Webhooks.get(port, "/api/builds/" + buildId);
            if (response.statusCode() != 200) {
                return false;
            }
            last[0] = Json.mapper().readTree(response.body());
            return List.of("succeeded", "failed", "cancelled", "superseded", "skipped")
                    .contains(last[0].path("status").asText());
        });
        return last[0];
    }

    private static long requestCount() {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                kafka.bootstrapServers()), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.defaults().buildRequests()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
