package dev.buildline.app;

import dev.buildline.common.messages.BuildEvent;
import dev.buildline.common.messages.BuildStatus;
import dev.buildline.common.messages.Json;
import dev.buildline.common.messages.Topics;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.jgit.util.FileUtils;

/**
 * Webhook 202 to {@code running}: how long a pushed change waits before a worker starts building it.
 *
 * <p>An embedded KRaft broker, a coordinator and one worker in-process, wired as {@code buildline dev} wires them, and
 * a git repository whose devspace.yaml has one image ({@code FROM scratch}, one copied file). All commits are made
 * before anything is timed. One client sends a signed GitHub push creating a new branch at its own commit (so the image
 * is planned and its request published), takes the time when the 202 arrives, and waits until a tail consumer on
 * build-events has seen the build's {@code running} event; latency is the time between the two. Then it waits for the
 * build (real buildx, pushed to 127.0.0.1:5000) to end before the next push, so every figure is dispatch onto an idle
 * worker, not time in a queue. A running event that arrives before the 202 counts as 0.
 *
 * <p>System properties: {@code bench.pushes} (measured pushes, 100), {@code bench.warmup} (10). Needs the build host
 * ({@code scripts/build-host.sh}).
 */
final class DispatchBenchmark {

    private static final String ZEROS = "0".repeat(40);
    private static final double TARGET_P50_MS = 20;
    private static final double TARGET_P99_MS = 100;
    private static final Duration WAIT = Duration.ofMinutes(2);

    private DispatchBenchmark() {
    }

    /** One pre-signed push. */
    private record Push(String body, String signature) {
    }

    public static void main(String[] args) throws Exception {
        int pushes = Integer.getInteger("bench.pushes", 100);
        int warmup = Integer.getInteger("bench.warmup", 10);
        String problem = BuildHostCheck.problem();
        if (problem != null) {
            throw new IllegalStateException("run scripts/build-host.sh first: " + problem);
        }
        Path dir = Files.createTempDirectory("buildline-dispatch-bench");
        String image = BuildHost.REGISTRY + "/buildline-bench/dispatch-" + UUID.randomUUID().toString().substring(0, 8);
        try (TestRepo repo = TestRepo.create(dir.resolve("repo"));
             TestStack stack = TestStack.start(dir.resolve("stack"), List.of(repo.url()), true);
             Tail tail = new Tail(stack.bootstrap())) {
            List<Push> all = pushes(repo, image, warmup + pushes);
            measure(stack.port(), tail, all.subList(0, warmup));
            Latencies latencies = measure(stack.port(), tail, all.subList(warmup, all.size()));
            System.out.printf("%nDispatch benchmark: %d signed GitHub pushes (one image each, real buildx build and"
                    + " push), one worker, after %d warm-up%n", pushes, warmup);
            System.out.printf("%-34s %10s %10s%n", "webhook 202 -> running", "measured", "target");
            System.out.printf("%-34s %10.2f %10s%n", "p50 ms", latencies.medianMillis(), "<= " + (int) TARGET_P50_MS);
            System.out.printf("%-34s %10.2f %10s%n", "p99 ms", latencies.percentileMillis(99),
                    "<= " + (int) TARGET_P99_MS);
            System.out.printf("%-34s %10.2f%n", "max ms", latencies.maxMillis());
            System.out.printf("p50 %s, p99 %s%n", latencies.medianMillis() <= TARGET_P50_MS ? "met" : "NOT met",
                    latencies.percentileMillis(99) <= TARGET_P99_MS ? "met" : "NOT met");
            System.out.println();
            System.out.println(Summary.HEADER);
            Summary.row("dispatch 202 -> running p50 ms", String.format("%.1f", latencies.medianMillis()),
                    "-", latencies.medianMillis() / TARGET_P50_MS, "<= " + (int) TARGET_P50_MS + " ms (ratio: to target)");
            Summary.row("dispatch 202 -> running p99 ms", String.format("%.1f", latencies.percentileMillis(99)),
                    "-", latencies.percentileMillis(99) / TARGET_P99_MS,
                    "<= " + (int) TARGET_P99_MS + " ms (ratio: to target)");
        } finally {
            FileUtils.delete(dir.toFile(), FileUtils.RECURSIVE | FileUtils.RETRY | FileUtils.SKIP_MISSING);
        }
    }

