package dev.buildline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.buildline.app.kafka.TopicSetup;
import dev.buildline.common.config.ImageConfig;
import dev.buildline.common.messages.BuildEvent;
import dev.buildline.common.messages.BuildRequest;
import dev.buildline.common.messages.BuildStatus;
import dev.buildline.common.messages.Topics;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Worker processes (the launcher jar, {@code buildline worker}) that die or are told to stop while building: nothing is
 * lost, nothing ends twice.
 */
class WorkerCrashIT {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final Topics TOPICS = Topics.defaults();
    private static final Path JAR = Path.of("target", "buildline.jar");
    private static final int PADDING_EVENTS = 150_000;

    @TempDir
    static Path temp;
    private static TestBroker kafka;
    private static Requests requests;
    private static EventLog events;
    private static TestRepo repo;
    private final Map<String, Process> workers = new HashMap<>();

    @BeforeAll
    static void start() throws Exception {
        BuildHost.require();
        assertThat(JAR).as("the launcher jar, built in the package phase").exists();
        kafka = TestBroker.start(temp.resolve("kafka"), 0);
        TopicSetup.ensure(kafka.bootstrapServers(), TOPICS, 3, (short) 1);
        requests = new Requests(kafka.bootstrapServers(), TOPICS);
        events = new EventLog(kafka.bootstrapServers(), TOPICS);
        repo = TestRepo.create(temp.resolve("repo"));
    }

    @AfterEach
    void stopWorkers() throws InterruptedException {
        for (Process worker : workers.values()) {
            worker.destroyForcibly();
            worker.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable resource : new AutoCloseable[] {requests, events, repo, kafka}) {
            if (resource != null) {
                resource.close();
            }
        }
    }

    @Test
    void aBuildWhoseWorkerIsKilledCompletesOnTheOtherOnceAndNothingIsLost() throws Exception {
        String group = "crash-workers";
        startWorker("crash-w1", group);
        startWorker("crash-w2", group);
        BuildRequest slow = request("slow", "FROM " + BuildHost.BASE_IMAGE + "\nRUN echo slow-" + RUN + " && sleep 20\n");
        List<BuildRequest> others = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            others.add(request("fast" + i, "FROM scratch\nCOPY f.txt /f.txt\n"));
        }
        List<BuildRequest> all = new ArrayList<>(others);
        all.add(0, slow);

        requests.send(all.toArray(BuildRequest[]::new));
        String victim = events.awaitStatus(slow.buildId(), BuildStatus.RUNNING, Duration.ofMinutes(2)).worker();
        workers.get(victim).destroyForcibly();
        assertThat(workers.get(victim).waitFor(30, TimeUnit.SECONDS)).isTrue();

