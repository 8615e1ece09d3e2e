package dev.buildline.app.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka in KRaft mode (combined broker and controller) running in this JVM, with its data under
 * one directory. Used by {@code buildline dev}, {@code buildline kafka} and the tests. A directory that was formatted
 * before is reused as it is, so topics survive a restart.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String SASL_LISTENER = "SASL_PLAINTEXT";

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private final int saslPort;
    private final Map<String, String> plainUsers;
    private KafkaRaftServer server;

    private EmbeddedKafka(Path dataDir, int port, int controllerPort, int saslPort, Map<String, String> plainUsers) {
        this.dataDir = dataDir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.saslPort = saslPort;
        this.plainUsers = Map.copyOf(plainUsers);
    }

    /** Formats (first time only) and starts a broker; port 0 picks a free one. Returns once it serves. */
    public static EmbeddedKafka start(Path dataDir, int port) {
        return start(dataDir, port, Map.of());
    }

    /**
     * The same broker with a second listener, SASL_PLAINTEXT with the PLAIN mechanism, that admits the given users
     * (name → password); {@link #saslBootstrapServers()} is its address. The tests use it to prove client settings
     * reach every client; the plaintext listener stays for the broker's own traffic.
     */
    public static EmbeddedKafka start(Path dataDir, int port, Map<String, String> plainUsers) {
        int[] free = freePorts(3);
        int[] others = Arrays.stream(free).filter(p -> p != port).toArray();
        int controllerPort = others[0];
        int brokerPort = port == 0 ? others[1] : port;
        EmbeddedKafka kafka = new EmbeddedKafka(dataDir, brokerPort, controllerPort,
                plainUsers.isEmpty() ? 0 : others[others.length - 1], plainUsers);
        kafka.startServer();
        return kafka;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** The SASL_PLAINTEXT listener's address; only a broker started with users has one. */
    public String saslBootstrapServers() {
        if (saslPort == 0) {
            throw new IllegalStateException("this broker was started without SASL users");
        }
        return "127.0.0.1:" + saslPort;
    }

    public int port() {
        return port;
    }

    private void startServer() {
        Path logDir = dataDir.resolve("kafka");
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the Kafka data directory " + logDir, e);
        }
        KafkaConfig config = new KafkaConfig(properties(logDir), false);
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            format(logDir);
        }
        server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        LOGGER.info("embedded Kafka serving on {} with data in {}", bootstrapServers(), logDir);
    }

    private Properties properties(Path logDir) {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        String sasl = saslPort == 0 ? "" : "," + SASL_LISTENER + "://127.0.0.1:" + saslPort;
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + port + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort
                + sasl);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port + sasl);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT,"
                + SASL_LISTENER + ":" + SASL_LISTENER);
        if (saslPort != 0) {
            props.put("sasl.enabled.mechanisms", "PLAIN");
            StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
            plainUsers.forEach((user, password) -> jaas.append(" user_").append(user).append("=\"").append(password)
                    .append('"'));
            props.put("listener.name." + SASL_LISTENER.toLowerCase(Locale.ROOT) + ".plain.sasl.jaas.config",
                    jaas.append(';').toString());
        }
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDir.toString());
        props.put("metadata.log.dir", logDir.toString());
        // one node: every internal topic has one replica
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "4");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("num.partitions", "4");
        props.put("auto.create.topics.enable", "false");
        return props;
    }

    private void format(Path logDir) {
        Formatter formatter = new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                .setClusterId(Uuid.randomUuid().toString())
                .setNodeId(NODE_ID)
                .setDirectories(List.of(logDir.toString()))
                .setMetadataLogDirectory(logDir.toString())
                .setControllerListenerName(CONTROLLER_LISTENER)
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .setIgnoreFormatted(true);
        try {
            formatter.run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format Kafka storage in " + logDir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
            LOGGER.info("embedded Kafka stopped");
        }
    }

    /** Distinct free loopback ports: all sockets stay open until every port is known, so none is handed out twice. */
    public static int[] freePorts(int count) {
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on the loopback interface", e);
        } finally {
            for (ServerSocket socket : sockets) {
                if (socket != null) {
                    try {
                        socket.close();
                    } catch (IOException e) {
                        // the port was only looked at; nothing listens on it
                    }
                }
            }
        }
    }
}
