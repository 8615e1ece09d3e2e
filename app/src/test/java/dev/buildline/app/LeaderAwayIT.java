package dev.buildline.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.buildline.app.kafka.TopicSetup;
import dev.buildline.common.messages.Topics;
import dev.buildline.runtime.kafka.KafkaClients;
import dev.buildline.worker.state.BuildOutcomes;
import dev.buildline.worker.state.StateFollower;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One broker of three away, on a real 3-node KRaft cluster in this JVM. kafka-clients 4.1.1's admin client keeps
 * the leaders it found and asks them again (KAFKA-20673): the worker's catch-up, asked over one long-lived admin
 * client, waited for the broker to come back, and no build started meanwhile. The catch-up here must answer while
 * the node is away; beside it, the same question over a long-lived admin client (the old way) is timed for the record.
 */
class LeaderAwayIT {

    private static final Topics TOPICS = Topics.defaults();

    @TempDir
    Path temp;

    @Test
    void theWorkersCatchUpAnswersWhileTheLeaderOfItsTopicsIsAway() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (ThreeBrokers cluster = ThreeBrokers.start(temp)) {
            KafkaClients kafka = KafkaClients.plaintext(cluster.bootstrapServers());
            TopicSetup.ensure(kafka, TOPICS, 6, (short) 3);
            assertThat(minInsync(kafka, TOPICS.buildRequests())).as("replication 3: two copies before an ack")
                    .isEqualTo("2");
            StateFollower follower = new StateFollower(kafka, TOPICS, "leader-away-state", new BuildOutcomes(100));
            vertx.deployVerticle(follower).await();
            follower.awaitCaughtUp(Duration.ofSeconds(30));
            try (Admin longLived = kafka.admin(Map.of("client.id", "leader-away-long-lived"))) {
                List<TopicPartition> partitions = partitions(longLived);
                ends(longLived, partitions, Duration.ofSeconds(30));
                int victim = mostLeading(longLived);

                cluster.stopNode(victim);

                long started = System.nanoTime();
                follower.awaitCaughtUp(Duration.ofSeconds(30));
                long catchUpMillis = (System.nanoTime() - started) / 1_000_000;
                started = System.nanoTime();
                String oldWay;
                try {
                    ends(longLived, partitions, Duration.ofSeconds(20));
                    oldWay = "answered in " + (System.nanoTime() - started) / 1_000_000 + " ms";
                } catch (Exception e) {
                    oldWay = "no answer in " + (System.nanoTime() - started) / 1_000_000 + " ms: " + e.getMessage();
                }
                started = System.nanoTime();
                try (Admin fresh = kafka.admin(Map.of("client.id", "leader-away-fresh"))) {
                    ends(fresh, partitions, Duration.ofSeconds(20));
                }
                long freshMillis = (System.nanoTime() - started) / 1_000_000;
                started = System.nanoTime();
                try (KafkaConsumer<byte[], byte[]> consumer = kafka.consumer(Map.of("client.id", "leader-away-ends"),
                        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                    consumer.endOffsets(partitions, Duration.ofSeconds(20));
                }
                long consumerMillis = (System.nanoTime() - started) / 1_000_000;
                System.out.println("node " + victim + " away: catch-up answered in " + catchUpMillis
                        + " ms; the long-lived admin client " + oldWay + "; a fresh admin client answered in "
                        + freshMillis + " ms; a fresh consumer's endOffsets in " + consumerMillis + " ms");
            }
        } finally {
            vertx.close().await();
        }
    }

    private static List<TopicPartition> partitions(Admin admin) throws Exception {
        return admin.describeTopics(List.of(TOPICS.buildEvents(), TOPICS.buildControl())).allTopicNames()
                .get(30, TimeUnit.SECONDS).values().stream()
                .flatMap(topic -> topic.partitions().stream().map(p -> new TopicPartition(topic.name(), p.partition())))
                .toList();
    }

    private static void ends(Admin admin, List<TopicPartition> partitions, Duration timeout) throws Exception {
        Map<TopicPartition, OffsetSpec> query = partitions.stream()
                .collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest()));
        admin.listOffsets(query, new ListOffsetsOptions().timeoutMs((int) timeout.toMillis())).all()
                .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    }

    /** The node, other than the active controller, that leads most partitions of build-events and build-control. */
    private static int mostLeading(Admin admin) throws Exception {
        int controller = admin.describeCluster().controller().get(30, TimeUnit.SECONDS).id();
        Map<Integer, Integer> led = new HashMap<>();
        for (TopicDescription topic : admin.describeTopics(List.of(TOPICS.buildEvents(), TOPICS.buildControl()))
                .allTopicNames().get(30, TimeUnit.SECONDS).values()) {
            topic.partitions().forEach(p -> led.merge(p.leader().id(), 1, Integer::sum));
        }
        led.remove(controller);
        return led.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    private static String minInsync(KafkaClients kafka, String topic) throws Exception {
        try (Admin admin = kafka.admin(Map.of())) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
            return config.get("min.insync.replicas").value();
        }
    }
}
