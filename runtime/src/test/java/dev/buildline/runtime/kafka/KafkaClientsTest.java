package dev.buildline.runtime.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaClientsTest {

    @Test
    void eachClientGetsThePropertiesItsKindKnowsAndItsOwnSettingsWin() {
        KafkaClients clients = new KafkaClients(new KafkaSettings("kafka:9093", Map.of(
                "security.protocol", "SASL_SSL",
                "acks", "1",
                "group.instance.id", "pinned",
                "enable.idempotence", "false",
                "my.plugin.setting", "x")));

        Map<String, String> producer = clients.producerConfig(Map.of("acks", "all", "enable.idempotence", "true"));

        assertThat(producer)
                .containsEntry("bootstrap.servers", "kafka:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("acks", "all")
                .containsEntry("enable.idempotence", "true")
                .containsEntry("my.plugin.setting", "x")
                .doesNotContainKey("group.instance.id");
    }
}
