package dev.buildline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.buildline.common.messages.Json;
import dev.buildline.common.messages.Topics;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A git host that cannot be asked is not a git host that said no. Real parts: a broker, a coordinator and a worker,
 * and repositories served over smart HTTP by git's own http-backend on 127.0.0.1 ({@link GitHttpHost}), which the
 * tests put into an outage (every request answered 503), behind a closed port ({@link TcpProxy} not yet open), or
 * slow down. The stand-in is only the outage itself: what a host behind a failing load balancer answers.
 */
class GitOutageIT {

    private static final String ZEROS = "0".repeat(40);

    @TempDir
    static Path temp;
    private static GitHttpHost host;
    /** The git host behind a port that refuses connections until a test opens it. */
    private static TcpProxy closed;
    private static TestStack stack;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        BuildHost.require();
        host = GitHttpHost.serve(temp.resolve("hosted"));
        closed = new TcpProxy(host.port());
        // the allow-list names both origins: URLs are compared by host and port, not as a string prefix
        stack = TestStack.start(temp.resolve("stack"), List.of(host.url(""), "http://127.0.0.1:" + closed.port() + "/"),
                true);
        port = stack.port();
    }

    @AfterEach
    void hostBackToNormal() {
        host.restore();
        host.slowDown(Duration.ZERO);
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
        if (host != null) {
            host.close();
        }
        if (closed != null) {
            closed.close();
        }
    }

    @Test
    void aGitHostAnswering503Gives503AndTheRedeliveryBuildsOnceItIsBack() throws Exception {
        try (TestRepo repo = TestRepo.create(temp.resolve("hosted/down"))) {
            String commit = repo.commit("one image", IntakeIT.monorepo("git-down", 1));
            String body = Webhooks.pushPayload(host.url("down"), "it/down", "refs/heads/main", ZEROS, commit);
            String signature = Webhooks.sign(TestStack.SECRET, body);

            host.outage(503);
            HttpResponse<String> refused = Webhooks.postGithub(port, "push", signature, body);
            host.restore();
            HttpResponse<String> redelivered = Webhooks.postGithub(port, "push", signature, body);

            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(refused.body()).contains("cannot fetch " + host.url("down")).contains("503");
            assertThat(redelivered.statusCode()).as(redelivered.body()).isEqualTo(202);
            JsonNode build = Webhooks.awaitTerminal(port, Webhooks.builds(redelivered.body()).get("s0"));
            assertThat(build.path("status").asText()).as(build.toString()).isEqualTo("succeeded");
            assertThat(build.path("commit").asText()).isEqualTo(commit);
        }
    }

    @Test
    void aGitHostBehindAClosedPortGives503AndTheRedeliveryBuildsOnceItListens() throws Exception {
        TcpProxy proxy = closed;
        try (TestRepo repo = TestRepo.create(temp.resolve("hosted/closed"))) {
            String commit = repo.commit("one image", IntakeIT.monorepo("git-closed", 1));
            String url = "http://127.0.0.1:" + proxy.port() + "/closed";
            String body = Webhooks.pushPayload(url, "it/closed", "refs/heads/main", ZEROS, commit);
            String signature = Webhooks.sign(TestStack.SECRET, body);

            HttpResponse<String> refused = Webhooks.postGithub(port, "push", signature, body);
            proxy.open();
            HttpResponse<String> redelivered = Webhooks.postGithub(port, "push", signature, body);

            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(refused.body()).contains("cannot fetch " + url);
            assertThat(redelivered.statusCode()).as(redelivered.body()).isEqualTo(202);
            JsonNode build = Webhooks.awaitTerminal(port, Webhooks.builds(redelivered.body()).get("s0"));
            assertThat(build.path("status").asText()).as(build.toString()).isEqualTo("succeeded");
        }
    }

    @Test
    void anUnknownCommitOnAReachableHostIsStill422() throws Exception {
        try (TestRepo repo = TestRepo.create(temp.resolve("hosted/unknown"))) {
            repo.commit("one image", IntakeIT.monorepo("git-unknown", 1));
            String missing = "e".repeat(40);
            String body = Webhooks.pushPayload(host.url("unknown"), "it/unknown", "refs/heads/main", ZEROS, missing);

            HttpResponse<String> response = Webhooks.postGithub(port, "push", Webhooks.sign(TestStack.SECRET, body),
                    body);

            assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
            assertThat(response.body()).contains("commit " + missing + " not found");
        }
    }

    @Test
    void aConfigChangeWhoseFetchFailsIsRetriedUntilTheHostIsBackAndThenBuilt() throws Exception {
        try (TestRepo repo = TestRepo.create(temp.resolve("hosted/config"))) {
            Map<String, String> files = IntakeIT.monorepo("git-config", 1);
            String commit = repo.commit("one image", files);
            String url = host.url("config");
            String change = Json.toString(Map.of("repo", Map.of("url", url), "ref", "refs/heads/main",
                    "commit", commit, "devspaceYaml", files.get("devspace.yaml")));
            int refusedBefore = host.refused();

            host.outage(503);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                    stack.bootstrap()), new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(Topics.defaults().configChanges(), url, change)).get();
            }
            // asked, refused, asked again after the backoff: the record was neither dropped nor marked failed
            await().atMost(Duration.ofSeconds(60)).until(() -> host.refused() >= refusedBefore + 2);
            host.restore();

            String query = "/api/builds?repo=" + URLEncoder.encode(url, StandardCharsets.UTF_8);
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    assertThat(Json.mapper().readTree(Webhooks.get(port, query).body()).path("builds"))
                            .extracting(build -> build.path("image").asText() + " " + build.path("status").asText())
                            .contains("s0 succeeded"));
            assertThat(Webhooks.get(port, query).body()).doesNotContain("\"status\":\"failed\"");
        }
    }

    @Test
    void aSlowGitHostAndAStoppedBrokerAreAnswered503WithinTheDeliveryDeadline() throws Exception {
        try (TestRepo repo = TestRepo.create(temp.resolve("hosted/slow"))) {
            String first = repo.commit("one image", IntakeIT.monorepo("git-slow", 1));
            String firstBody = Webhooks.pushPayload(host.url("slow"), "it/slow", "refs/heads/main", ZEROS, first);
            HttpResponse<String> accepted = Webhooks.postGithub(port, "push",
                    Webhooks.sign(TestStack.SECRET, firstBody), firstBody);
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            String second = repo.commit("touch it", Map.of("services/s0/app.txt", "v2\n"));
            String body = Webhooks.pushPayload(host.url("slow"), "it/slow", "refs/heads/b", ZEROS, second);
            String signature = Webhooks.sign(TestStack.SECRET, body);

            // git takes 7.5 s to start answering, then the stopped broker: over 10 s if each step had its own limit
            host.slowDown(Duration.ofMillis(7500));
            stack.stopKafka();
            HttpResponse<String> refused;
            try {
                // Webhooks.post gives up after 10 s, as GitHub does: an answer at all means it came in time
                refused = Webhooks.postGithub(port, "push", signature, body);
            } finally {
                stack.startKafka();
                host.slowDown(Duration.ZERO);
            }

            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            HttpResponse<String>[] retried = new HttpResponse[1];
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                retried[0] = Webhooks.postGithub(port, "push", signature, body);
                assertThat(retried[0].statusCode()).as(retried[0].body()).isIn(200, 202);
            });
            JsonNode build = Webhooks.awaitTerminal(port, Webhooks.builds(retried[0].body()).get("s0"));
            assertThat(build.path("status").asText()).as(build.toString()).isEqualTo("succeeded");
        }
    }
}
