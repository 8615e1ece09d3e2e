package dev.buildline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.buildline.common.config.ImageConfig;
import dev.buildline.common.messages.BuildEvent;
import dev.buildline.common.messages.BuildRequest;
import dev.buildline.common.messages.BuildStatus;
import dev.buildline.common.messages.Topics;
import dev.buildline.worker.WorkerSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real builds that fail: a registry that is down and comes back, a broken Dockerfile, a record nobody can read. */
class RetryAndDeadLetterIT {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final Topics TOPICS = Topics.defaults();

    @TempDir
    static Path temp;
    private static WorkerStack stack;

    @BeforeAll
    static void start() throws Exception {
        BuildHost.require();
        stack = WorkerStack.start(temp, bootstrap -> WorkerSettings.defaults(bootstrap, TOPICS, "retry-workers",
                "retry-worker", 2, temp.resolve("worker")).withRetries(6, Duration.ofSeconds(1)));
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aPushToARegistryThatIsDownIsRetriedAndSucceedsOnceItIsBack() throws Exception {
        try (TcpProxy registry = new TcpProxy(5000)) {
            String commit = stack.repo().commit("retry", Map.of("retry/Dockerfile", "FROM scratch\nCOPY a.txt /a.txt\n",
                    "retry/a.txt", "retry " + RUN + "\n"));
            String image = "127.0.0.1:" + registry.port() + "/buildline-it/retry-" + RUN;
            BuildRequest request = Requests.request(stack.repo().url(), commit,
                    Requests.image("retry", image, "./retry/Dockerfile", "./retry", false, null), "v1");

            stack.requests().send(request);
            BuildEvent retry = awaitRetry(request.buildId(), 2);
            registry.open();

            BuildEvent done = stack.events().awaitTerminal(request.buildId(), Duration.ofMinutes(4));
            assertThat(retry.error()).startsWith("attempt 1 failed; retrying in").contains("connection refused");
            assertThat(done.status()).as(done.error()).isEqualTo(BuildStatus.SUCCEEDED);
            assertThat(done.attempt()).isGreaterThanOrEqualTo(2);
            assertThat(done.digest()).startsWith("sha256:")
                    .isEqualTo(Webhooks.registryDigest(BuildHost.REGISTRY + "/buildline-it/retry-" + RUN + ":v1"));
            assertThat(stack.events().terminals(request.buildId())).hasSize(1);
            List<Integer> runningAttempts = stack.events().of(request.buildId()).stream()
                    .filter(e -> e.status() == BuildStatus.RUNNING).map(BuildEvent::attempt).toList();
            assertThat(runningAttempts).startsWith(1, 2).isSorted().doesNotHaveDuplicates().endsWith(done.attempt());
        }
    }

    @Test
    void aDockerfileErrorFailsAtOnceWithoutRetry() throws Exception {
        String commit = stack.repo().commit("broken", Map.of("broken/Dockerfile",
                "FROM " + BuildHost.BASE_IMAGE + "\nRUN echo broken " + RUN + " && exit 3\n"));
        BuildRequest request = Requests.request(stack.repo().url(), commit, Requests.image("broken",
                BuildHost.REGISTRY + "/buildline-it/broken-" + RUN, "./broken/Dockerfile", "./broken", false, null), "v1");

        stack.requests().send(request);

        BuildEvent done = stack.events().awaitTerminal(request.buildId(), Duration.ofMinutes(3));
        assertThat(done.status()).isEqualTo(BuildStatus.FAILED);
        assertThat(done.attempt()).isEqualTo(1);
        assertThat(done.error()).startsWith("buildx exited with code 1").contains("exit code: 3");
        assertThat(stack.events().of(request.buildId())).extracting(BuildEvent::status)
                .containsExactly(BuildStatus.RUNNING, BuildStatus.FAILED);
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicAndTheNextRecordOfItsKeyStillBuilds() throws Exception {
        String commit = stack.repo().commit("after poison", Map.of("ok/Dockerfile", "FROM scratch\nCOPY b.txt /b.txt\n",
                "ok/b.txt", "ok " + RUN + "\n"));
        BuildRequest request = Requests.request(stack.repo().url(), commit, Requests.image("ok",
                BuildHost.REGISTRY + "/buildline-it/ok-" + RUN, "./ok/Dockerfile", "./ok", false, null), "v1");
        byte[] poison = "{\"schemaVersion\": 1, \"buildId\": ".getBytes(StandardCharsets.UTF_8);

        stack.requests().sendRaw(request.key(), poison);
        stack.requests().send(request);

        BuildEvent done = stack.events().awaitTerminal(request.buildId(), Duration.ofMinutes(3));
        assertThat(done.status()).as(done.error()).isEqualTo(BuildStatus.SUCCEEDED);
        List<ConsumerRecord<String, byte[]>> dead = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                stack.kafka().bootstrapServers()), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPICS.buildRequestsDlq()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(dead::add);
                return dead.stream().anyMatch(r -> request.key().equals(r.key()));
            });
        }
        ConsumerRecord<String, byte[]> letter = dead.stream().filter(r -> request.key().equals(r.key())).findFirst()
                .orElseThrow();
        assertThat(letter.value()).isEqualTo(poison);
        assertThat(new String(letter.headers().lastHeader("buildline_reason").value(), StandardCharsets.UTF_8))
                .startsWith("unreadable build request at " + TOPICS.buildRequests());
        await().atMost(Duration.ofSeconds(30)).until(() -> stack.requests().allCommitted("retry-workers"));
    }

    private static BuildEvent awaitRetry(String buildId, int attempt) {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100)).until(() -> stack.events().of(buildId)
                .stream().anyMatch(e -> e.status() == BuildStatus.QUEUED && e.attempt() == attempt));
        return stack.events().of(buildId).stream().filter(e -> e.status() == BuildStatus.QUEUED && e.attempt() == attempt)
                .findFirst().orElseThrow();
    }
}
