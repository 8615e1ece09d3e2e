package dev.buildline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.buildline.common.messages.Json;
import dev.buildline.common.messages.Topics;
import dev.buildline.coordinator.intake.RepositorySettings;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commit statuses end to end: a real coordinator and worker on a real KRaft broker, a repository whose {@code status:}
 * points at {@link StatusRecorder} (a local server answering as GitHub's statuses API does; GitHub cannot be reached
 * from here), a signed push built by the real buildx, and a coordinator restart on the same broker and group.
 */
class CommitStatusIT {

    private static final String ZEROS = "0".repeat(40);
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    Path temp;

    @Test
    void aPushPostsPendingThenSuccessAndARestartPostsNothingAgainPastAnUnreadableEvent() throws Exception {
        BuildHost.require();
        try (StatusRecorder github = new StatusRecorder(); TestRepo repo = TestRepo.create(temp.resolve("repo"))) {
            RepositorySettings repositories = RepositorySettings.parse("""
                    - url: %s
                      status: {host: github, apiUrl: %s, tokenEnv: IT_STATUS_TOKEN}
                    """.formatted(repo.url(), github.url()), "repos.yaml", "devspace.yaml",
                    Map.of("IT_STATUS_TOKEN", "ghp_it_status"), null, null);
            try (TestStack stack = TestStack.start(temp.resolve("stack"), List.of(repo.url()), true, repositories)) {
                String first = pushAndBuild(stack, repo, 1);
                List<StatusRecorder.Request> posted = await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(200)).until(github::requests,
                                requests -> states(requests).contains("success"));
                assertThat(states(posted)).containsSubsequence("pending", "success").last().isEqualTo("success");
                assertThat(posted).extracting(StatusRecorder.Request::path)
                        .containsOnly("/repos/it/status/statuses/" + first);
                assertThat(posted).extracting(StatusRecorder.Request::authorization)
                        .containsOnly("Bearer ghp_it_status");
                assertThat(posted).extracting(r -> Json.mapper().readTree(r.body()).path("context").asText())
                        .containsOnly("buildline/web");

                // a new coordinator on the same broker and group resumes after what was reported
                stack.stopCoordinator();
                stack.startCoordinator();
                // an unreadable record on every partition of build-events is passed over, not a stuck group
                try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                        stack.bootstrap()), new StringSerializer(), new StringSerializer())) {
                    for (int p = 0; p < 3; p++) {
                        producer.send(new ProducerRecord<>(Topics.defaults().buildEvents(), p, "it", "{not json"))
                                .get();
                    }
                }
                String second = pushAndBuild(stack, repo, 2);
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .until(() -> github.requests().stream().anyMatch(r -> r.path().endsWith(second)
                                && r.body().contains("\"success\"")));
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                        .until(() -> statusGroupLag(stack) == 0);
                assertThat(github.requests()).filteredOn(r -> r.path().endsWith(first))
                        .containsExactlyElementsOf(posted);
            }
        }
    }

    private static String pushAndBuild(TestStack stack, TestRepo repo, int n) throws Exception {
        String commit = repo.commit("web " + n, Map.of(
                "devspace.yaml", """
                        version: v2beta1
                        images:
                          web:
                            image: %s/buildline-it/status-%s
                            network: none
                            buildKit: {}
                        """.formatted(BuildHost.REGISTRY, RUN),
                "Dockerfile", "FROM " + BuildHost.BASE_IMAGE + "\nRUN echo status-" + RUN + "-" + n + " > /s.txt\n"));
        String body = Webhooks.pushPayload(repo.url(), "it/status", "refs/heads/main", ZEROS, commit);
        HttpResponse<String> accepted = Webhooks.postGithub(stack.port(), "push",
                Webhooks.sign(TestStack.SECRET, body), body);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode done = Webhooks.awaitTerminal(stack.port(), Webhooks.builds(accepted.body()).get("web"));
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("succeeded");
        return commit;
    }

    private static List<String> states(List<StatusRecorder.Request> requests) {
        return requests.stream().map(r -> {
            try {
                return Json.mapper().readTree(r.body()).path("state").asText();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    /** Records of build-events the status group has not committed yet, over all partitions. */
    private static long statusGroupLag(TestStack stack) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrap()))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin
                    .listConsumerGroupOffsets(CoordinatorProcess.STATUS_GROUP).partitionsToOffsetAndMetadata().get();
            long lag = 0;
            for (int p = 0; p < 3; p++) {
                TopicPartition partition = new TopicPartition(Topics.defaults().buildEvents(), p);
                long end = admin.listOffsets(Map.of(partition, OffsetSpec.latest())).all().get().get(partition)
                        .offset();
                OffsetAndMetadata at = committed.get(partition);
                lag += end - (at == null ? 0 : at.offset());
            }
            return lag;
        }
    }
}
