package dev.buildline.app;

import dev.buildline.app.kafka.TopicSetup;
import dev.buildline.common.messages.Topics;
import dev.buildline.coordinator.intake.BuildPublisher;
import dev.buildline.runtime.kafka.KafkaClients;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.jgit.util.FileUtils;

/**
 * Signed-webhook intake over HTTP/1.1 (as GitHub, GitLab and Gitea send them) next to a raw kafka-clients producer, in
 * one run against one embedded broker.
 *
 * <p>Intake side: a real coordinator (no worker, so builds stay queued) receives signed GitHub pushes; each push
 * creates a new branch (before = all zeros) at its own pre-made commit, so every image is planned and published, and
 * the 202 comes only after Kafka acknowledged every request and queued event. First closed loops at each sender count
 * of {@code bench.senders} (next push when the previous one is answered), then open loops at fixed arrival rates, a
 * fraction ({@code bench.openFractions}) of the highest closed-loop rate: push i is due at start + i / rate whether or
 * not earlier ones were answered, and its latency runs from when it was due (coordinated omission corrected), into an
 * HdrHistogram.
 *
 * <p>Raw side: a {@link KafkaProducer} with the coordinator's own producer settings (acks=all, idempotent) replays the
 * very records the coordinator published (keys, values, headers) to topics under another prefix, with at most as many
 * records in flight as the intake side could have had at its most senders (senders x images x 2).
 *
 * <p>System properties: {@code bench.webhooks} (measured pushes per phase, 400), {@code bench.warmup} (600, long
 * enough that C2 is done compiling intake before the first measured phase), {@code bench.senders} (1,16,64),
 * {@code bench.openFractions} (0.5), {@code bench.images} (images in devspace.yaml, 3).
 */
final class IntakeBenchmark {

