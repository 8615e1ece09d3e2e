package dev.buildline.app;

import dev.buildline.app.kafka.EmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;

/**
 * A 3-node KRaft cluster as three processes of {@link ThreeBrokers#main} (every node broker and controller,
 * replication 3, min.insync.replicas 2, unclean leader election off), each killed ({@code kill -9}) and started again
 * on its own ports and data: the cluster of the fault script. {@code scripts/faults.sh cluster} starts one and runs
 * until interrupted.
 */
final class ClusterNodes implements AutoCloseable {

    private final Path dir;
    private final String clusterId = Uuid.randomUuid().toString();
    private final int[] ports = EmbeddedKafka.freePorts(6);
    private final Process[] nodes = new Process[3];
    /** Node 3's network namespace when it can be partitioned, else null (every node on 127.0.0.1). */
    private final NetworkNamespace netns;
    private final String[] hosts;

    private ClusterNodes(Path dir, NetworkNamespace netns) {
        this.dir = dir;
        this.netns = netns;
        this.hosts = netns == null ? new String[] {"127.0.0.1", "127.0.0.1", "127.0.0.1"}
                : new String[] {netns.hostAddress(), netns.hostAddress(), netns.address()};
    }

    /** Starts the three nodes at once: a node's controller waits for a quorum before the node is ready. */
    static ClusterNodes start(Path dir) throws Exception {
        return start(dir, null);
    }

    /**
     * With {@code netns}, node 3 runs in that network namespace and nodes 1 and 2 listen on the host's end of its veth
     * pair, so {@link NetworkNamespace#cut} takes node 3 off the network of the others and of every client.
     */
    static ClusterNodes start(Path dir, NetworkNamespace netns) throws Exception {
        ClusterNodes cluster = new ClusterNodes(Files.createDirectories(dir), netns);
        for (int node = 1; node <= 3; node++) {
            cluster.launch(node);
        }
        for (int node = 1; node <= 3; node++) {
            cluster.awaitReady(node);
        }
        return cluster;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("buildline-cluster");
        try (ClusterNodes cluster = start(dir)) {
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "cluster-stop")); // Ctrl-C: no orphans
            System.out.println("cluster ready " + cluster.bootstrapServers() + " (data and logs in " + dir + ")");
            Thread.currentThread().join();
        }
    }

    String bootstrapServers() {
        StringJoiner all = new StringJoiner(",");
        for (int i = 0; i < 3; i++) {
            all.add(hosts[i] + ":" + ports[i]);
        }
        return all.toString();
    }

    void kill(int node) throws InterruptedException {
        nodes[node - 1].destroyForcibly().waitFor();
    }

    /** Takes node 3 off the network (started with a namespace): its process runs on, nobody reaches it. */
    void partitionNode3() throws Exception {
        netns.cut();
    }

    void healNode3() throws Exception {
        netns.heal();
    }

    void restart(int node) throws Exception {
        launch(node);
        awaitReady(node);
    }

    /** The node that leads the most partitions of a topic (the lowest id on a tie). */
    int leaderOfMost(String topic) throws Exception {
        try (Admin admin = admin()) {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(topic);
            Map<Integer, Long> led = description.partitions().stream().map(TopicPartitionInfo::leader)
                    .filter(leader -> leader != null).collect(Collectors.groupingBy(leader -> leader.id(),
                            Collectors.counting()));
            return led.entrySet().stream().max(Map.Entry.<Integer, Long>comparingByValue()
                    .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                    .orElseThrow(() -> new IllegalStateException(topic + " has no leader")).getKey();
        }
    }

    /** The node whose controller leads the metadata quorum. */
    int activeController() throws Exception {
        try (Admin admin = admin()) {
            return admin.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS).leaderId();
        }
    }

    Admin admin() {
        return Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrapServers()));
    }

    private void launch(int node) throws Exception {
        Path log = dir.resolve("node-" + node + ".log");
        Files.deleteIfExists(log);
        List<String> argv = new ArrayList<>();
        if (netns != null && node == 3) {
            argv.addAll(netns.exec());
        }
        argv.addAll(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx384m", "-cp", System.getProperty("java.class.path"), ThreeBrokers.class.getName(),
                Integer.toString(node), dir.toString(), clusterId));
        for (int port : ports) {
            argv.add(Integer.toString(port));
        }
        argv.addAll(List.of(hosts));
        nodes[node - 1] = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
    }

    private void awaitReady(int node) throws Exception {
        Path log = dir.resolve("node-" + node + ".log");
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < until) {
            if (!nodes[node - 1].isAlive()) {
                throw new IllegalStateException("node " + node + " exited; see " + log);
            }
            if (Files.exists(log) && Files.readString(log).contains("node ready " + node)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("node " + node + " not ready in 120 s; see " + log);
    }

    @Override
    public void close() {
        for (Process node : nodes) {
            if (node != null) {
                node.destroyForcibly();
            }
        }
        for (Process node : nodes) {
            try {
                if (node != null) {
                    node.waitFor(30, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (netns != null) {
            netns.close();
        }
    }
}
