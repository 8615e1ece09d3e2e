package dev.buildline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.buildline.app.kafka.TopicSetup;
import dev.buildline.common.config.ImageConfig;
import dev.buildline.common.messages.BuildEvent;
import dev.buildline.common.messages.BuildRequest;
import dev.buildline.common.messages.BuildStatus;
import dev.buildline.common.messages.Json;
import dev.buildline.common.messages.Topics;
import dev.buildline.common.plan.BuildSite;
import dev.buildline.coordinator.CoordinatorSettings;
import dev.buildline.runtime.kafka.KafkaSettings;
import dev.buildline.worker.WorkerSettings;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real builds that are overtaken or called off: a newer push for the same image and branch supersedes a waiting
 * build and stops a running one (default policy cancel-running); a cancel through the coordinator's API stops buildx;
 * a cancel that arrives before its request means the build never starts.
 */
class SupersedeAndCancelIT {

    private static final String SECRET = "it-secret-" + UUID.randomUUID();
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final Topics TOPICS = Topics.defaults();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path temp;
    private static TestBroker kafka;
    private static Vertx vertx;
    private static CoordinatorProcess coordinator;
    private static WorkerProcess worker;
    private static Requests requests;
    private static EventLog events;
    private static TestRepo repo;

    @BeforeAll
    static void start() throws Exception {
        BuildHost.require();
        kafka = TestBroker.start(temp.resolve("kafka"), 0);
        TopicSetup.ensure(kafka.bootstrapServers(), TOPICS, 3, (short) 1);
        repo = TestRepo.create(temp.resolve("repo"));
        vertx = Vertx.vertx();
        coordinator = CoordinatorProcess.start(vertx, new CoordinatorSettings(
                KafkaSettings.plaintext(kafka.bootstrapServers()), TOPICS, 0,
                SECRET, null, null, null, List.of(repo.url()), "devspace.yaml", temp.resolve("coordinator"), null, null,
                CoordinatorSettings.DEFAULT_BODY_LIMIT, 1000).withRequestKey(Requests.KEY));
        worker = WorkerProcess.start(WorkerSettings.defaults(kafka.bootstrapServers(), TOPICS, "supersede-workers",
                "supersede-worker", 2, temp.resolve("worker")).withRequestKey(Requests.KEY), BuildSite.localDaemon());
        requests = new Requests(kafka.bootstrapServers(), TOPICS);
        events = new EventLog(kafka.bootstrapServers(), TOPICS);
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable resource : new AutoCloseable[] {worker, coordinator, () -> vertx.close().await(), requests,
                events, repo, kafka}) {
            if (resource != null) {
                resource.close();
            }
        }
    }

    @Test
    void aNewerPushStopsTheRunningBuildAndSupersedesTheWaitingOne() throws Exception {
        String image = BuildHost.REGISTRY + "/buildline-it/app-" + RUN;
        BuildRequest oldRunning = slowRequest("app", image, "old-running", 300);
        requests.send(oldRunning);
        events.awaitStatus(oldRunning.buildId(), BuildStatus.RUNNING, Duration.ofMinutes(2));
        BuildRequest oldWaiting = slowRequest("app", image, "old-waiting", 300);
        String newestCommit = repo.commit("newest", Map.of("app/Dockerfile", "FROM scratch\nCOPY a.txt /a.txt\n",
                "app/a.txt", "newest " + RUN + "\n"));
        BuildRequest newest = Requests.request(repo.url(), newestCommit,
                Requests.image("app", image, "./app/Dockerfile", "./app", false, null), "newest");

        requests.send(oldWaiting, newest);

        BuildEvent stopped = events.awaitTerminal(oldRunning.buildId(), Duration.ofMinutes(2));
        BuildEvent skipped = events.awaitTerminal(oldWaiting.buildId(), Duration.ofMinutes(2));
        BuildEvent built = events.awaitTerminal(newest.buildId(), Duration.ofMinutes(3));
        assertThat(stopped.status()).isEqualTo(BuildStatus.SUPERSEDED);
        assertThat(stopped.error()).startsWith("superseded by build " + oldWaiting.buildId());
        assertThat(skipped.status()).isEqualTo(BuildStatus.SUPERSEDED);
        assertThat(skipped.error()).isEqualTo("superseded by build " + newest.buildId() + " of commit " + newestCommit);
        assertThat(events.of(oldWaiting.buildId())).extracting(BuildEvent::status)
                .containsExactly(BuildStatus.SUPERSEDED);
        assertThat(built.status()).as(built.error()).isEqualTo(BuildStatus.SUCCEEDED);
        assertThat(built.digest()).isEqualTo(Webhooks.registryDigest(image + ":newest"));
        assertThat(built.startedAt()).isAfterOrEqualTo(stopped.finishedAt());
    }

    @Test
    void cancelThroughTheApiStopsTheRunningBuild() throws Exception {
        String image = BuildHost.REGISTRY + "/buildline-it/cancel-" + RUN;
        String commit = repo.commit("slow via webhook", Map.of(
                "devspace.yaml", """
                        version: v2beta1
                        images:
                          slowapi:
                            image: %s
                            context: ./slowapi
                            dockerfile: ./slowapi/Dockerfile
                            network: none
                            buildKit: {}
                        """.formatted(image),
                "slowapi/Dockerfile", slowDockerfile("api", 300)));
        String body = Webhooks.pushPayload(repo.url(), "it/app", "refs/heads/api", "0".repeat(40), commit);
        HttpResponse<String> accepted = Webhooks.postGithub(coordinator.httpPort(), "push", Webhooks.sign(SECRET, body), body);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String buildId = Json.mapper().readTree(accepted.body()).path("builds").get(0).path("buildId").asText();
        awaitApiStatus(buildId, "running");

        HttpResponse<String> cancel = post("/api/builds/" + buildId + "/cancel");

        assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(202);
        JsonNode done = awaitApiStatus(buildId, "cancelled");
        assertThat(done.path("error").asText()).isEqualTo("cancelled on request");
        // build-logs and build-events are separate topics: the log may arrive just after the status
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                Webhooks.get(coordinator.httpPort(), "/api/builds/" + buildId + "/logs").body())
                // "[buildline] buildx stopped: ..." or, when the cancel came before buildx started, "stopped before ..."
                .containsPattern("\\[buildline\\] (buildx stopped|stopped before buildx started): cancelled on request"));
        assertThat(events.terminals(buildId)).extracting(BuildEvent::status).containsExactly(BuildStatus.CANCELLED);
        assertThat(post("/api/builds/" + buildId + "/cancel").statusCode()).isEqualTo(409);
        assertThat(post("/api/builds/bnosuchbuild/cancel").statusCode()).isEqualTo(404);
    }

    @Test
    void aBuildCancelledBeforeItsRequestArrivesNeverStarts() throws Exception {
        BuildRequest request = slowRequest("early", BuildHost.REGISTRY + "/buildline-it/early-" + RUN, "early", 300);

        requests.cancel(request.buildId());
        requests.send(request);

        BuildEvent done = events.awaitTerminal(request.buildId(), Duration.ofMinutes(2));
        assertThat(done.status()).isEqualTo(BuildStatus.CANCELLED);
        assertThat(done.error()).isEqualTo("cancel requested before the build started");
        assertThat(events.of(request.buildId())).extracting(BuildEvent::status).containsExactly(BuildStatus.CANCELLED);
    }

    /** A build that runs for minutes unless stopped; the marker keeps BuildKit's cache from answering it. */
    private static BuildRequest slowRequest(String name, String image, String marker, int seconds) throws Exception {
        String commit = repo.commit(marker, Map.of(name + "/Dockerfile", slowDockerfile(marker, seconds)));
        ImageConfig config = Requests.image(name, image, "./" + name + "/Dockerfile", "./" + name, false, null);
        return Requests.request(repo.url(), commit, config, marker);
    }

    private static String slowDockerfile(String marker, int seconds) {
        return "FROM " + BuildHost.BASE_IMAGE + "\nRUN echo " + marker + "-" + RUN + " && sleep " + seconds + "\n";
    }

    private static JsonNode awaitApiStatus(String buildId, String status) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> {
            HttpResponse<String> response = Webhooks.get(coordinator.httpPort(), "/api/builds/" + buildId);
            last[0] = response.statusCode() == 200 ? Json.mapper().readTree(response.body()) : null;
            return last[0] != null && status.equals(last[0].path("status").asText());
        });
        return last[0];
    }

    private static HttpResponse<String> post(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + coordinator.httpPort() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
