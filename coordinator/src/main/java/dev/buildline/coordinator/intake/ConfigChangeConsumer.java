package dev.buildline.coordinator.intake;

import dev.buildline.common.messages.BuildEvent;
import dev.buildline.common.messages.BuildIds;
import dev.buildline.common.messages.RepoRef;
import dev.buildline.common.messages.Topics;
import dev.buildline.coordinator.webhook.RequestRejectedException;
import dev.buildline.runtime.kafka.GroupConsumerVerticle;
import dev.buildline.runtime.kafka.KafkaClients;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The verticle that reads {@code config-changes}, which any Kafka producer may write, in the coordinators' group (one
 * coordinator handles each record, one record of a partition at a time). A change that cannot be used (not there:
 * malformed, not allowed, invalid YAML, unknown commit) becomes a {@code failed} build event naming the problem; the
 * consumer itself never stops on bad input. A change that could not be handled yet (Kafka did not acknowledge, the git
 * host could not be asked) is tried again with backoff while its partition is paused (the member stays in the group),
 * and its record is not committed until it is handled: a coordinator that stops or loses the partition meanwhile
 * leaves it to the next.
 */
public final class ConfigChangeConsumer extends GroupConsumerVerticle {

    private static final Logger LOGGER = LoggerFactory.getLogger(ConfigChangeConsumer.class);
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration MAX_RETRY = Duration.ofSeconds(30);

    private final Topics topics;
    private final IntakeService intake;
    private final BuildPublisher publisher;
    private final Clock clock;

    public ConfigChangeConsumer(KafkaClients kafka, String groupId, Topics topics, IntakeService intake,
                                BuildPublisher publisher, Clock clock) {
        super("config-changes consumer", kafka, new Options(topics.configChanges(), Map.of(
                "group.id", groupId,
                "max.poll.records", "10"), Integer.MAX_VALUE, 1));
        this.topics = topics;
        this.intake = intake;
        this.publisher = publisher;
        this.clock = clock;
    }

    @Override
    protected Future<Void> handle(ConsumerRecord<String, byte[]> record) {
        return handleUntilDone(record, FIRST_RETRY, 1);
    }

    /** Succeeds once the record is handled; fails when this coordinator is stopping or no longer owns its partition. */
    private Future<Void> handleUntilDone(ConsumerRecord<String, byte[]> record, Duration wait, int attempt) {
        return handleOnce(record).compose(retryable -> {
            if (retryable.isEmpty()) {
                return Future.succeededFuture();
            }
            LOGGER.warn("config change at {}-{}@{} not handled yet (attempt {}), trying again in {} ms: {}",
                    record.topic(), record.partition(), record.offset(), attempt, wait.toMillis(), retryable.get());
            Duration next = wait.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : wait.multipliedBy(2);
            return vertx.timer(wait.toMillis()).compose(waited -> stillMine(record)
                    .compose(mine -> handleUntilDone(record, next, attempt + 1)));
        });
    }

    private Future<Void> stillMine(ConsumerRecord<String, byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        if (stopping()) {
            return Future.failedFuture("coordinator stopping; the change is left to the next owner of " + partition);
        }
        if (!owns(partition)) {
            LOGGER.info("{} went to another coordinator while its change waited; it is handled there", partition);
            return Future.failedFuture(partition + " went to another coordinator");
        }
        return Future.succeededFuture();
    }

    /** Empty when the record is handled (built, or reported failed); otherwise why it must be tried again. */
    private Future<Optional<String>> handleOnce(ConsumerRecord<String, byte[]> record) {
        String deliveryId = "config-changes-" + record.partition() + "-" + record.offset();
        ConfigChange change;
        try {
            change = RequestBodies.configChange(record.value(), deliveryId);
        } catch (RequestRejectedException e) {
            return reportFailure(record, null, e.getMessage());
        }
        return intake.configChange(change).map(result -> {
            LOGGER.info("config change {} for {} at {}: {} build(s)", deliveryId, change.repo().url(), change.commit(),
                    result.builds().size());
            return Optional.<String>empty();
        }).recover(e -> Retryable.is(e) ? Future.succeededFuture(Optional.of(e.getMessage()))
                : reportFailure(record, change, e.getMessage()));
    }

    private Future<Optional<String>> reportFailure(ConsumerRecord<String, byte[]> record, ConfigChange change,
                                                   String problem) {
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
        return publisher.publishEvent(failed).map(sent -> Optional.<String>empty())
                .recover(e -> Future.succeededFuture(Optional.of("the failed event was not published: "
                        + e.getMessage())));
    }
}