    /** A commit per push (each changes the image's context, so none is skipped), each push a new branch. */
    private static List<Push> pushes(TestRepo repo, String image, int count) throws Exception {
        repo.commit("devspace.yaml", Map.of("devspace.yaml", """
                version: v2beta1
                images:
                  tiny:
                    image: %s
                    context: ./tiny
                    dockerfile: ./tiny/Dockerfile
                    buildKit: {}
                """.formatted(image), "tiny/Dockerfile", "FROM scratch\nCOPY f.txt /f.txt\n"));
        List<Push> pushes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String commit = repo.commit("change " + i, Map.of("tiny/f.txt", "change " + i + "\n"));
            String body = Webhooks.pushPayload(repo.url(), "bench/dispatch", "refs/heads/dispatch-" + i, ZEROS, commit);
            pushes.add(new Push(body, Webhooks.sign(TestStack.SECRET, body)));
        }
        return pushes;
    }

    private static Latencies measure(int port, Tail tail, List<Push> pushes) throws Exception {
        Latencies latencies = new Latencies(pushes.size());
        for (Push push : pushes) {
            HttpResponse<String> answer = Webhooks.postGithub(port, "push", push.signature(), push.body());
            long accepted = System.nanoTime();
            if (answer.statusCode() != 202) {
                throw new IllegalStateException("webhook answered " + answer.statusCode() + ": " + answer.body());
            }
            String buildId = Webhooks.builds(answer.body()).get("tiny");
            long running = tail.await(buildId, BuildStatus.RUNNING);
            latencies.add(Math.max(0, running - accepted));
            BuildEvent ended = tail.awaitTerminal(buildId);
            if (ended.status() != BuildStatus.SUCCEEDED) {
                throw new IllegalStateException("build " + buildId + " ended " + ended.status().wireName() + ": "
                        + ended.error());
            }
        }
        return latencies;
    }

    /** Reads build-events from their ends as they arrive and notes when each build's events came. */
    static final class Tail implements AutoCloseable {

        private final KafkaConsumer<String, byte[]> consumer;
        private final Map<String, Long> arrived = new ConcurrentHashMap<>();
        private final Map<String, BuildEvent> terminal = new ConcurrentHashMap<>();
        private final Thread thread;
        private volatile boolean running = true;

        Tail(String bootstrap) {
            consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap), new StringDeserializer(),
                    new ByteArrayDeserializer());
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.defaults().buildEvents()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            thread = new Thread(this::run, "bench-tail");
            thread.start();
        }

        private void run() {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.nanoTime();
                    BuildEvent event = Json.read(record.value(), BuildEvent.class);
                    arrived.putIfAbsent(event.buildId() + "/" + event.status().wireName(), now);
                    if (event.status().isTerminal()) {
                        terminal.putIfAbsent(event.buildId(), event);
                    }
                }
            }
            consumer.close();
        }

        long await(String buildId, BuildStatus status) throws InterruptedException {
            long until = System.nanoTime() + WAIT.toNanos();
            Long at;
            while ((at = arrived.get(buildId + "/" + status.wireName())) == null) {
                if (System.nanoTime() > until) {
                    throw new IllegalStateException("no " + status.wireName() + " event of " + buildId + " in " + WAIT);
                }
                Thread.sleep(0, 200_000);
            }
            return at;
        }

        BuildEvent awaitTerminal(String buildId) throws InterruptedException {
            long until = System.nanoTime() + WAIT.toNanos();
            while (!terminal.containsKey(buildId)) {
                if (System.nanoTime() > until) {
                    throw new IllegalStateException("build " + buildId + " did not end in " + WAIT);
                }
                Thread.sleep(5);
            }
            return terminal.get(buildId);
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(5000);
        }
    }
}
