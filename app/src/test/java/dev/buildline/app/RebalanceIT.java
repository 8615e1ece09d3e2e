package dev.buildline.app;

import dev.buildline.runtime.kafka.KafkaClients;
import dev.buildline.runtime.kafka.KafkaSettings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.buildline.app.kafka.EmbeddedKafka;
import dev.buildline.app.kafka.TopicSetup;
import dev.buildline.common.config.ImageConfig;
import dev.buildline.common.messages.BuildEvent;
import dev.buildline.common.messages.BuildRequest;
import dev.buildline.common.messages.BuildStatus;
import dev.buildline.common.messages.Topics;
import dev.buildline.common.plan.BuildSite;
import dev.buildline.ops.OpsMeters;
import dev.buildline.ops.OpsSettings;
import dev.buildline.worker.WorkerSettings;
import dev.buildline.worker.consume.SupersedePolicy;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rebalances are routine: two workers keep claiming and committing real builds (buildx on the local daemon) while a
 * third member of their group joins and leaves again and again. Every build ends once, both workers are still members
 * of the group at the end, and both answer {@code /health/live} with 200.
 */
class RebalanceIT {

    private static final String GROUP = "rebalance-workers";
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final Topics TOPICS = Topics.defaults();

    @TempDir
    static Path temp;
    private static EmbeddedKafka kafka;
    private static Requests requests;
    private static EventLog events;
    private static TestRepo repo;
    private static Vertx vertx;
    private static final List<AutoCloseable> workers = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        BuildHost.require();
        kafka = EmbeddedKafka.start(temp.resolve("kafka"), 0);
        TopicSetup.ensure(kafka.bootstrapServers(), TOPICS, 6, (short) 1);
        requests = new Requests(kafka.bootstrapServers(), TOPICS);
        events = new EventLog(kafka.bootstrapServers(), TOPICS);
        repo = TestRepo.create(temp.resolve("repo"));
        vertx = Vertx.vertx();
    }

    /** Each test's workers go with it: every group reads all of build-requests, so another test's are not theirs. */
    @AfterEach
    void stopWorkers() throws Exception {
        for (int i = workers.size() - 1; i >= 0; i--) {
            workers.get(i).close();
        }
        workers.clear();
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable resource : new AutoCloseable[] {requests, events, repo, kafka}) {
            if (resource != null) {
                resource.close();
            }
        }
        if (vertx != null) {
            vertx.close().await();
        }
    }

    @Test
    void workersKeepConsumingWhileAnotherMemberJoinsAndLeavesDuringBuilds() throws Exception {
        WorkerProcess w1 = worker("rebalance-w1");
        WorkerProcess w2 = worker("rebalance-w2");
        WorkerOps ops1 = ops(w1);
        WorkerOps ops2 = ops(w2);
        String commit = repo.commit("app", Map.of("app/Dockerfile", "FROM scratch\nCOPY f.txt /f.txt\n",
                "app/f.txt", "rebalance " + RUN + "\n"));
        List<BuildRequest> all = new ArrayList<>();
        AtomicInteger joins = new AtomicInteger();
        Thread churn = new Thread(() -> {
            for (int i = 0; i < 8; i++) {
                joinAndLeave();
                joins.incrementAndGet();
            }
        }, "it-rebalance-churn");
        churn.start();
        for (int batch = 0; batch < 8; batch++) {
            List<BuildRequest> requestsOfBatch = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ImageConfig image = Requests.image("img" + batch + "-" + i, BuildHost.REGISTRY + "/buildline-it/rebalance-"
                        + RUN, "./app/Dockerfile", "./app", true, null);
                requestsOfBatch.add(Requests.request(repo.url(), commit, image, "b" + batch + "-" + i));
            }
            requests.send(requestsOfBatch.toArray(BuildRequest[]::new));
            all.addAll(requestsOfBatch);
            Thread.sleep(1500);
        }
        churn.join();

        for (BuildRequest request : all) {
            BuildEvent done = events.awaitTerminal(request.buildId(), Duration.ofMinutes(4));
            assertThat(done.status()).as(request.image() + ": " + done.error()).isEqualTo(BuildStatus.SUCCEEDED);
        }
        assertThat(joins).hasValue(8);
        for (BuildRequest request : all) {
            assertThat(events.terminals(request.buildId())).as(request.image()).hasSize(1);
        }
        assertThat(groupMembers()).as("client ids of the group's members")
                .contains("buildline-worker-rebalance-w1", "buildline-worker-rebalance-w2");
        assertThat(live(ops1)).isEqualTo(200);
        assertThat(live(ops2)).isEqualTo(200);
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> requests.allCommitted(GROUP));
    }

    /**
     * Issue 11's goal: no stall longer than one session timeout. A worker whose builds hang where a stop cannot reach
     * them (a git host that accepts and never answers) used to hold a revoke for 15 s, and the joining worker got no
     * partitions all that time; now the partitions are handed back at once and their new owner starts their builds.
     */
    @Test
    void aJoiningWorkerStartsTheRevokedBuildsWithinOneSessionTimeoutWhileTheOldOwnerIsStillStuck() throws Exception {
        String group = "revoke-workers";
        Duration session = Duration.ofSeconds(10);
        try (ServerSocket silentGitHost = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread accepting = new Thread(() -> holdConnections(silentGitHost), "it-silent-git-host");
            accepting.setDaemon(true);
            accepting.start();
            String url = "http://127.0.0.1:" + silentGitHost.getLocalPort() + "/team/stuck.git";
            WorkerProcess first = worker("revoke-w1", group, 6, session);
            List<BuildRequest> stuck = onEveryPartition(url, 6);
            requests.send(stuck.toArray(BuildRequest[]::new));
            for (BuildRequest request : stuck) {
                assertThat(events.awaitStatus(request.buildId(), BuildStatus.RUNNING, Duration.ofMinutes(2)).worker())
                        .isEqualTo("revoke-w1");
            }

            long joined = System.nanoTime();
            worker("revoke-w2", group, 6, session);
            org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100))
                    .until(() -> stuck.stream().anyMatch(request -> events.of(request.buildId()).stream()
                            .anyMatch(e -> "revoke-w2".equals(e.worker()))));
            Duration claimed = Duration.ofNanos(System.nanoTime() - joined);

            assertThat(claimed).as("from the second worker's start to its first claim of a revoked build")
                    .isLessThan(session);
            assertThat(first.loops()).allSatisfy(loop -> assertThat(loop.problem()).isEmpty());
        }
    }

    /** One request per partition of build-requests, each for the same commit of {@code url}. */
    private static List<BuildRequest> onEveryPartition(String url, int partitions) {
        Map<Integer, BuildRequest> byPartition = new java.util.TreeMap<>();
        for (int i = 0; byPartition.size() < partitions; i++) {
            ImageConfig image = Requests.image("stuck" + i, BuildHost.REGISTRY + "/buildline-it/stuck-" + RUN,
                    null, null, true, null);
            BuildRequest request = Requests.request(url, "0123456789abcdef0123456789abcdef01234567", image, "s" + i);
            int partition = org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(
                    request.key().getBytes(java.nio.charset.StandardCharsets.UTF_8))) % partitions;
            byPartition.putIfAbsent(partition, request);
        }
        return List.copyOf(byPartition.values());
    }

    /** Accepts every connection and never answers, as a hung git host does. */
    private static void holdConnections(ServerSocket server) {
        List<java.net.Socket> held = new ArrayList<>();
        try {
            while (true) {
                held.add(server.accept());
            }
        } catch (java.io.IOException closed) {
            for (java.net.Socket socket : held) {
                try {
                    socket.close();
                } catch (java.io.IOException e) {
                    // closing is all that is left to do
                }
            }
        }
    }

    private static WorkerProcess worker(String id) throws Exception {
        return worker(id, GROUP, 2, Duration.ofSeconds(6));
    }

    private static WorkerProcess worker(String id, String group, int concurrency, Duration session)
            throws Exception {
        WorkerSettings defaults = WorkerSettings.defaults(kafka.bootstrapServers(), TOPICS, group, id, concurrency,
                temp.resolve(id));
        WorkerSettings settings = new WorkerSettings(defaults.kafka(), TOPICS, group, id, concurrency,
                defaults.dataDir(), null, null, defaults.buildTimeout(), SupersedePolicy.OFF,
                defaults.maxAttempts(), defaults.retryBackoff(), Duration.ofSeconds(2), defaults.maxLogLines(),
                session, defaults.gitPackCacheBytes(), Requests.KEY);
        WorkerProcess worker = WorkerProcess.start(settings, BuildSite.localDaemon());
        workers.add(worker);
        return worker;
    }

    private static WorkerOps ops(WorkerProcess worker) {
        OpsMeters meters = new OpsMeters();
        WorkerOps ops = WorkerOps.start(vertx, new KafkaClients(KafkaSettings.plaintext(kafka.bootstrapServers())),
                TOPICS, meters, new OpsSettings(GROUP, Duration.ofSeconds(10)), 0, false, worker);
        workers.add(meters);
        workers.add(ops);
        return ops;
    }

    private static int live(WorkerOps ops) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + ops.port() + "/health/live")).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode();
    }

    /** A third member (same assignor, never commits) joins, takes its share for a moment and leaves. */
    private static void joinAndLeave() {
        try (KafkaConsumer<String, byte[]> member = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", kafka.bootstrapServers(),
                "group.id", GROUP,
                "client.id", "it-rebalance-joiner",
                "enable.auto.commit", "false",
                "session.timeout.ms", "6000",
                "partition.assignment.strategy", CooperativeStickyAssignor.class.getName()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            member.subscribe(List.of(TOPICS.buildRequests()));
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (member.assignment().isEmpty() && System.nanoTime() < until) {
                member.poll(Duration.ofMillis(200));
            }
            for (int i = 0; i < 5; i++) {
                member.poll(Duration.ofMillis(200));
            }
        }
    }

    private static Set<String> groupMembers() throws Exception {
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()))) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(GROUP)).all().get().get(GROUP);
            return group.members().stream().map(MemberDescription::clientId).collect(Collectors.toSet());
        }
    }
}
