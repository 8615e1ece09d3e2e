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
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims build requests in the workers' consumer group and hands them to the {@link BuildQueue}. An offset is
 * committed only once every record before it is finished (terminal event acknowledged). When more records are
 * claimed than {@code maxInFlight}, the partitions are paused rather than buffered without bound. A revoked or lost
 * partition's builds are abandoned: told to stop (without waiting for them), no terminal event, records left
 * uncommitted for the new owner. A rebalance is routine: a commit it interrupts is tried again or left to the next
 * owner. Only an error the loop cannot go on from ends it, and {@link #health()} then says why.
 */
public final class RequestConsumer implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(RequestConsumer.class);
    private static final Duration ABANDON_WAIT = Duration.ofSeconds(15);
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Topics topics;
    private final BuildQueue queue;
    private final FinishedJobs finished;
    private final ResultPublisher publisher;
    private final int maxInFlight;
    private final OffsetTracker offsets = new OffsetTracker();
    private final Thread thread;
    private final CountDownLatch assigned = new CountDownLatch(1);
    private final LoopHealth health = new LoopHealth("request consumer");
    private volatile int assignedCount;
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

    /** True once the group gave this worker its partitions for the first time; false also when the loop died. */
    public boolean awaitAssignment(Duration timeout) throws InterruptedException {
        return assigned.await(timeout.toMillis(), TimeUnit.MILLISECONDS) && health.problem().isEmpty();
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topics.buildRequests()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    // stopping builds takes seconds; the partitions go back now and nothing they publish counts
                    queue.abandon(partitions, "partition revoked");
                    commitFinished("of revoked partitions");
                    partitions.forEach(offsets::forget);
                    assignedCount -= partitions.size();
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    queue.abandon(partitions, "partition lost");
                    partitions.forEach(offsets::forget);
                    assignedCount -= partitions.size();
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    assignedCount += partitions.size();
                    assigned.countDown();
                }
            });
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    dispatch(record);
                }
                commitFinished("after a poll");
                applyBackPressure();
            }
        } catch (WakeupException e) {
            if (running) {
                stopped("woken up unexpectedly", e);
            }
        } catch (RuntimeException | Error e) {
            stopped(e.toString(), e);
            if (e instanceof Error error) {
                throw error;
            }
        } finally {
            assigned.countDown();
            try {
                commitFinished("before leaving the group");
            } catch (RuntimeException e) {
                LOGGER.warn("last commit failed; those records will be redelivered: {}", e.getMessage());
            }
            consumer.close();
        }
    }

    private void stopped(String why, Throwable cause) {
        health.stopped(why);
        LOGGER.error("request consumer stopped; this worker claims no more builds and its liveness fails: {}", why,
                cause);
    }

    /** Why this worker's claiming stopped for good, or empty while it claims (or was closed on purpose). */
    public LoopHealth health() {
        return health;
    }

    /** Partitions of build-requests this worker holds now. */
    public int assignedPartitions() {
        return assignedCount;
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

    /**
     * Commits what is finished. A commit the group cannot take now (a rebalance in progress, the broker away) is kept
     * and tried again after the next poll; one the group refuses (this member's generation is over) is left to the
     * partitions' next owner, which reads those records again and skips builds that already ended.
     */
    private void commitFinished(String when) {
        finished.moveTo(offsets);
        Map<TopicPartition, Long> due = offsets.toCommit();
        if (due.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        due.forEach((partition, offset) -> commit.put(partition, new OffsetAndMetadata(offset)));
        try {
            consumer.commitSync(commit, COMMIT_TIMEOUT);
            offsets.committed(due);
        } catch (RebalanceInProgressException | RetriableException e) {
            LOGGER.debug("commit {} deferred ({}); tried again after the next poll", when, e.getMessage());
        } catch (CommitFailedException e) {
            LOGGER.info("commit {} refused ({}); the partitions' next owner reads those records again", when,
                    e.getMessage());
        }
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
