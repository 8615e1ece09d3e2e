package dev.buildline.coordinator.state;

import dev.buildline.common.messages.BuildEvent;
import dev.buildline.common.messages.BuildLogChunk;
import dev.buildline.common.messages.Json;
import dev.buildline.common.messages.Topics;
import dev.buildline.coordinator.kafka.ConsumerThread;
import dev.buildline.runtime.kafka.KafkaClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every partition of build-events and build-logs from the beginning, outside any consumer group, so each
 * coordinator instance holds the full view and rebuilds it after a restart. Runs on its own thread.
 */
public final class EventFollower implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(EventFollower.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Topics topics;
    private final BuildStateView view;
    private final ConsumerThread thread;
    private final CountDownLatch caughtUp = new CountDownLatch(1);

    public EventFollower(KafkaClients kafka, Topics topics, BuildStateView view) {
        this.consumer = kafka.consumer(Map.of(
                "enable.auto.commit", "false",
                "auto.offset.reset", "earliest",
                "client.id", "buildline-coordinator-view"),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.topics = topics;
        this.view = view;
        this.thread = new ConsumerThread("buildline-event-follower", consumer, this::follow);
    }

    public void start() {
        thread.start();
    }

    /** True once everything on the topics when it started has been read. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isCaughtUp() {
        return caughtUp.getCount() == 0;
    }

    private void follow() {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(topics.buildEvents(), topics.buildLogs())) {
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        while (thread.running()) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                handle(record);
            }
            if (caughtUp.getCount() > 0 && ends.entrySet().stream()
                    .allMatch(end -> consumer.position(end.getKey()) >= end.getValue())) {
                caughtUp.countDown();
            }
        }
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        try {
            if (record.topic().equals(topics.buildEvents())) {
                view.apply(Json.read(record.value(), BuildEvent.class));
            } else {
                view.appendLog(Json.read(record.value(), BuildLogChunk.class));
            }
        } catch (Json.MalformedMessageException e) {
            LOGGER.warn("skipping unreadable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
        }
    }

    @Override
    public void close() {
        thread.close();
    }
}
