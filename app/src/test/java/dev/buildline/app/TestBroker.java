package dev.buildline.app;

import dev.buildline.app.kafka.EmbeddedKafka;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The Kafka broker an IT runs against, chosen by {@code -Dbuildline.test.kafka}: {@code embedded} (default), the
 * real KRaft broker in this JVM; {@code testcontainers}, {@code apache/kafka:4.1.1} in a container (needs a Docker
 * that can pull the image). Nothing asks for Docker unless that value is given: the container class is loaded only
 * then.
 */
interface TestBroker extends AutoCloseable {

    String PROPERTY = "buildline.test.kafka";

    String bootstrapServers();

    /** The port clients connect to. */
    int port();

    @Override
    void close();

    /** A broker with its data under {@code dir}; {@code port} 0 picks a free one (the embedded broker only). */
    static TestBroker start(Path dir, int port) {
        String kind = System.getProperty(PROPERTY, "embedded").strip();
        return switch (kind) {
            case "embedded" -> embedded(EmbeddedKafka.start(dir, port));
            case "testcontainers" -> TestcontainersBroker.start();
            default -> throw new IllegalArgumentException("-D" + PROPERTY + " must be embedded or testcontainers, got "
                    + kind);
        };
    }

    /** Skips the calling test unless the broker can stop and start again on the same port with its data. */
    static void assumeRestartable() {
        Assumptions.assumeTrue(System.getProperty(PROPERTY, "embedded").strip().equals("embedded"),
                "stopping and restarting the broker on its port needs the embedded broker");
    }

    private static TestBroker embedded(EmbeddedKafka kafka) {
        return new TestBroker() {
            @Override
            public String bootstrapServers() {
                return kafka.bootstrapServers();
            }

            @Override
            public int port() {
                return kafka.port();
            }

            @Override
            public void close() {
                kafka.close();
            }
        };
    }
}
