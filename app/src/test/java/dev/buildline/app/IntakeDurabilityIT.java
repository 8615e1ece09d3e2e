package dev.buildline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.buildline.common.messages.Topics;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a coordinator promises when things go wrong: a redelivered webhook never starts builds twice, even after a
 * restart; a broker that cannot take requests gives 503 before a git host's 10 s timeout, and once it is back the
 * retried delivery is accepted with nothing lost (at least once: a retry may find its builds already published). No worker runs here: builds stay queued.
 */
class IntakeDurabilityIT {

    private static final String ZEROS = "0".repeat(40);

    @TempDir
    Path temp;
    private TestStack stack;
    private TestRepo repo;

    @BeforeEach
    void start() throws Exception {
        repo = TestRepo.create(temp.resolve("repo"));
        stack = TestStack.start(temp.resolve("stack"), List.of(repo.url()), false);
    }

    @AfterEach
    void stop() {
        stack.close();
        repo.close();
    }

    @Test
    void aRedeliveryAfterACoordinatorRestartAnswers200WithTheSameBuildsAndPublishesNothing() throws Exception {
        String commit = repo.commit("two images", IntakeIT.monorepo("redeliver", 2));
        String body = Webhooks.pushPayload(repo.url(), "it/redeliver", "refs/heads/main", ZEROS, commit);
        String signature = Webhooks.sign(TestStack.SECRET, body);
        HttpResponse<String> first = Webhooks.postGithub(stack.port(), "push", signature, body);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        long requests = stack.recordCount(Topics.defaults().buildRequests());

        stack.stopCoordinator();
        stack.startCoordinator();
        HttpResponse<String> again = Webhooks.postGithub(stack.port(), "push", signature, body);

        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(Webhooks.builds(again.body())).isEqualTo(Webhooks.builds(first.body())).hasSize(2);
        assertThat(stack.recordCount(Topics.defaults().buildRequests())).isEqualTo(requests);
    }

    @Test
    void aStoppedBrokerGives503InTimeAndTheRetriedDeliveryIsAcceptedOnceItIsBack() throws Exception {
        String before = repo.commit("before the outage", IntakeIT.monorepo("outage-a", 1));
        String beforeBody = Webhooks.pushPayload(repo.url(), "it/outage", "refs/heads/a", ZEROS, before);
        HttpResponse<String> accepted = Webhooks.postGithub(stack.port(), "push",
                Webhooks.sign(TestStack.SECRET, beforeBody), beforeBody);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String during = repo.commit("during the outage", IntakeIT.monorepo("outage-b", 1));
        String duringBody = Webhooks.pushPayload(repo.url(), "it/outage", "refs/heads/b", ZEROS, during);
        String signature = Webhooks.sign(TestStack.SECRET, duringBody);

        stack.stopKafka();
        // Webhooks.post gives up after 10 s, as GitHub does: an answer at all means it came in time
        HttpResponse<String> refused = Webhooks.postGithub(stack.port(), "push", signature, duringBody);
        stack.startKafka();

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(refused.body()).contains("Kafka did not acknowledge");
        HttpResponse<String>[] retried = new HttpResponse[1];
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            retried[0] = Webhooks.postGithub(stack.port(), "push", signature, duringBody);
            // 200 when an earlier retry's requests reached Kafka after its answer had already given up: same builds
            assertThat(retried[0].statusCode()).as(retried[0].body()).isIn(200, 202);
        });
        Map<String, String> retriedBuilds = Webhooks.builds(retried[0].body());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(Webhooks.get(stack.port(), "/api/builds/" + retriedBuilds.get("s0")).body())
                    .contains("\"status\":\"queued\"");
            assertThat(Webhooks.get(stack.port(), "/api/builds/" + Webhooks.builds(accepted.body()).get("s0")).body())
                    .contains("\"status\":\"queued\"");
        });
        // nothing lost: the requests of both deliveries are on build-requests, not only their queued events
        assertThat(stack.requestedBuildIds()).contains(retriedBuilds.get("s0"),
                Webhooks.builds(accepted.body()).get("s0"));
    }
}
