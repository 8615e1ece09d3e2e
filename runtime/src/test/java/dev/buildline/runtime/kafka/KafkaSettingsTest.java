package dev.buildline.runtime.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaSettingsTest {

    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required"
            + " username=\"buildline\" password=\"hunter2-from-env\";";

    @TempDir
    Path temp;

    @Test
    void variablesNameClientPropertiesByLowerCasingAndDotting() {
        KafkaSettings settings = KafkaSettings.fromEnvironment(Map.of(
                "BUILDLINE_KAFKA_BOOTSTRAP", "kafka:9093",
                "BUILDLINE_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "BUILDLINE_KAFKA_SASL_MECHANISM", "PLAIN",
                "BUILDLINE_KAFKA_SASL_JAAS_CONFIG", JAAS,
                "BUILDLINE_KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/kafka/ca.p12",
                "BUILDLINE_KAFKA_PORT", "9092",
                "BUILDLINE_KAFKA_SESSION_TIMEOUT_MS", "45000",
                "BUILDLINE_WORKER_ID", "w1"));

        assertThat(settings.bootstrap()).isEqualTo("kafka:9093");
        assertThat(settings.properties()).containsOnly(
                Map.entry("security.protocol", "SASL_SSL"),
                Map.entry("sasl.mechanism", "PLAIN"),
                Map.entry("sasl.jaas.config", JAAS),
                Map.entry("ssl.truststore.location", "/etc/kafka/ca.p12"));
    }

    @Test
    void aVariableWinsOverTheFileAndTheFileMayCarryTheBootstrap() throws Exception {
        // shaped as Confluent Cloud's downloadable Java client.properties
        Path file = Files.writeString(temp.resolve("client.properties"), """
                # Required connection configs for Kafka producer, consumer, and admin
                bootstrap.servers=pkc-abc12.eu-west-1.aws.confluent.cloud:9092
                security.protocol=SASL_SSL
                sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username='KEY' password='file-secret';
                sasl.mechanism=PLAIN
                # Best practice for higher availability in Apache Kafka clients prior to 3.0
                session.timeout.ms=45000
                client.dns.lookup=use_all_dns_ips
                """);

        KafkaSettings settings = KafkaSettings.fromEnvironment(Map.of(
                "BUILDLINE_KAFKA_PROPERTIES_FILE", file.toString(),
                "BUILDLINE_KAFKA_SASL_JAAS_CONFIG", JAAS));

        assertThat(settings.bootstrap()).isEqualTo("pkc-abc12.eu-west-1.aws.confluent.cloud:9092");
        assertThat(settings.properties())
                .containsEntry("sasl.jaas.config", JAAS)
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("client.dns.lookup", "use_all_dns_ips")
                .doesNotContainKey("bootstrap.servers");
    }

    @Test
    void toStringRedactsPasswordsJaasConfigAndPrivateKeys() {
        KafkaSettings settings = new KafkaSettings("kafka:9093", Map.of(
                "sasl.jaas.config", JAAS,
                "ssl.keystore.password", "ks-secret",
                "ssl.key.password", "key-secret",
                "ssl.keystore.key", "-----BEGIN PRIVATE KEY-----abc",
                "sasl.oauthbearer.client.credentials.client.secret", "oauth-secret",
                "ssl.keystore.location", "/etc/kafka/user.p12",
                "ssl.keystore.type", "PKCS12",
                "security.protocol", "SASL_SSL"));

        String shown = settings.toString();

        assertThat(shown).doesNotContain("hunter2", "ks-secret", "key-secret", "BEGIN PRIVATE KEY", "oauth-secret")
                .contains("sasl.jaas.config=[redacted]", "ssl.keystore.location=/etc/kafka/user.p12",
                        "ssl.keystore.type=PKCS12", "security.protocol=SASL_SSL", "kafka:9093");
    }

    @Test
    void aMisspelledVariableIsRefusedNamingWhatItMapsTo() {
        assertThatThrownBy(() -> KafkaSettings.fromEnvironment(Map.of(
                "BUILDLINE_KAFKA_BOOTSTRAP", "kafka:9093",
                "BUILDLINE_KAFKA_SASL_JASS_CONFIG", JAAS)))
                .isInstanceOf(InvalidKafkaSettingsException.class)
                .hasMessageContaining("BUILDLINE_KAFKA_SASL_JASS_CONFIG")
                .hasMessageContaining("sasl.jass.config")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void noBootstrapAnywhereIsRefused() {
        assertThatThrownBy(() -> KafkaSettings.fromEnvironment(Map.of("BUILDLINE_KAFKA_SECURITY_PROTOCOL", "SSL")))
                .isInstanceOf(InvalidKafkaSettingsException.class)
                .hasMessageContaining("BUILDLINE_KAFKA_BOOTSTRAP");
    }

    @Test
    void anUnreadableFileIsRefusedNamingIt() {
        Path missing = temp.resolve("nope.properties");

        assertThatThrownBy(() -> KafkaSettings.fromEnvironment(Map.of(
                "BUILDLINE_KAFKA_BOOTSTRAP", "kafka:9093",
                "BUILDLINE_KAFKA_PROPERTIES_FILE", missing.toString())))
                .isInstanceOf(InvalidKafkaSettingsException.class)
                .hasMessageContaining("BUILDLINE_KAFKA_PROPERTIES_FILE")
                .hasMessageContaining(missing.toString());
    }
}
