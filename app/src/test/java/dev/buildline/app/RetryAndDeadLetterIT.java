package dev.buildline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.buildline.common.config.ImageConfig;
import dev.buildline.common.messages.BuildEvent;
import dev.buildline.common.messages.BuildRequest;
import dev.buildline.common.messages.BuildStatus;
import dev.buildline.common.messages.Topics;
import dev.buildline.ops.OpsMeters;
import dev.buildline.ops.OpsSettings;
import dev.buildline.runtime.kafka.KafkaClients;
import dev.buildline.runtime.kafka.KafkaSettings;
import dev.buildline.worker.WorkerSettings;
import io.vertx.core.Vertx;
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

/**
 * Real builds that fail: a registry that is down and comes back, a broken Dockerfile, a record nobody can read; builds
 * that wait and are cancelled. The worker's {@code /metrics} (served as {@code buildline worker} serves it) says what
 * happened: retries, buildx exit codes, durations by status, dead letters, builds running and queued, the group's lag.
 */
class RetryAndDeadLetterIT {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final Topics TOPICS = Topics.defaults();
    private static final String GROUP = "retry-workers";
    private static final Map<String, String> WORKER = Map.of("worker", "retry-worker");

    @TempDir
    static Path temp;
    private static WorkerStack stack;
    private static OpsMeters meters;
    private static Vertx vertx;
    private static WorkerOps ops;

