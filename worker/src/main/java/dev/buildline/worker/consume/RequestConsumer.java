package dev.buildline.worker.consume;

import dev.buildline.common.messages.BuildRequest;
import dev.buildline.common.messages.Json;
import dev.buildline.common.messages.Topics;
import dev.buildline.runtime.kafka.KafkaClients;
import dev.buildline.worker.publish.ResultPublisher;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims build requests in the workers' consumer group and hands them to the {@link BuildQueue}. An offset is
 * committed only once every record before it is finished (terminal event acknowledged). When more records are
 * claimed than {@code maxInFlight}, the partitions are paused rather than buffered without bound. A revoked or lost
 * partition's builds are abandoned: stopped, no terminal event, records left uncommitted for the new owner.
 */
public final class RequestConsumer implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(RequestConsumer.class);
    private static final Duration ABANDON_WAIT = Duration.ofSeconds(15);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Topics topics;
    private final BuildQueue queue;
    private final FinishedJobs finished;
    private final ResultPublisher publisher;
    private final int maxInFlight;
    private final OffsetTracker offsets = new OffsetTracker();
    private final Thread thread;
    private final CountDownLatch assigned = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile boolean draining;

    public RequestConsumer(KafkaClients kafka, String groupId, String clientId, Duration sessionTimeout, Topics topics,
                           BuildQueue queue, FinishedJobs finished, ResultPublisher publisher, int maxInFlight) {
        this.consumer = kafka.consumer(Map.of(
                "group.id", groupId,
                "enable.auto.commit", "false",
                "auto.offset.reset", "earliest",
                "max.poll.records", "50",
                // a joining or leaving worker moves only the partitions that change owner; the others keep building
                "partition.assignment.strategy", CooperativeStickyAssignor.class.getName(),
                "session.timeout.ms", Long.toString(sessionTimeout.toMillis()),
                "heartbeat.interval.ms", Long.toString(Math.max(500, sessionTimeout.toMillis() / 5)),
                "client.id", clientId),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.topics = topics;
        this.queue = queue;
        this.finished = finished;
        this.publisher = publisher;
        this.maxInFlight = maxInFlight;
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
                    abandon(partitions, "partition revoked");
                    commitFinished();
                    partitions.forEach(offsets::forget);
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    abandon(partitions, "partition lost");
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
            try {
                commitFinished();
            } catch (RuntimeException e) {
                LOGGER.warn("last commit failed; those records will be redelivered: {}", e.getMessage());
            }
            consumer.close();
        }
    }

    private void abandon(Collection<TopicPartition> partitions, String reason) {
        if (partitions.isEmpty()) {
            return;
        }
        try {
            if (!queue.abandon(partitions, reason, ABANDON_WAIT)) {
                LOGGER.warn("builds on {} still running {} s after being abandoned", partitions, ABANDON_WAIT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
            try {
                publisher.deadLetter(record.key(), record.value(), reason);
                offsets.finished(partition, record.offset());
            } catch (ResultPublisher.PublishException notAcknowledged) {
                // left unfinished: the partition's commit waits, and a restart reads the record again
                LOGGER.error("cannot dead-letter {}@{}: {}", partition, record.offset(), notAcknowledged.getMessage());
            }
            return;
        }
        String key = record.key() == null ? request.key() : record.key();
        queue.submit(new BuildJob(partition, record.offset(), key, request));
    }

    private void commitFinished() {
        finished.moveTo(offsets);
        Map<TopicPartition, Long> moved = offsets.toCommit();
        if (moved.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        moved.forEach((partition, offset) -> commit.put(partition, new OffsetAndMetadata(offset)));
        consumer.commitSync(commit);
    }

    private void applyBackPressure() {
        if (draining || offsets.inFlight() >= maxInFlight) {
            consumer.pause(consumer.assignment());
        } else if (!consumer.paused().isEmpty()) {
            consumer.resume(consumer.paused());
        }
    }

    /**
     * Stops claiming, lets claimed builds finish within {@code grace}, then abandons the rest (their records stay
     * uncommitted for another worker) and leaves the group.
     */
    public void drain(Duration grace) throws InterruptedException {
        draining = true;
        queue.drain();
        LOGGER.info("draining: no new builds; waiting up to {} s for running ones", grace.toSeconds());
        if (!queue.awaitEmpty(grace)) {
            queue.abandonAll("worker stopped after a drain of " + grace.toSeconds() + " s");
            queue.awaitEmpty(ABANDON_WAIT);
        }
        close();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
