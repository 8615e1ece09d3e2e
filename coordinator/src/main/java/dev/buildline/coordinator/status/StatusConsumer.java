package dev.buildline.coordinator.status;

import dev.buildline.common.messages.BuildEvent;
import dev.buildline.common.messages.Json;
import dev.buildline.common.messages.Topics;
import dev.buildline.runtime.kafka.GroupConsumerVerticle;
import dev.buildline.runtime.kafka.KafkaClients;
import io.vertx.core.Future;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The verticle that reads {@code build-events} in the status reporters' own group and hands each event to the
 * {@link StatusReporter}. A record is done when the reporter is (the host answered, or the reporter gave up; the
 * reporter's stage never fails), so its offset is committed only after that: a coordinator that restarts resumes
 * after the last reported transition and posts none of them again. An unreadable record is skipped with a warning.
 */
public final class StatusConsumer extends GroupConsumerVerticle {

    private static final Logger LOGGER = LoggerFactory.getLogger(StatusConsumer.class);
    /** Events handed to the reporter at once; it keeps one request per (commit, context) in flight itself. */
    static final int MAX_IN_FLIGHT = 100;

    private final StatusReporter reporter;

    /** @param groupId the reporters' consumer group: the coordinators' group with {@code -status} appended */
    public StatusConsumer(KafkaClients kafka, String groupId, Topics topics, StatusReporter reporter) {
        super("commit status consumer", kafka, new Options(topics.buildEvents(), Map.of(
                "group.id", groupId,
                "max.poll.records", "100"), MAX_IN_FLIGHT, MAX_IN_FLIGHT));
        this.reporter = reporter;
    }

    @Override
    protected Future<Void> handle(ConsumerRecord<String, byte[]> record) {
        BuildEvent event;
        try {
            event = Json.read(record.value(), BuildEvent.class);
        } catch (Json.MalformedMessageException e) {
            LOGGER.warn("skipping unreadable build event {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return Future.succeededFuture();
        }
        return Future.fromCompletionStage(reporter.report(event), context).mapEmpty();
    }
}
