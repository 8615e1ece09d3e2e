package dev.buildline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.buildline.runtime.kafka.GroupConsumerVerticle;
import dev.buildline.runtime.kafka.KafkaClients;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The group consumer shape on a real broker, at the point vertx-kafka-client gets wrong: its revoke handler runs on the
 * event loop after Kafka already handed the partition on. Here work that finishes while its partition is being revoked
 * is committed before the partition leaves, so the next owner does not get it again.
 */
class GroupConsumerIT {

    private static final String TOPIC = "shape-it";

    @TempDir
    static Path temp;
    private static TestBroker kafka;
    private static Vertx vertx;

    @BeforeAll
    static void start() throws Exception {
        kafka = TestBroker.start(temp.resolve("kafka"), 0);
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1))).all().get();
        }
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        java.util.Optional.ofNullable(vertx).ifPresent(running -> running.close().await());
        java.util.Optional.ofNullable(kafka).ifPresent(TestBroker::close);
    }

    @Test
    void workFinishedDuringARevokeIsCommittedBeforeTheNextOwnerReads() throws Exception {
        Member first = new Member("first");
        vertx.deployVerticle(first).await();
        first.firstAssignment().await();
        for (int partition = 0; partition < 2; partition++) {
            send(partition, "before-" + partition + "-a");
            send(partition, "before-" + partition + "-b");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> first.received.size() == 4);

        Member second = new Member("second");
        vertx.deployVerticle(second).await();
        await().atMost(Duration.ofSeconds(60)).until(() -> second.assignedPartitions() == 1
                && first.assignedPartitions() == 1);
        TopicPartition moved = second.assigned().iterator().next();
        send(moved.partition(), "after");

        await().atMost(Duration.ofSeconds(30)).until(() -> !second.received.isEmpty());
        assertThat(first.revoked).containsExactly(moved);
        assertThat(second.received).extracting(ConsumerRecord::value).containsExactly("after");
        vertx.undeploy(second.deploymentID()).await();
        vertx.undeploy(first.deploymentID()).await();
    }

    /**
     * A consumer that cannot go on says so (what a worker's liveness reports) instead of polling on as if nothing
     * happened: here another member registered with this one's static group.instance.id, so the broker fences it.
     */
    @Test
    void aConsumerTheGroupFencesOffStopsAndSaysWhy() throws Exception {
        Member fenced = new Member("fenced", "shape-it-static", Map.of("group.instance.id", "worker-1"));
        vertx.deployVerticle(fenced).await();
        fenced.firstAssignment().await();

        Member replacement = new Member("replacement", "shape-it-static", Map.of("group.instance.id", "worker-1"));
        vertx.deployVerticle(replacement).await();
        replacement.firstAssignment().await();

        await().atMost(Duration.ofSeconds(60)).until(() -> !fenced.stopped.isEmpty());
        assertThat(fenced.stopped.get(0)).contains("FencedInstanceIdException");
        assertThat(replacement.stopped).isEmpty();
        vertx.undeploy(replacement.deploymentID()).await();
        vertx.undeploy(fenced.deploymentID()).await();
    }

    private static void send(int partition, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                kafka.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(TOPIC, partition, null, value)).get();
        }
    }

    /** Holds every record in hand until its partition is revoked; the revoke then finishes them. */
    private static final class Member extends GroupConsumerVerticle {

        final List<ConsumerRecord<String, String>> received = new CopyOnWriteArrayList<>();
        final List<TopicPartition> revoked = new CopyOnWriteArrayList<>();
        final List<String> stopped = new CopyOnWriteArrayList<>();
        private final Map<TopicPartition, List<Promise<Void>>> held = new ConcurrentHashMap<>();

        Member(String id) {
            this(id, "shape-it-group", Map.of());
        }

        Member(String id, String group, Map<String, String> extra) {
            super("it " + id, KafkaClients.plaintext(kafka.bootstrapServers()), new Options(TOPIC,
                    config(id, group, extra), 100, 100));
        }

        private static Map<String, String> config(String id, String group, Map<String, String> extra) {
            Map<String, String> config = new java.util.HashMap<>(Map.of(
                    "group.id", group,
                    "client.id", "shape-it-" + id,
                    "partition.assignment.strategy", CooperativeStickyAssignor.class.getName(),
                    "session.timeout.ms", "6000",
                    "heartbeat.interval.ms", "1000"));
            config.putAll(extra);
            return config;
        }

        @Override
        protected void stoppedFor(String why, Throwable cause) {
            stopped.add(why);
        }

        @Override
        protected Future<Void> handle(ConsumerRecord<String, byte[]> record) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            received.add(new ConsumerRecord<>(record.topic(), record.partition(), record.offset(), record.key(),
                    new String(record.value(), StandardCharsets.UTF_8)));
            Promise<Void> done = Promise.promise();
            held.computeIfAbsent(partition, p -> new CopyOnWriteArrayList<>()).add(done);
            return done.future();
        }

        @Override
        protected void revoking(Collection<TopicPartition> partitions) {
            revoked.addAll(partitions);
            partitions.forEach(partition -> held.getOrDefault(partition, List.of()).forEach(Promise::tryComplete));
        }
    }
}
