package dev.buildline.app;

import static org.awaitility.Awaitility.await;

import dev.buildline.common.messages.BuildEvent;
import dev.buildline.common.messages.BuildStatus;
import dev.buildline.common.messages.Json;
import dev.buildline.common.messages.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Everything published on build-events, read from the beginning on its own thread, with each record's headers. */
final class EventLog implements AutoCloseable {

    record Seen(BuildEvent event, Map<String, String> headers) {
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    EventLog(String bootstrap, Topics topics) {
        consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap), new StringDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topics.buildEvents()).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = new Thread(this::run, "it-event-log");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                if (Requests.PADDING.equals(record.key())) {
                    continue;
                }
                Map<String, String> headers = new LinkedHashMap<>();
                for (Header header : record.headers()) {
                    headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
                }
                seen.add(new Seen(Json.read(record.value(), BuildEvent.class), headers));
            }
        }
        consumer.close();
    }

    List<Seen> all() {
        return List.copyOf(seen);
    }

    List<BuildEvent> of(String buildId) {
        return seen.stream().map(Seen::event).filter(e -> e.buildId().equals(buildId)).toList();
    }

    List<BuildEvent> terminals(String buildId) {
        return of(buildId).stream().filter(e -> e.status().isTerminal()).toList();
    }

    BuildEvent awaitTerminal(String buildId, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(200)).until(() -> !terminals(buildId).isEmpty());
        return terminals(buildId).get(0);
    }

    BuildEvent awaitStatus(String buildId, BuildStatus status, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(200))
                .until(() -> of(buildId).stream().anyMatch(e -> e.status() == status));
        return of(buildId).stream().filter(e -> e.status() == status).findFirst().orElseThrow();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5000);
    }
}
