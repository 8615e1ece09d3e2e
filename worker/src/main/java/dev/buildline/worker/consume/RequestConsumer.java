package dev.buildline.worker.consume;

import dev.buildline.common.messages.BuildRequest;
import dev.buildline.common.messages.Json;
import dev.buildline.common.messages.Topics;
import dev.buildline.worker.build.BuildRunner;
import dev.buildline.worker.publish.ResultPublisher;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims build requests in the workers' consumer group. Records of one key run in offset order, different keys in
 * parallel; an offset is committed only once every record before it has its terminal event acknowledged. When more
 * builds wait than the pool can run, the partitions are paused rather than buffered without bound.
 */
public final class RequestConsumer implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(RequestConsumer.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Topics topics;
    private final BuildRunner runner;
    private final ResultPublisher publisher;
    private final KeyOrderedExecutor builds;
    private final ExecutorService pool;
    private final int maxWaiting;
    private final OffsetTracker offsets = new OffsetTracker();
    private final Queue<ConsumerRecord<String, byte[]>> finished = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private final CountDownLatch assigned = new CountDownLatch(1);
    private volatile boolean running = true;

    public RequestConsumer(String bootstrap, String groupId, Topics topics, BuildRunner runner,
                           ResultPublisher publisher, ExecutorService pool, int concurrency) {
        this.consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", bootstrap,
                "group.id", groupId,
                "enable.auto.commit", "false",
                "auto.offset.reset", "earliest",
                "max.poll.records", "50",
                // builds run off the poll thread, so polls stay frequent and the interval can stay default
                "client.id", groupId + "-" + ProcessHandle.current().pid()),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.topics = topics;
        this.runner = runner;
        this.publisher = publisher;
        this.pool = pool;
        this.builds = new KeyOrderedExecutor(pool);
        this.maxWaiting = concurrency * 4;
        this.thread = new Thread(this::run, "buildline-request-consumer");
    }

    public void start() {
        thread.start();
    }

    /** True once the group gave this worker its partitions for the first time. */
    public boolean awaitAssignment(Duration timeout) throws InterruptedException {
        return assigned.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topics.buildRequests()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    commitFinished();
                    partitions.forEach(offsets::forget);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    assigned.countDown();
                }
            });
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    dispatch(record);
                }
                commitFinished();
                applyBackPressure();
            }
        } catch (WakeupException e) {
            if (running) {
                LOGGER.error("request consumer woken up unexpectedly", e);
            }
        } catch (RuntimeException e) {
            LOGGER.error("request consumer stopped: {}", e.getMessage(), e);
        } finally {
            commitFinished();
            consumer.close();
        }
    }

    private void dispatch(ConsumerRecord<String, byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        offsets.started(partition, record.offset());
        BuildRequest request;
        try {
            request = Json.read(record.value(), BuildRequest.class);
            if (request.buildId() == null || request.config() == null || request.repo() == null) {
                throw new IllegalArgumentException("buildId, repo and config are required");
            }
        } catch (RuntimeException e) {
            String reason = "unreadable build request at " + partition + "@" + record.offset() + ": " + e.getMessage();
            LOGGER.warn(reason);
            publisher.deadLetter(record.key(), record.value(), reason);
            offsets.finished(partition, record.offset());
            return;
        }
        builds.submit(record.key() == null ? request.key() : record.key(), () -> {
            try {
                runner.run(request, 1);
            } catch (RuntimeException e) {
                LOGGER.error("build {} could not be completed by this worker: {}", request.buildId(), e.getMessage(), e);
                // left uncommitted: another worker or a restart takes it again
                return;
            }
            finished.add(record);
        });
    }

    private void commitFinished() {
        ConsumerRecord<String, byte[]> record;
        while ((record = finished.poll()) != null) {
            offsets.finished(new TopicPartition(record.topic(), record.partition()), record.offset());
        }
        Map<TopicPartition, Long> moved = offsets.toCommit();
        if (moved.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        moved.forEach((partition, offset) -> commit.put(partition, new OffsetAndMetadata(offset)));
        consumer.commitSync(commit);
    }

    private void applyBackPressure() {
        if (offsets.inFlight() >= maxWaiting) {
            consumer.pause(consumer.assignment());
        } else if (!consumer.paused().isEmpty()) {
            consumer.resume(consumer.paused());
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pool.shutdownNow();
    }
}
