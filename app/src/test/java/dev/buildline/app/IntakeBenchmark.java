package dev.buildline.app;

import dev.buildline.app.kafka.TopicSetup;
import dev.buildline.common.messages.Topics;
import dev.buildline.coordinator.intake.BuildPublisher;
import dev.buildline.runtime.kafka.KafkaClients;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.jgit.util.FileUtils;

/**
 * Signed-webhook intake next to a raw kafka-clients producer, in one run against one embedded broker.
 *
 * <p>Intake side: a real coordinator (no worker, so builds stay queued) receives signed GitHub pushes from a few client
 * threads; each push creates a new branch (before = all zeros) at its own pre-made commit, so every image is planned
 * and published, and the 202 comes only after Kafka acknowledged every request and queued event.
 *
 * <p>Raw side: a {@link KafkaProducer} with the coordinator's own producer settings (acks=all, idempotent) replays the
 * very records the coordinator published (keys, values, headers) to topics under another prefix, with at most as many
 * records in flight as the intake side could have had (clients x images x 2).
 *
 * <p>System properties: {@code bench.webhooks} (measured pushes), {@code bench.warmup}, {@code bench.clients},
 * {@code bench.images} (images in devspace.yaml).
 */
final class IntakeBenchmark {

    private static final String ZEROS = "0".repeat(40);
    private static final Topics RAW_TOPICS = new Topics("bench-raw.");

    private IntakeBenchmark() {
    }

    /** One pre-signed push. */
    private record Push(String body, String signature) {
    }

    /** What one phase of sending measured. */
    private record Run(Latencies latencies, long elapsedNanos, int builds) {
        double perSecond(long items) {
            return items / (elapsedNanos / 1e9);
        }
    }

    public static void main(String[] args) throws Exception {
        int webhooks = Integer.getInteger("bench.webhooks", 600);
        int warmup = Integer.getInteger("bench.warmup", 150);
        int clients = Integer.getInteger("bench.clients", 4);
        int images = Integer.getInteger("bench.images", 3);
        Path dir = Files.createTempDirectory("buildline-intake-bench");
        try (TestRepo repo = TestRepo.create(dir.resolve("repo"));
             TestStack stack = TestStack.start(dir.resolve("stack"), List.of(repo.url()), false)) {
            TopicSetup.ensure(stack.bootstrap(), RAW_TOPICS, 3, (short) 1);
            long preparing = System.nanoTime();
            List<Push> pushes = pushes(repo, warmup + webhooks, images);
            System.out.printf("prepared %d commits of a %d-image devspace.yaml in %d ms%n", pushes.size(), images,
                    (System.nanoTime() - preparing) / 1_000_000);

            sendWebhooks(stack.port(), pushes.subList(0, warmup), clients);
            Run intake = sendWebhooks(stack.port(), pushes.subList(warmup, pushes.size()), clients);

            List<ProducerRecord<String, byte[]>> records = publishedRecords(stack.bootstrap());
            int window = clients * images * 2;
            int warmupRecords = records.size() - intake.builds() * 2;
            if (warmupRecords < 0) {
                throw new IllegalStateException("read back " + records.size() + " records, but the measured webhooks"
                        + " alone published " + intake.builds() * 2);
            }
            Run raw;
            try (KafkaProducer<String, byte[]> producer =
                         new KafkaProducer<>(new HashMap<String, Object>(BuildPublisher.producerConfig(KafkaClients.plaintext(stack.bootstrap()))))) {
                sendRecords(producer, records.subList(0, warmupRecords), window);
                raw = sendRecords(producer, records.subList(warmupRecords, records.size()), window);
            }
            print(webhooks, warmup, clients, images, intake, raw, records, window);
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

    /** Closed loop: each client thread sends its next push as soon as the previous one was answered. */
    private static Run sendWebhooks(int port, List<Push> pushes, int clients) throws Exception {
        Latencies latencies = new Latencies(pushes.size());
        AtomicInteger next = new AtomicInteger();
        AtomicInteger builds = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            long start = System.nanoTime();
            List<Future<?>> senders = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                senders.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < pushes.size(); i = next.getAndIncrement()) {
                        Push push = pushes.get(i);
                        long sent = System.nanoTime();
                        HttpResponse<String> answer = Webhooks.postGithub(port, "push", push.signature(), push.body());
                        latencies.add(System.nanoTime() - sent);
                        if (answer.statusCode() != 202) {
                            throw new IllegalStateException("webhook " + i + " answered " + answer.statusCode() + ": "
                                    + answer.body());
                        }
                        builds.addAndGet(Webhooks.builds(answer.body()).size());
                    }
                    return null;
                }));
            }
            for (Future<?> sender : senders) {
                sender.get();
            }
            return new Run(latencies, System.nanoTime() - start, builds.get());
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
        Latencies latencies = new Latencies(records.size());
        Semaphore inFlight = new Semaphore(window);
        AtomicReference<Exception> failure = new AtomicReference<>();
        long start = System.nanoTime();
        for (ProducerRecord<String, byte[]> record : records) {
            inFlight.acquire();
            long sent = System.nanoTime();
            producer.send(record, (metadata, error) -> {
                latencies.add(System.nanoTime() - sent);
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
        return new Run(latencies, elapsed, 0);
    }

    private static void print(int webhooks, int warmup, int clients, int images, Run intake, Run raw,
                              List<ProducerRecord<String, byte[]>> records, int window) {
        long bytes = records.stream().mapToLong(record -> record.value().length).sum();
        System.out.printf("%nIntake benchmark: %d signed GitHub push webhooks (%d images each) from %d client threads,"
                + " after %d warm-up; raw producer after %d warm-up records%n", webhooks, images, clients, warmup,
                records.size() - raw.latencies().count());
        String row = "%-44s %7d  %-22s %8.2f %8.2f %8.2f%n";
        System.out.printf("%-44s %7s  %-22s %8s %8s %8s%n", "side", "count", "throughput", "p50 ms", "p99 ms", "max ms");
        System.out.printf(row, "coordinator: signed webhook -> 202", intake.latencies().count(),
                String.format("%.1f webhooks/s", intake.perSecond(webhooks)), intake.latencies().medianMillis(),
                intake.latencies().percentileMillis(99), intake.latencies().maxMillis());
        System.out.printf("%-44s %7d  %s%n", "  build requests published (+ queued events)", intake.builds(),
                String.format("%.1f requests/s", intake.perSecond(intake.builds())));
        System.out.printf(row, "raw KafkaProducer: record -> ack (acks=all)", raw.latencies().count(),
                String.format("%.1f records/s", raw.perSecond(raw.latencies().count())), raw.latencies().medianMillis(),
                raw.latencies().percentileMillis(99), raw.latencies().maxMillis());
        System.out.printf("raw records: the coordinator's own build requests and queued events (avg %d bytes of value),"
                + " at most %d in flight%n", bytes / Math.max(records.size(), 1), window);
    }
}