        BuildEvent done = events.awaitTerminal(slow.buildId(), Duration.ofMinutes(4));
        for (BuildRequest other : others) {
            events.awaitTerminal(other.buildId(), Duration.ofMinutes(3));
        }
        assertThat(done.status()).as(done.error()).isEqualTo(BuildStatus.SUCCEEDED);
        assertThat(done.worker()).isNotEqualTo(victim).startsWith("crash-w");
        assertThat(done.attempt()).isGreaterThanOrEqualTo(2);
        assertThat(done.digest()).isEqualTo(Webhooks.registryDigest(done.tags().get(0)));
        assertThat(events.of(slow.buildId())).filteredOn(e -> e.status() == BuildStatus.RUNNING)
                .extracting(BuildEvent::worker).contains(victim, done.worker());
        for (BuildRequest request : all) {
            assertThat(events.terminals(request.buildId())).as(request.image())
                    .extracting(BuildEvent::status).containsExactly(BuildStatus.SUCCEEDED);
        }
        await().atMost(Duration.ofMinutes(1)).until(() -> requests.allCommitted(group));
    }

    @Test
    void sigtermDrainsThenLeavesTheUnfinishedBuildToAnotherWorker() throws Exception {
        String group = "drain-workers";
        startWorker("drain-w1", group);
        startWorker("drain-w2", group);
        BuildRequest slow = request("drained", "FROM " + BuildHost.BASE_IMAGE + "\nRUN echo drained-" + RUN
                + " && sleep 15\n");

        requests.send(slow);
        String drained = events.awaitStatus(slow.buildId(), BuildStatus.RUNNING, Duration.ofMinutes(2)).worker();
        Process stopping = workers.get(drained);
        stopping.destroy();

        assertThat(stopping.waitFor(60, TimeUnit.SECONDS)).as("worker exits after its drain grace").isTrue();
        BuildEvent done = events.awaitTerminal(slow.buildId(), Duration.ofMinutes(4));
        assertThat(done.status()).as(done.error()).isEqualTo(BuildStatus.SUCCEEDED);
        assertThat(done.worker()).isNotEqualTo(drained);
        assertThat(events.terminals(slow.buildId())).hasSize(1);
        assertThat(Files.readString(temp.resolve(drained + ".log")))
                .contains("draining: no new builds")
                .contains("abandoned (worker stopped after a drain of 3 s)");
        await().atMost(Duration.ofMinutes(1)).until(() -> requests.allCommitted(group));
    }

    /**
     * The crash that idempotency is for: a worker published a build's terminal event and died before committing its
     * record. Here that window is held open for certain: an earlier record of the same partition is a slow build
     * still running, so the offset cannot move past either (commits never skip unfinished work). The worker is killed
     * (SIGKILL) once the fast build's terminal event is out; a fresh worker, whose follower starts from nothing, then
     * owns the partition, reads both records again, rebuilds the unfinished one and does not build the finished one.
     * The terminal event sits behind many thousand others on build-events and the fresh worker joins an empty group,
     * so it holds the partition well before its follower has read that far: only the check before each build keeps
     * it from building again.
     */
    @Test
    void aRequestWhoseTerminalEventWasPublishedBeforeTheCrashIsNotBuiltAgainByTheNextOwner() throws Exception {
        String group = "idempotent-workers";
        BuildRequest slow = null;
        BuildRequest fast = null;
        for (int i = 0; fast == null; i++) {
            BuildRequest candidate = request("ended" + i, "FROM scratch\nCOPY f.txt /f.txt\n");
            if (slow == null) {
                slow = request("unended", "FROM " + BuildHost.BASE_IMAGE + "\nRUN echo unended-" + RUN
                        + " && sleep 20\n");
            }
            if (partitionOf(candidate) == partitionOf(slow)) {
                fast = candidate;
            }
        }
        startWorker("idem-w1", group);
        requests.padEvents(PADDING_EVENTS, 3);

        List<org.apache.kafka.clients.producer.RecordMetadata> landed = requests.send(slow, fast);
        BuildEvent ended = events.awaitTerminal(fast.buildId(), Duration.ofMinutes(2));
        workers.get("idem-w1").destroyForcibly();
        assertThat(workers.get("idem-w1").waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(ended.status()).as(ended.error()).isEqualTo(BuildStatus.SUCCEEDED);
        assertThat(events.terminals(slow.buildId())).as("the slow build was still running at the kill").isEmpty();
        int partition = landed.get(1).partition();
        assertThat(landed.get(0).partition()).isEqualTo(partition);
        assertThat(requests.committed(group, partition)).as("the finished build's record is not committed")
                .isLessThanOrEqualTo(landed.get(1).offset());

        await().atMost(Duration.ofMinutes(1)).until(() -> requests.members(group) == 0);
        startWorker("idem-w2", group);
        BuildEvent rebuilt = events.awaitTerminal(slow.buildId(), Duration.ofMinutes(4));
        await().atMost(Duration.ofMinutes(1)).until(() -> requests.allCommitted(group));

        assertThat(rebuilt.status()).as(rebuilt.error()).isEqualTo(BuildStatus.SUCCEEDED);
        assertThat(rebuilt.worker()).isEqualTo("idem-w2");
        assertThat(events.of(fast.buildId())).as("every event of the finished build came from the killed worker")
                .extracting(BuildEvent::worker).containsOnly("idem-w1");
        assertThat(events.terminals(fast.buildId())).extracting(BuildEvent::status)
                .containsExactly(BuildStatus.SUCCEEDED);
        assertThat(Files.readString(temp.resolve("idem-w2.log")))
                .contains("build " + fast.buildId() + " at " + TOPICS.buildRequests() + "-" + partition + "@"
                        + landed.get(1).offset() + " already ended succeeded; not built again");
    }

    /** The partition of build-requests the producer's default partitioner picks for the request's key. */
    private static int partitionOf(BuildRequest request) {
        return org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(
                request.key().getBytes(StandardCharsets.UTF_8))) % 3;
    }

    private BuildRequest request(String name, String dockerfile) throws Exception {
        String commit = repo.commit(name, Map.of(name + "/Dockerfile", dockerfile, name + "/f.txt", name + RUN + "\n"));
        ImageConfig image = Requests.image(name, BuildHost.REGISTRY + "/buildline-it/" + name + "-" + RUN,
                "./" + name + "/Dockerfile", "./" + name, false, null);
        return Requests.request(repo.url(), commit, image, "v1");
    }

    private void startWorker(String workerId, String group) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-jar", JAR.toString(), "worker")
                .redirectError(temp.resolve(workerId + ".log").toFile());
        Map<String, String> env = builder.environment();
        env.put("BUILDLINE_KAFKA_BOOTSTRAP", kafka.bootstrapServers());
        env.put("BUILDLINE_WORKER_ID", workerId);
        env.put("BUILDLINE_REQUEST_KEY", Requests.KEY_TEXT);
        env.put("BUILDLINE_WORKER_GROUP", group);
        env.put("BUILDLINE_WORKER_CONCURRENCY", "2");
        env.put("BUILDLINE_DATA", temp.resolve(workerId).toString());
        env.put("BUILDLINE_KAFKA_SESSION_TIMEOUT_MS", "8000");
        env.put("BUILDLINE_DRAIN_GRACE_SECONDS", "3");
        env.put("BUILDLINE_WORKER_HTTP_PORT", "0"); // two workers on one host: each takes a free port
        Process process = builder.start();
        workers.put(workerId, process);
        BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = stdout.readLine();
        assertThat(line).as("first line of " + workerId + "; its log: " + temp.resolve(workerId + ".log"))
                .startsWith("worker ready http://127.0.0.1:");
    }
}