    private static final String ZEROS = "0".repeat(40);
    private static final Topics RAW_TOPICS = new Topics("bench-raw.");
    private static final double TARGET_RAW_RATIO = 0.3;
    private static final double TARGET_OPEN_P99_MS = 100;
    private static final HttpClient HTTP_1_1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newCachedThreadPool()).build();

    private IntakeBenchmark() {
    }

    /** One pre-signed push. */
    private record Push(String body, String signature) {
    }

    /** What one phase of sending measured; latencies in microseconds. */
    private record Run(String name, Histogram micros, long elapsedNanos, int pushes, int builds) {
        double perSecond(long items) {
            return items / (elapsedNanos / 1e9);
        }

        double millis(double percentile) {
            return micros.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    public static void main(String[] args) throws Exception {
        int webhooks = Integer.getInteger("bench.webhooks", 400);
        int warmup = Integer.getInteger("bench.warmup", 600);
        int images = Integer.getInteger("bench.images", 3);
        List<Integer> senders = Arrays.stream(System.getProperty("bench.senders", "1,16,64").split(","))
                .map(String::trim).map(Integer::valueOf).toList();
        List<Double> fractions = Arrays.stream(System.getProperty("bench.openFractions", "0.5").split(","))
                .map(String::trim).map(Double::valueOf).toList();
        int maxSenders = senders.stream().mapToInt(Integer::intValue).max().orElseThrow();
        Path dir = Files.createTempDirectory("buildline-intake-bench");
        try (TestRepo repo = TestRepo.create(dir.resolve("repo"));
             TestStack stack = TestStack.start(dir.resolve("stack"), List.of(repo.url()), false)) {
            TopicSetup.ensure(stack.bootstrap(), RAW_TOPICS, 3, (short) 1);
            long preparing = System.nanoTime();
            int total = warmup + webhooks * (senders.size() + fractions.size());
            List<Push> pushes = pushes(repo, total, images);
            System.out.printf("prepared %d commits of a %d-image devspace.yaml in %d ms%n", pushes.size(), images,
                    (System.nanoTime() - preparing) / 1_000_000);

            int from = 0;
            closedLoop("warm-up", stack.port(), pushes.subList(from, from += warmup), Math.min(16, maxSenders));
            List<Run> closed = new ArrayList<>();
            for (int count : senders) {
                closed.add(closedLoop("closed loop, " + count + " senders", stack.port(),
                        pushes.subList(from, from += webhooks), count));
            }
            double maxRate = closed.stream().mapToDouble(run -> run.perSecond(run.pushes())).max().orElseThrow();
            List<Run> open = new ArrayList<>();
            for (double fraction : fractions) {
                double rate = maxRate * fraction;
                open.add(openLoop(String.format("open loop, %.0f/s (%.2f x max)", rate, fraction), stack.port(),
                        pushes.subList(from, from += webhooks), rate));
            }

            List<ProducerRecord<String, byte[]>> records = publishedRecords(stack.bootstrap());
            int window = maxSenders * images * 2;
            int warmupRecords = Math.min(records.size() / 4, warmup * images * 2);
            Run raw;
            try (KafkaProducer<String, byte[]> producer =
                         new KafkaProducer<>(new HashMap<String, Object>(BuildPublisher.producerConfig(KafkaClients.plaintext(stack.bootstrap()))))) {
                sendRecords(producer, records.subList(0, warmupRecords), window);
                raw = sendRecords(producer, records.subList(warmupRecords, records.size()), window);
            }
            print(warmup, images, closed, open, raw, records, window);
        } finally {
            FileUtils.delete(dir.toFile(), FileUtils.RECURSIVE | FileUtils.RETRY | FileUtils.SKIP_MISSING);
        }
    }

    /** Commits first (never while measuring), then signs one new-branch push per commit. */
    private static List<Push> pushes(TestRepo repo, int count, int images) throws Exception {
        repo.commit("monorepo", IntakeIT.monorepo("bench", images));
        List<Push> pushes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String commit = repo.commit("change " + i, Map.of("services/s" + (i % images) + "/app.txt", "change " + i));
            String body = Webhooks.pushPayload(repo.url(), "bench/monorepo", "refs/heads/bench-" + i, ZEROS, commit);
            pushes.add(new Push(body, Webhooks.sign(TestStack.SECRET, body)));
        }
        return pushes;
    }

    private static Histogram histogram() {
        return new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(2), 3);
    }

    /** Sends one push over HTTP/1.1 and answers how many builds its 202 named. */
    private static int send(int port, Push push) throws Exception {
        HttpResponse<String> answer = Webhooks.postGithub(HTTP_1_1, port, "push", push.signature(), push.body());
        if (answer.statusCode() != 202) {
            throw new IllegalStateException("webhook answered " + answer.statusCode() + ": " + answer.body());
        }
        return Webhooks.builds(answer.body()).size();
    }

    /** Closed loop: each sender thread sends its next push as soon as the previous one was answered. */
    private static Run closedLoop(String name, int port, List<Push> pushes, int senders) throws Exception {
        Histogram micros = histogram();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger builds = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        try {
            long start = System.nanoTime();
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < senders; c++) {
                running.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < pushes.size(); i = next.getAndIncrement()) {
                        long sent = System.nanoTime();
                        builds.addAndGet(send(port, pushes.get(i)));
                        micros.recordValue((System.nanoTime() - sent) / 1000);
                    }
                    return null;
                }));
            }
            for (Future<?> sender : running) {
                sender.get();
            }
            return new Run(name, micros, System.nanoTime() - start, pushes.size(), builds.get());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Open loop: push i is due at start + i / rate and is sent then on a thread of its own (however many earlier ones
     * are still unanswered); its latency runs from when it was due, so a stalled coordinator is charged for every push
     * that waited behind the stall.
     */
    private static Run openLoop(String name, int port, List<Push> pushes, double rate) throws Exception {
        Histogram micros = histogram();
        AtomicInteger builds = new AtomicInteger();
        ExecutorService pool = Executors.newCachedThreadPool();
        try {
            long interval = (long) (1e9 / rate);
            long start = System.nanoTime();
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < pushes.size(); i++) {
                long due = start + i * interval;
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                Push push = pushes.get(i);
                sent.add(pool.submit(() -> {
                    builds.addAndGet(send(port, push));
                    micros.recordValue((System.nanoTime() - due) / 1000);
                    return null;
                }));
            }
            for (Future<?> push : sent) {
                push.get();
            }
            return new Run(name, micros, System.nanoTime() - start, pushes.size(), builds.get());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Every build request and queued event the coordinator published, readdressed to the raw topics. */
    private static List<ProducerRecord<String, byte[]>> publishedRecords(String bootstrap) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        Topics buildline = Topics.defaults();
        Map<String, String> target = Map.of(buildline.buildRequests(), RAW_TOPICS.buildRequests(),
                buildline.buildEvents(), RAW_TOPICS.buildEvents());
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : target.keySet()) {
                consumer.partitionsFor(topic).forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    records.add(new ProducerRecord<>(target.get(record.topic()), null, record.key(), record.value(),
                            record.headers()));
                }
            }
        }
        return records;
    }

    /** Open loop bounded by {@code window} records in flight; a record's latency runs from send() to its ack. */
    private static Run sendRecords(KafkaProducer<String, byte[]> producer, List<ProducerRecord<String, byte[]>> records,
                                   int window) throws InterruptedException {
        Histogram micros = histogram();
        Semaphore inFlight = new Semaphore(window);
        AtomicReference<Exception> failure = new AtomicReference<>();
        long start = System.nanoTime();
        for (ProducerRecord<String, byte[]> record : records) {
            inFlight.acquire();
            long sent = System.nanoTime();
            producer.send(record, (metadata, error) -> {
                micros.recordValue((System.nanoTime() - sent) / 1000);
                if (error != null) {
                    failure.compareAndSet(null, error);
                }
                inFlight.release();
            });
        }
        inFlight.acquire(window);
        long elapsed = System.nanoTime() - start;
        if (failure.get() != null) {
            throw new IllegalStateException("the raw producer failed: " + failure.get().getMessage(), failure.get());
        }
        return new Run("raw KafkaProducer: record -> ack (acks=all)", micros, elapsed, records.size(), 0);
    }

    private static void print(int warmup, int images, List<Run> closed, List<Run> open, Run raw,
                              List<ProducerRecord<String, byte[]>> records, int window) {
        long bytes = records.stream().mapToLong(record -> record.value().length).sum();
        System.out.printf("%nIntake benchmark: signed GitHub push webhooks over HTTP/1.1 (%d images each, %d records"
                + " per push), after %d warm-up; raw producer after %d warm-up records%n", images, images * 2, warmup,
                records.size() - raw.pushes());
        String row = "%-44s %7d  %-22s %8.2f %8.2f %8.2f %8.2f%n";
        System.out.printf("%-44s %7s  %-22s %8s %8s %8s %8s%n", "side", "count", "throughput", "p50 ms", "p99 ms",
                "p99.9 ms", "max ms");
        List<Run> intake = new ArrayList<>(closed);
        intake.addAll(open);
        for (Run run : intake) {
            System.out.printf(row, run.name(), run.pushes(), String.format("%.1f webhooks/s", run.perSecond(run.pushes())),
                    run.millis(50), run.millis(99), run.millis(99.9), run.millis(100));
            System.out.printf("%-44s %7d  %s%n", "  records published (requests + queued)", run.builds() * 2,
                    String.format("%.1f records/s", run.perSecond(run.builds() * 2L)));
        }
        System.out.printf(row, raw.name(), raw.pushes(), String.format("%.1f records/s", raw.perSecond(raw.pushes())),
                raw.millis(50), raw.millis(99), raw.millis(99.9), raw.millis(100));
        System.out.printf("raw records: the coordinator's own build requests and queued events (avg %d bytes of value),"
                + " at most %d in flight%n", bytes / Math.max(records.size(), 1), window);

        System.out.println();
        System.out.println(Summary.HEADER);
        double rawRate = raw.perSecond(raw.pushes());
        for (Run run : closed) {
            double rate = run.perSecond(run.builds() * 2L);
            Summary.row("intake " + run.name() + ", records/s", String.format("%.0f", rate),
                    String.format("%.0f raw", rawRate), rate / rawRate,
                    run == closed.get(closed.size() - 1) ? ">= " + TARGET_RAW_RATIO + "x raw" : "-");
            Summary.row("  p50 / p99 ms", String.format("%.1f / %.1f", run.millis(50), run.millis(99)),
                    String.format("%.1f / %.1f", raw.millis(50), raw.millis(99)), run.millis(99) / raw.millis(99), "-");
        }
        for (Run run : open) {
            Summary.row("intake " + run.name() + ", p99 ms", String.format("%.1f", run.millis(99)),
                    String.format("%.1f raw", raw.millis(99)), run.millis(99) / TARGET_OPEN_P99_MS,
                    "<= " + (int) TARGET_OPEN_P99_MS + " ms (ratio: to target)");
        }
    }
}
