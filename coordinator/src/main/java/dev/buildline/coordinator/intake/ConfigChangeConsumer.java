package dev.buildline.coordinator.intake;

import dev.buildline.common.messages.BuildEvent;
import dev.buildline.common.messages.BuildIds;
import dev.buildline.common.messages.RepoRef;
import dev.buildline.common.messages.Topics;
import dev.buildline.coordinator.kafka.ConsumerThread;
import dev.buildline.coordinator.webhook.RequestRejectedException;
import dev.buildline.runtime.kafka.KafkaClients;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code config-changes}, which any Kafka producer may write, in the coordinators' group (one coordinator
 * handles each record). A change that cannot be used (not there: malformed, not allowed, invalid YAML, unknown commit)
 * becomes a {@code failed} build event naming the problem; the consumer itself never stops on bad input. A change that
 * could not be handled yet (Kafka did not acknowledge, the git host could not be asked) is tried again with backoff,
 * and its record is not committed until it is handled: a coordinator that stops meanwhile leaves it to the next.
 */
public final class ConfigChangeConsumer implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(ConfigChangeConsumer.class);
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration MAX_RETRY = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(500);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Topics topics;
    private final IntakeService intake;
    private final BuildPublisher publisher;
    private final Clock clock;
    private final ConsumerThread thread;

    public ConfigChangeConsumer(KafkaClients kafka, String groupId, Topics topics, IntakeService intake,
                                BuildPublisher publisher, Clock clock) {
        this.consumer = kafka.consumer(Map.of(
                "group.id", groupId,
                "enable.auto.commit", "false",
                "auto.offset.reset", "earliest",
                "max.poll.records", "10"),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.topics = topics;
        this.intake = intake;
        this.publisher = publisher;
        this.clock = clock;
        this.thread = new ConsumerThread("buildline-config-changes", consumer, this::consume);
    }

    public void start() {
        thread.start();
    }

    private void consume() {
        consumer.subscribe(List.of(topics.configChanges()));
        while (thread.running()) {
            ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
            for (TopicPartition partition : records.partitions()) {
                for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                    if (!handleUntilDone(record)) {
                        break; // closing, or the partition went to another coordinator: its offset stays
                    }
                    commit(record);
                }
            }
        }
    }

    /** True once the record is handled; false when this consumer is closing or no longer owns its partition. */
    private boolean handleUntilDone(ConsumerRecord<String, byte[]> record) {
        Duration wait = FIRST_RETRY;
        for (int attempt = 1; thread.running(); attempt++) {
            Optional<String> retryable = handle(record);
            if (retryable.isEmpty()) {
                return true;
            }
            LOGGER.warn("config change at {}-{}@{} not handled yet (attempt {}), trying again in {} ms: {}",
                    record.topic(), record.partition(), record.offset(), attempt, wait.toMillis(), retryable.get());
            if (!waitOwning(new TopicPartition(record.topic(), record.partition()), wait)) {
                return false;
            }
            wait = wait.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : wait.multipliedBy(2);
        }
        return false;
    }

    /**
     * Waits while staying in the group: every partition is paused and the consumer polled, so the wait can be longer
     * than max.poll.interval.ms. Records of partitions assigned meanwhile are handed back by a seek, so none is
     * skipped. False when {@code partition} was taken away or the consumer is closing.
     */
    private boolean waitOwning(TopicPartition partition, Duration wait) {
        long until = System.nanoTime() + wait.toNanos();
        consumer.pause(consumer.assignment());
        try {
            while (thread.running() && System.nanoTime() < until) {
                long left = Math.max(1, (until - System.nanoTime()) / 1_000_000);
                ConsumerRecords<String, byte[]> arrived = consumer.poll(Duration.ofMillis(Math.min(left, POLL.toMillis())));
                for (TopicPartition other : arrived.partitions()) {
                    consumer.seek(other, arrived.records(other).get(0).offset());
                }
                consumer.pause(consumer.assignment());
                if (!consumer.assignment().contains(partition)) {
                    LOGGER.info("{} went to another coordinator while its change waited; it is handled there", partition);
                    return false;
                }
            }
            return thread.running();
        } finally {
            consumer.resume(consumer.paused());
        }
    }

    private void commit(ConsumerRecord<String, byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        try {
            consumer.commitSync(Map.of(partition, new OffsetAndMetadata(record.offset() + 1)));
        } catch (RebalanceInProgressException | CommitFailedException e) {
            // its builds are published; the partition's next owner reads the record again and finds them known
            LOGGER.warn("config change at {}@{} handled, its offset not committed: {}", partition, record.offset(),
                    e.getMessage());
        }
    }

    /** Empty when the record is handled (built, or reported failed); otherwise why it must be tried again. */
    private Optional<String> handle(ConsumerRecord<String, byte[]> record) {
        String deliveryId = "config-changes-" + record.partition() + "-" + record.offset();
        ConfigChange change;
        try {
            change = RequestBodies.configChange(record.value(), deliveryId);
        } catch (RequestRejectedException e) {
            return reportFailure(record, null, e.getMessage());
        }
        try {
            IntakeResult result = Future.await(intake.configChange(change));
            LOGGER.info("config change {} for {} at {}: {} build(s)", deliveryId, change.repo().url(), change.commit(),
                    result.builds().size());
            return Optional.empty();
        } catch (RuntimeException e) {
            if (Retryable.is(e)) {
                return Optional.of(e.getMessage());
            }
            return reportFailure(record, change, e.getMessage());
        }
    }

    private Optional<String> reportFailure(ConsumerRecord<String, byte[]> record, ConfigChange change, String problem) {
        String repoUrl = change != null ? change.repo().url() : record.key() == null ? "unknown" : record.key();
        String commit = change != null ? change.commit() : null;
        String buildId = BuildIds.buildId(repoUrl, String.valueOf(commit), "devspace.yaml",
                BuildIds.sha256(new String(record.value(), StandardCharsets.UTF_8)));
        var now = clock.instant();
        BuildEvent failed = BuildEvent.rejected(buildId,
                new RepoRef(repoUrl, change != null ? change.repo().name() : repoUrl), change != null ? change.ref() : null,
                commit, "config change at " + topics.configChanges() + "-" + record.partition() + "@" + record.offset()
                        + " rejected: " + problem, now);
        LOGGER.warn("config change rejected: {}", failed.error());
        try {
            Future.await(publisher.publishEvent(failed));
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of("the failed event was not published: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        thread.close();
    }
}
