package dev.buildline.app;

import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * {@code apache/kafka:4.1.1} (the broker version of kafka-clients) in Testcontainers, set up as the embedded broker
 * is: no topic auto-creation, four partitions by default, no initial rebalance delay. Only loaded when
 * {@code -Dbuildline.test.kafka=testcontainers}.
 */
final class TestcontainersBroker implements TestBroker {

    static final String IMAGE = "apache/kafka:4.1.1";

    private final KafkaContainer container;

    private TestcontainersBroker(KafkaContainer container) {
        this.container = container;
    }

    static TestBroker start() {
        KafkaContainer container = new KafkaContainer(DockerImageName.parse(IMAGE))
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                .withEnv("KAFKA_NUM_PARTITIONS", "4")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
        container.start();
        return new TestcontainersBroker(container);
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public int port() {
        return Integer.parseInt(bootstrapServers().substring(bootstrapServers().lastIndexOf(':') + 1));
    }

    @Override
    public void close() {
        container.stop();
    }
}
