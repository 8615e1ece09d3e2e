package dev.buildline.coordinator.intake;

import dev.buildline.common.messages.BuildEvent;
import dev.buildline.common.messages.BuildIds;
import dev.buildline.common.messages.BuildStatus;
import dev.buildline.common.messages.RepoRef;
import dev.buildline.common.messages.Topics;
import dev.buildline.coordinator.kafka.ConsumerThread;
import dev.buildline.coordinator.webhook.RequestRejectedException;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code config-changes}, which any Kafka producer may write, in the coordinators' group (one coordinator
 * handles each record). A change that cannot be used becomes a {@code failed} build event naming the problem; the
 * consumer itself never stops on bad input. A record is committed once its builds are published.
 */
public final class ConfigChangeConsumer implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(ConfigChangeConsumer.class);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(2);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Topics topics;
    private final IntakeService intake;
    private final BuildPublisher publisher;
    private final Clock clock;
    private final ConsumerThread thread;

    public ConfigChangeConsumer(String bootstrap, String groupId, Topics topics, IntakeService intake,
                                BuildPublisher publisher, Clock clock) {
        this.consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", bootstrap,
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

    private void consume() throws InterruptedException {
        consumer.subscribe(List.of(topics.configChanges()));
        while (thread.running()) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                while (thread.running() && !handled(record)) {
                    Thread.sleep(RETRY_AFTER.toMillis());
                }
                consumer.commitSync(Map.of(new TopicPartition(record.topic(), record.partition()),
                        new OffsetAndMetadata(record.offset() + 1)));
            }
        }
    }

    /** False when Kafka could not take the resulting builds, so the record is tried again. */
    private boolean handled(ConsumerRecord<String, byte[]> record) {
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
            return true;
        } catch (BuildPublisher.PublishFailedException e) {
            LOGGER.warn("config change {} not published yet, retrying: {}", deliveryId, e.getMessage());
            return false;
        } catch (RuntimeException e) {
            return reportFailure(record, change, e.getMessage());
        }
    }

    private boolean reportFailure(ConsumerRecord<String, byte[]> record, ConfigChange change, String problem) {
        String repoUrl = change != null ? change.repo().url() : record.key() == null ? "unknown" : record.key();
        String commit = change != null ? change.commit() : null;
        String buildId = BuildIds.buildId(repoUrl, String.valueOf(commit), "devspace.yaml",
                BuildIds.sha256(new String(record.value(), StandardCharsets.UTF_8)));
        var now = clock.instant();
        BuildEvent failed = new BuildEvent(BuildEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), buildId, null,
                new RepoRef(repoUrl, change != null ? change.repo().name() : repoUrl), change != null ? change.ref() : null,
                commit, BuildStatus.FAILED, List.of(), null, null, now, 0L,
                "config change at " + topics.configChanges() + "-" + record.partition() + "@" + record.offset()
                        + " rejected: " + problem, 1, null, null, null, now);
        LOGGER.warn("config change rejected: {}", failed.error());
        try {
            Future.await(publisher.publishEvent(failed));
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        thread.close();
    }
}