    @BeforeAll
    static void start() throws Exception {
        BuildHost.require();
        meters = new OpsMeters();
        stack = WorkerStack.start(temp, bootstrap -> WorkerSettings.defaults(bootstrap, TOPICS, GROUP,
                "retry-worker", 2, temp.resolve("worker")).withRetries(6, Duration.ofSeconds(1)), meters.registry());
        vertx = Vertx.vertx();
        ops = WorkerOps.start(vertx, new KafkaClients(KafkaSettings.plaintext(stack.kafka().bootstrapServers())), TOPICS,
                meters, new OpsSettings(GROUP, Duration.ofMillis(300)), 0, false, stack.worker());
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable resource : new AutoCloseable[] {ops, stack, meters, vertx == null ? null
                : () -> vertx.close().await()}) {
            if (resource != null) {
                resource.close();
            }
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

            Scrape before = Scrape.of(ops.port());

            stack.requests().send(request);
            BuildEvent retry = awaitRetry(request.buildId(), 2);
            registry.open();

            BuildEvent done = stack.events().awaitTerminal(request.buildId(), Duration.ofMinutes(4));
            Scrape after = Scrape.of(ops.port());
            assertThat(retry.error()).startsWith("attempt 1 failed; retrying in").contains("connection refused");
            assertThat(moved(before, after, "buildline_worker_build_retries_total", WORKER))
                    .isEqualTo(done.attempt() - 1);
            // each failed attempt's push was refused, so buildx exited 1 on its own; the last attempt built
            assertThat(moved(before, after, "buildline_worker_buildx_exits_total", with("code", "1")))
                    .isEqualTo(done.attempt() - 1);
            assertThat(moved(before, after, "buildline_worker_buildx_exits_total", with("code", "0"))).isEqualTo(1);
            assertThat(moved(before, after, "buildline_worker_build_duration_seconds_count", with("status",
                    "succeeded"))).isEqualTo(1);
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

        Scrape before = Scrape.of(ops.port());

        stack.requests().send(request);

        BuildEvent done = stack.events().awaitTerminal(request.buildId(), Duration.ofMinutes(3));
        Scrape after = Scrape.of(ops.port());
        assertThat(moved(before, after, "buildline_worker_buildx_exits_total", with("code", "1"))).isEqualTo(1);
        assertThat(moved(before, after, "buildline_worker_build_duration_seconds_count", with("status", "failed")))
                .isEqualTo(1);
        assertThat(moved(before, after, "buildline_worker_build_duration_seconds_sum", with("status", "failed")))
                .isEqualTo(done.durationMs() / 1000.0, org.assertj.core.data.Offset.offset(0.001));
        assertThat(moved(before, after, "buildline_worker_build_retries_total", WORKER)).isZero();
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

        Scrape before = Scrape.of(ops.port());

        stack.requests().sendRaw(request.key(), poison);
        stack.requests().send(request);

        BuildEvent done = stack.events().awaitTerminal(request.buildId(), Duration.ofMinutes(3));
        assertThat(done.status()).as(done.error()).isEqualTo(BuildStatus.SUCCEEDED);
        assertThat(moved(before, Scrape.of(ops.port()), "buildline_worker_dead_letters_total", WORKER)).isEqualTo(1);
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

    @Test
    void whileBuildsRunAndWaitTheGaugesAndTheGroupsLagCountThemAndReturnToZeroOnceTheyEnd() throws Exception {
        await().atMost(Duration.ofMinutes(1)).until(() -> Scrape.of(ops.port()).sum("buildline_queue_lag") == 0);
        List<BuildRequest> slow = new ArrayList<>();
        for (String name : List.of("slow-a", "slow-b", "slow-c")) {
            String commit = stack.repo().commit(name, Map.of(name + "/Dockerfile", "FROM " + BuildHost.BASE_IMAGE
                    + "\nRUN echo " + name + "-" + RUN + " && sleep 300\n"));
            slow.add(Requests.request(stack.repo().url(), commit, Requests.image(name, BuildHost.REGISTRY
                    + "/buildline-it/" + name + "-" + RUN, "./" + name + "/Dockerfile", "./" + name, false, null), "v1"));
        }
        Scrape before = Scrape.of(ops.port());

        stack.requests().send(slow.toArray(BuildRequest[]::new));

        // three keys, two build threads: two run, the third waits for a thread; none is committed yet
        await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
            Scrape busy = Scrape.of(ops.port());
            assertThat(busy.sum("buildline_worker_builds_running", WORKER)).isEqualTo(2);
            assertThat(busy.sum("buildline_worker_builds_queued", WORKER)).isEqualTo(1);
            assertThat(busy.sum("buildline_queue_lag")).isEqualTo(3);
        });
        for (BuildRequest request : slow) {
            stack.requests().cancel(request.buildId());
        }
        List<BuildEvent> cancelled = new ArrayList<>();
        for (BuildRequest request : slow) {
            cancelled.add(stack.events().awaitTerminal(request.buildId(), Duration.ofMinutes(2)));
        }
        assertThat(cancelled).extracting(BuildEvent::status).containsOnly(BuildStatus.CANCELLED);
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
            Scrape idle = Scrape.of(ops.port());
            assertThat(idle.sum("buildline_worker_builds_running", WORKER)).isZero();
            assertThat(idle.sum("buildline_worker_builds_queued", WORKER)).isZero();
            assertThat(idle.sum("buildline_queue_lag")).isZero();
        });
        // those stopped while building have a duration (at least the two running); one that never started has none
        long withDuration = cancelled.stream().filter(event -> event.durationMs() != null).count();
        assertThat(withDuration).isGreaterThanOrEqualTo(2);
        assertThat(moved(before, Scrape.of(ops.port()), "buildline_worker_build_duration_seconds_count",
                with("status", "cancelled"))).isEqualTo(withDuration);
    }

    private static Map<String, String> with(String label, String value) {
        return Map.of("worker", "retry-worker", label, value);
    }

    private static double moved(Scrape before, Scrape after, String series, Map<String, String> labels) {
        return after.sum(series, labels) - before.sum(series, labels);
    }

    private static BuildEvent awaitRetry(String buildId, int attempt) {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100)).until(() -> stack.events().of(buildId)
                .stream().anyMatch(e -> e.status() == BuildStatus.QUEUED && e.attempt() == attempt));
        return stack.events().of(buildId).stream().filter(e -> e.status() == BuildStatus.QUEUED && e.attempt() == attempt)
                .findFirst().orElseThrow();
    }
}
