package dev.buildline.app;

import java.io.OutputStream;
import java.io.PrintStream;
import dev.buildline.app.kafka.EmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.StringJoiner;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A 3-node KRaft cluster in this JVM, from the same classes as the embedded broker: every node broker and controller,
 * internal topics replicated 3 times, min.insync.replicas 2, unclean leader election off. Nodes can be stopped and
 * started again on their ports and data.
 */
final class ThreeBrokers implements AutoCloseable {

    private static final String CONTROLLER = "CONTROLLER";

    private final Path dir;
    private final String clusterId;
    private final int[] ports;
    private final int[] controllerPorts;
    private final String[] hosts;
    private final KafkaRaftServer[] servers = new KafkaRaftServer[3];

    private ThreeBrokers(Path dir) {
        this(dir, Uuid.randomUuid().toString(), EmbeddedKafka.freePorts(6),
                new String[] {"127.0.0.1", "127.0.0.1", "127.0.0.1"});
    }

    /** {@code ports}: the three nodes' broker ports, then their three controller ports; each node on its host. */
    private ThreeBrokers(Path dir, String clusterId, int[] ports, String[] hosts) {
        this.dir = dir;
        this.clusterId = clusterId;
        this.ports = new int[] {ports[0], ports[1], ports[2]};
        this.controllerPorts = new int[] {ports[3], ports[4], ports[5]};
        this.hosts = hosts.clone();
    }

    /**
     * One node of the cluster in this process, for {@link ClusterNodes} (the fault script kills and restarts nodes as
     * processes): {@code <node> <dir> <cluster id> <six ports> <three hosts>}. Formats the node's directory when it is new, starts
     * it, prints {@code node ready} and runs until the process is killed.
     */
    public static void main(String[] args) {
        int node = Integer.parseInt(args[0]);
        int[] ports = new int[6];
        for (int i = 0; i < 6; i++) {
            ports[i] = Integer.parseInt(args[3 + i]);
        }
        ThreeBrokers cluster = new ThreeBrokers(Path.of(args[1]), args[2], ports,
                new String[] {args[9], args[10], args[11]});
        cluster.format(node);
        cluster.startNode(node);
        System.out.println("node ready " + node);
        System.out.flush();
        cluster.servers[node - 1].awaitShutdown();
    }

    static ThreeBrokers start(Path dir) throws Exception {
        ThreeBrokers cluster = new ThreeBrokers(dir);
        List<Thread> starting = new ArrayList<>();
        for (int node = 1; node <= 3; node++) {
            int n = node;
            cluster.format(n);
            // the controllers need a quorum to start: all three at once
            Thread thread = new Thread(() -> cluster.startNode(n));
            thread.start();
            starting.add(thread);
        }
        for (Thread thread : starting) {
            thread.join();
        }
        return cluster;
    }

    String bootstrapServers() {
        StringJoiner all = new StringJoiner(",");
        for (int i = 0; i < 3; i++) {
            all.add(hosts[i] + ":" + ports[i]);
        }
        return all.toString();
    }

    void stopNode(int node) {
        KafkaRaftServer server = servers[node - 1];
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            servers[node - 1] = null;
        }
    }

    void startNode(int node) {
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(properties(node), false), Time.SYSTEM);
        server.startup();
        servers[node - 1] = server;
    }

    private Path logDir(int node) {
        return dir.resolve("node-" + node);
    }

    private Properties properties(int node) {
        StringJoiner voters = new StringJoiner(",");
        for (int i = 1; i <= 3; i++) {
            voters.add(i + "@" + hosts[i - 1] + ":" + controllerPorts[i - 1]);
        }
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(node));
        props.put("controller.quorum.voters", voters.toString());
        String host = hosts[node - 1];
        props.put("listeners", "PLAINTEXT://" + host + ":" + ports[node - 1] + "," + CONTROLLER + "://" + host + ":"
                + controllerPorts[node - 1]);
        props.put("advertised.listeners", "PLAINTEXT://" + host + ":" + ports[node - 1]);
        props.put("controller.listener.names", CONTROLLER);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER + ":PLAINTEXT");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDir(node).toString());
        props.put("metadata.log.dir", logDir(node).toString());
        props.put("offsets.topic.replication.factor", "3");
        props.put("offsets.topic.num.partitions", "4");
        props.put("transaction.state.log.replication.factor", "3");
        props.put("transaction.state.log.min.isr", "2");
        props.put("share.coordinator.state.topic.replication.factor", "3");
        props.put("share.coordinator.state.topic.min.isr", "2");
        props.put("default.replication.factor", "3");
        props.put("min.insync.replicas", "2");
        props.put("unclean.leader.election.enable", "false");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("auto.create.topics.enable", "false");
        return props;
    }

    private void format(int node) {
        try {
            Files.createDirectories(logDir(node));
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setClusterId(clusterId)
                    .setNodeId(node)
                    .setDirectories(List.of(logDir(node).toString()))
                    .setMetadataLogDirectory(logDir(node).toString())
                    .setControllerListenerName(CONTROLLER)
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setIgnoreFormatted(true)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format node " + node + ": " + e.getMessage(), e);
        }
    }

    /** Stops every node at once: one by one, the last brokers wait for a controller quorum that already left. */
    @Override
    public void close() {
        List<Thread> stopping = new ArrayList<>();
        for (int node = 1; node <= 3; node++) {
            int n = node;
            Thread thread = new Thread(() -> stopNode(n));
            thread.start();
            stopping.add(thread);
        }
        for (Thread thread : stopping) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

}
