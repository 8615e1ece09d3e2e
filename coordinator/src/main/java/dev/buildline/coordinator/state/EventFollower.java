package dev.buildline.coordinator.state;

import dev.buildline.common.messages.BuildEvent;
import dev.buildline.common.messages.BuildLogChunk;
import dev.buildline.common.messages.Json;
import dev.buildline.common.messages.Topics;
import dev.buildline.runtime.kafka.FollowerVerticle;
import dev.buildline.runtime.kafka.KafkaClients;
import io.vertx.core.Future;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The verticle that reads every partition of build-events and build-logs from the beginning, outside any consumer
 * group, so each coordinator instance holds the full view and rebuilds it after a restart.
 */
public final class EventFollower extends FollowerVerticle {

    private static final Logger LOGGER = LoggerFactory.getLogger(EventFollower.class);

    private final Topics topics;
    private final BuildStateView view;
    private final OwnEvents own;
    private volatile boolean caughtUp;

    public EventFollower(KafkaClients kafka, Topics topics, BuildStateView view, OwnEvents own) {
        super("build-events follower", kafka, List.of(topics.buildEvents(), topics.buildLogs()),
                "buildline-coordinator-view");
        this.topics = topics;
        this.view = view;
        this.own = own;
    }

    /** Deployed once everything on the topics when it started has been read. */
    @Override
    public Future<?> start() {
        return super.start().compose(started -> caughtUp()).onSuccess(done -> caughtUp = true);
    }

    public boolean isCaughtUp() {
        return caughtUp;
    }

    @Override
    protected void handle(ConsumerRecord<String, byte[]> record) {
        try {
            if (!record.topic().equals(topics.buildEvents())) {
                view.appendLog(Json.read(record.value(), BuildLogChunk.class));
            } else {
                view.apply(own.readBack(record.key(), record.value())
                        .orElseGet(() -> Json.read(record.value(), BuildEvent.class)));
            }
        } catch (Json.MalformedMessageException e) {
            LOGGER.warn("skipping unreadable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
        }
    }
}
