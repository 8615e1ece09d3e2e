package dev.buildline.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.buildline.app.kafka.MinInsync;
import dev.buildline.app.kafka.TopicSetup;
import dev.buildline.common.messages.Topics;
import dev.buildline.runtime.kafka.KafkaClients;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Buildline's topics on the real embedded broker: their own min.insync.replicas, and what start reports. */
class TopicSetupIT {

    @TempDir
    static Path temp;
    private static TestBroker kafka;

    @BeforeAll
    static void start() {
        kafka = TestBroker.start(temp.resolve("kafka"), 0);
    }

    @AfterAll
    static void stop() throws Exception {
        kafka.close();
    }

    @Test
    void createdTopicsCarryTheSettingsMinInsyncAsTheirOwnConfig() throws Exception {
        Topics topics = new Topics("insync-own.");

        List<String> reported = TopicSetup.ensure(KafkaClients.plaintext(kafka.bootstrapServers()), topics, 2,
                (short) 1, 1);

        assertThat(reported).isEmpty();
        for (String topic : topics.all()) {
            ConfigEntry entry = minInsync(topic);
            assertThat(entry.value()).as(topic).isEqualTo("1");
            assertThat(entry.source()).as(topic + ": the topic's own, not the cluster's default")
                    .isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
        }
    }

    @Test
    void onOneBrokerTheDefaultLeavesTheClustersValue() throws Exception {
        Topics topics = new Topics("insync-default.");

        List<String> reported = TopicSetup.ensure(KafkaClients.plaintext(kafka.bootstrapServers()), topics, 2,
                (short) 1, MinInsync.BY_REPLICATION);

        assertThat(reported).isEmpty();
        assertThat(minInsync(topics.buildRequests()).source()).isNotEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
    }

    @Test
    void existingTopicsThatCannotMeetTheSettingAreReportedAtStartByName() {
        Topics topics = new Topics("insync-existing.");
        KafkaClients clients = KafkaClients.plaintext(kafka.bootstrapServers());
        TopicSetup.ensure(clients, topics, 2, (short) 1, 1);

        List<String> reported = TopicSetup.ensure(clients, topics, 2, (short) 1, 2);

        assertThat(reported).hasSize(topics.all().length);
        assertThat(reported.get(0)).isEqualTo("topic " + topics.all()[0] + " has 1 replica(s), fewer than "
                + "BUILDLINE_TOPIC_MIN_INSYNC 2: Kafka refuses every write to it (acks=all); lower the setting or add "
                + "replicas");
    }

    private static ConfigEntry minInsync(String topic) throws Exception {
        try (Admin admin = KafkaClients.plaintext(kafka.bootstrapServers()).admin(Map.of())) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
            return config.get("min.insync.replicas");
        }
    }
}
