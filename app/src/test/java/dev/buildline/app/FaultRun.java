package dev.buildline.app;

import dev.buildline.common.messages.BuildEvent;
import dev.buildline.common.messages.BuildStatus;
import dev.buildline.common.messages.Topics;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;

/**
 * The fault figures of issue 11 (run with scripts/faults.sh, not part of .ci/run): {@code kafka}, {@code coordinator}
 * and two {@code worker} processes from the launcher jar, 50 signed GitHub pushes of 4 images each (real buildx into
 * the registry on 127.0.0.1:5000) per scenario, bad input interleaved, one fault per scenario. Prints one row per
 * scenario: accepted / succeeded / failed / lost / duplicated terminal events, 5xx (and refused connections) retried,
 * the slowest answer, the longest gap between terminal events while builds were outstanding, bad input accepted,
 * and the group's members at the end.
 */
final class FaultRun {

    private static final Path JAR = Path.of("app", "target", "buildline.jar");
    private static final String SECRET = "fault-secret";
    private static final String GROUP = "fault-workers";
    private static final String ZEROS = "0".repeat(40);
    private static final int PUSHES = Integer.getInteger("faults.pushes", 50);
    /** Between pushes: the 50 pushes last about a minute, so five kills 10 s apart each find a worker up. */
    private static final long PAUSE_MILLIS = Long.getLong("faults.pauseMs", 1000);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path dir;
    private final String scenario;
    /** Scenarios against a 3-node cluster ({@link ClusterNodes}); the others run one broker, the {@code kafka} mode. */
    private static final Set<String> CLUSTER = Set.of("cluster", "leader-kill", "controller-kill", "two-brokers-down",
            "two-coordinators", "partition");
    /** How long a killed node stays away in the cluster scenarios. */
    private static final long NODE_AWAY_MILLIS = 20_000;

    private final Map<String, Process> processes = new ConcurrentHashMap<>();
    private String allowedRepo;
    private int kafkaPort;
    private String bootstrap;
    private ClusterNodes cluster;
    /** The coordinators' ports: a delivery and its retries go to them in turn, as a load balancer would send them. */
    private final List<Integer> httpPorts = new ArrayList<>();
    private final List<Thread> restarts = new ArrayList<>();
    private final Set<Integer> fiveHundredCodes = new TreeSet<>();
    private int redelivered;
    private int redeliveredSame;
    private int fiveHundreds;
    private int refused;
    private long slowestMillis;
    private int badAccepted;
    private final java.util.concurrent.atomic.AtomicInteger faults = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger recovered = new java.util.concurrent.atomic.AtomicInteger();

    private FaultRun(Path dir, String scenario) {
        this.dir = dir;
        this.scenario = scenario;
    }

    public static void main(String[] args) throws Exception {
        BuildHost.require();
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR + " is missing: build it with mvn -B -pl app -am package -DskipTests");
        }
        List<String> scenarios = args.length > 0 ? List.of(args)
                : List.of("worker-kill", "third-worker", "broker-restart", "coordinator-restart");
        List<String> rows = new ArrayList<>();
        for (String scenario : scenarios) {
            Path dir = Files.createTempDirectory("buildline-faults-" + scenario);
            FaultRun run = new FaultRun(dir, scenario);
            Thread stopper = new Thread(run::stopAll, "faults-stop");
            Runtime.getRuntime().addShutdownHook(stopper);
            try {
                rows.add(run.execute());
            } finally {
                run.stopAll();
                Runtime.getRuntime().removeShutdownHook(stopper);
            }
        }
        System.out.println();
        System.out.println("| scenario | accepted | succeeded | failed or other | lost | duplicated | 5xx / no answer (all retried"
                + " to success) | slowest answer | longest gap | bad input accepted | group at the end |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        rows.forEach(System.out::println);
    }

    private String execute() throws Exception {
        if (CLUSTER.contains(scenario)) {
            cluster = ClusterNodes.start(dir.resolve("cluster"),
                    scenario.equals("partition") ? NetworkNamespace.create() : null);
            bootstrap = cluster.bootstrapServers();
        } else {
            kafkaPort = freePort();
            bootstrap = "127.0.0.1:" + kafkaPort;
            startKafka();
        }
        TestRepo repo = TestRepo.create(dir.resolve("repo"));
        httpPorts.add(freePort());
        startCoordinator(repo.url());
        if (scenario.equals("two-coordinators")) {
            httpPorts.add(freePort());
            startCoordinator("coordinator2", httpPorts.get(1));
        }
        startWorker("w1");
        startWorker("w2");
        Map<String, Instant> accepted = new LinkedHashMap<>();
        try (EventLog events = new EventLog(bootstrap, Topics.defaults())) {
            for (int push = 0; push < PUSHES; push++) {
                fault(push);
                Map<String, String> files = new LinkedHashMap<>();
                files.put("devspace.yaml", devspaceYaml());
                for (int image = 0; image < 4; image++) {
                    files.put("img" + image + "/Dockerfile", "FROM scratch\nCOPY f.txt /f.txt\n");
                    files.put("img" + image + "/f.txt", "push " + push + "\n");
                }
                String commit = repo.commit("push " + push, files);
                String body = Webhooks.pushPayload(repo.url(), "faults/app", "refs/heads/main", ZEROS, commit);
                String delivery = UUID.randomUUID().toString();
                String answer = deliver(body, Webhooks.sign(SECRET, body), delivery, push);
                if (httpPorts.size() > 1) {
                    // the same delivery again, landing on the next coordinator: GitHub's redelivery behind a balancer
                    redelivered++;
                    String again = deliver(body, Webhooks.sign(SECRET, body), delivery, push + 1);
                    if (Webhooks.builds(again).equals(Webhooks.builds(answer))) {
                        redeliveredSame++;
                    } else {
                        System.err.println("faults: redelivery answered " + again + " after " + answer);
                    }
                }
                Webhooks.builds(answer).values().forEach(id -> accepted.putIfAbsent(id, Instant.now()));
                if (push % 5 == 0) {
                    badInput(repo.url(), commit);
                }
                Thread.sleep(PAUSE_MILLIS);
            }
            for (Thread restart : restarts) { // what was killed is back before the run ends: builds resume after it
                restart.join(TimeUnit.MINUTES.toMillis(3));
            }
            long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(6);
            while (System.nanoTime() < until && accepted.keySet().stream()
                    .anyMatch(id -> events.terminals(id).isEmpty())) {
                Thread.sleep(1000);
            }
            return row(accepted.keySet(), events);
        }
    }

    /** The scenario's fault, by push number: kill -9 and restart 3 s later, or a third worker joining and leaving. */
    private void fault(int push) throws Exception {
        switch (scenario) {
            case "worker-kill" -> {
                if (push % 10 == 4) {
                    String victim = push % 20 == 4 ? "w1" : "w2";
                    processes.get(victim).destroyForcibly().waitFor();
                    faults.incrementAndGet();
                    restartLater(victim, 3000, () -> startWorker(victim));
                }
            }
            case "third-worker" -> {
                if (push % 6 == 2 && push / 6 < 8) {
                    faults.incrementAndGet();
                    new Thread(() -> { // the pushes go on while the third worker starts
                        Process third;
                        try {
                            third = start("w3", workerArgs(), workerEnv("w3"), "worker ready");
                        } catch (Exception e) {
                            System.err.println("faults: the third worker did not start: " + e);
                            return;
                        }
                        sleep(2500);
                        third.destroy(); // SIGTERM: the worker drains and leaves the group
                        try {
                            if (third.waitFor(60, TimeUnit.SECONDS)) {
                                recovered.incrementAndGet();
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }).start();
                }
            }
            case "broker-restart" -> {
                if (push == PUSHES / 2) {
                    processes.get("kafka").destroyForcibly().waitFor();
                    faults.incrementAndGet();
                    restartLater("kafka", 3000, this::startKafka);
                }
            }
            case "coordinator-restart" -> {
                if (push == PUSHES / 2) {
                    processes.get("coordinator").destroyForcibly().waitFor();
                    faults.incrementAndGet();
                    restartLater("coordinator", 3000, () -> startCoordinator(null));
                }
            }
            case "leader-kill", "controller-kill" -> {
                if (push == PUSHES / 2) {
                    int node = scenario.equals("leader-kill") ? cluster.leaderOfMost(Topics.defaults().buildRequests())
                            : cluster.activeController();
                    cluster.kill(node);
                    faults.incrementAndGet();
                    restartLater("node " + node, NODE_AWAY_MILLIS, () -> cluster.restart(node));
                }
            }
            case "two-brokers-down" -> {
                if (push == PUSHES / 2) {
                    // below min.insync.replicas 2: no write is acknowledged until one of them is back
                    int leader = cluster.leaderOfMost(Topics.defaults().buildRequests());
                    int other = leader % 3 + 1;
                    cluster.kill(leader);
                    cluster.kill(other);
                    faults.addAndGet(2);
                    restartLater("node " + leader, NODE_AWAY_MILLIS, () -> cluster.restart(leader));
                    restartLater("node " + other, NODE_AWAY_MILLIS, () -> cluster.restart(other));
                }
            }
            case "partition" -> {
                if (push == PUSHES / 2) {
                    // node 3 runs on, in its own network namespace, but nobody reaches it nor it anybody
                    cluster.partitionNode3();
                    faults.incrementAndGet();
                    restartLater("node 3's network", NODE_AWAY_MILLIS, cluster::healNode3);
                }
            }
            case "cluster", "two-coordinators" -> {
                // no fault but the one of the setup: the cluster's baseline, or intake behind a balancer
            }
            default -> throw new IllegalArgumentException("unknown scenario " + scenario
                    + " (worker-kill, third-worker, broker-restart, coordinator-restart, cluster, leader-kill,"
                    + " controller-kill, two-brokers-down, two-coordinators, partition)");
        }
    }

    @FunctionalInterface
    private interface Start {
        void run() throws Exception;
    }

    private void restartLater(String name, long afterMillis, Start start) {
        Thread thread = new Thread(() -> {
            sleep(afterMillis);
            try {
                start.run();
                recovered.incrementAndGet();
            } catch (Exception e) {
                System.err.println("faults: restarting " + name + " failed: " + e);
            }
        }, "restart-" + name);
        restarts.add(thread);
        thread.start();
    }

    /**
     * Posts like GitHub: the same delivery id on every retry, a retry after a 5xx or a refused connection; try
     * {@code turn + n} goes to the coordinators in turn.
     */
    private String deliver(String body, String signature, String delivery, int turn) throws Exception {
        for (int attempt = 0; attempt < 120; attempt++) {
            long start = System.nanoTime();
            try {
                HttpResponse<String> response = post(httpPorts.get((turn + attempt) % httpPorts.size()), body,
                        signature, delivery);
                slowestMillis = Math.max(slowestMillis, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                if (response.statusCode() >= 500) {
                    fiveHundreds++;
                    fiveHundredCodes.add(response.statusCode());
                } else if (response.statusCode() / 100 == 2) {
                    return response.body();
                } else {
                    throw new IllegalStateException("push refused " + response.statusCode() + ": " + response.body());
                }
            } catch (java.io.IOException e) {
                // refused (the coordinator is down), reset mid-answer (killed), or no answer within 15 s
                refused++;
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("a push got no 2xx in 120 tries");
    }

    private void badInput(String repoUrl, String commit) throws Exception {
        String good = Webhooks.pushPayload(repoUrl, "faults/app", "refs/heads/main", ZEROS, commit);
        String notAllowed = Webhooks.pushPayload("file:///not/allowed", "evil/app", "refs/heads/main", ZEROS, commit);
        String huge = "{\"pad\": \"" + "x".repeat(26 * 1024 * 1024) + "\"}";
        for (String[] bad : List.of(
                new String[] {good, "sha256=" + "0".repeat(64)},
                new String[] {"{not json", Webhooks.sign(SECRET, "{not json")},
                new String[] {huge, Webhooks.sign(SECRET, huge)},
                new String[] {notAllowed, Webhooks.sign(SECRET, notAllowed)})) {
            try {
                HttpResponse<String> response = post(httpPorts.get(0), bad[0], bad[1], UUID.randomUUID().toString());
                if (response.statusCode() / 100 == 2) {
                    badAccepted++;
                }
            } catch (java.io.IOException e) {
                // the coordinator may be down in that scenario, or close a huge body early: nothing was accepted
            }
        }
    }

    private HttpResponse<String> post(int port, String body, String signature, String delivery) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/github"))
                .timeout(Duration.ofSeconds(15)).header("Content-Type", "application/json")
                .header("X-GitHub-Event", "push").header("X-GitHub-Delivery", delivery)
                .header("X-Hub-Signature-256", signature).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String row(Set<String> accepted, EventLog events) throws Exception {
        int succeeded = 0;
        int failed = 0;
        int lost = 0;
        int duplicated = 0;
        for (String id : accepted) {
            List<BuildEvent> terminals = events.terminals(id);
            if (terminals.isEmpty()) {
                lost++;
                continue;
            }
            duplicated += terminals.size() - 1;
            if (terminals.get(0).status() == BuildStatus.SUCCEEDED) {
                succeeded++;
            } else {
                failed++;
                System.err.println("faults: " + scenario + ": " + id + " ended " + terminals.get(0).status()
                        .wireName() + ": " + terminals.get(0).error());
            }
        }
        // between consecutive terminal events: the first build's own latency (a cold git mirror) is not a stall
        List<Instant> ends = accepted.stream().flatMap(id -> events.terminals(id).stream())
                .map(BuildEvent::time).sorted(Comparator.naturalOrder()).toList();
        long longestGap = 0;
        for (int i = 1; i < ends.size(); i++) {
            longestGap = Math.max(longestGap, Duration.between(ends.get(i - 1), ends.get(i)).toMillis());
        }
        String redeliveries = redelivered == 0 ? "" : ", " + redeliveredSame + " of " + redelivered
                + " redeliveries on the other coordinator answered as the same builds";
        return "| " + scenario + " (" + faults + " faults, " + recovered + " restarted/left" + redeliveries + ") | " + accepted.size() + " | " + succeeded + " | " + failed + " | " + lost + " | "
                + duplicated + " | " + fiveHundreds + (fiveHundredCodes.isEmpty() ? "" : " " + fiveHundredCodes) + " / " + refused + " | " + slowestMillis + " ms | "
                + longestGap / 1000.0 + " s | " + badAccepted + " | " + members() + " |";
    }

    private String members() throws Exception {
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
            return admin.describeConsumerGroups(List.of(GROUP)).all().get(30, TimeUnit.SECONDS).get(GROUP).members()
                    .stream().map(member -> member.clientId() + " (" + member.assignment().topicPartitions().size()
                            + " partitions)").sorted().collect(Collectors.joining(", "));
        }
    }

    private void startKafka() throws Exception {
        start("kafka", List.of("kafka", "--port", Integer.toString(kafkaPort), "--data", dir.resolve("kafka").toString()),
                Map.of(), "kafka ready");
    }

    private void startCoordinator(String allowedRepo) throws Exception {
        if (allowedRepo != null) {
            this.allowedRepo = allowedRepo;
        }
        startCoordinator("coordinator", httpPorts.get(0));
    }

    private void startCoordinator(String name, int httpPort) throws Exception {
        start(name, List.of("coordinator", "--http-port", Integer.toString(httpPort), "--data",
                dir.resolve(name).toString()), Map.of(
                "BUILDLINE_KAFKA_BOOTSTRAP", bootstrap,
                "BUILDLINE_WEBHOOK_SECRET", SECRET,
                "BUILDLINE_REQUEST_KEY", Requests.KEY_TEXT,
                "BUILDLINE_ALLOWED_REPOS", this.allowedRepo,
                "BUILDLINE_ALLOWED_IMAGES", BuildHost.REGISTRY + "/buildline-faults/",
                // a harness on this machine: the API it reads is open on purpose, and on loopback alone
                "BUILDLINE_INSECURE_OPEN_API", "true",
                "BUILDLINE_HTTP_HOST", "127.0.0.1"), "coordinator ready");
    }

    private void startWorker(String id) throws Exception {
        start(id, workerArgs(), workerEnv(id), "worker ready");
    }

    private static List<String> workerArgs() {
        return List.of("worker");
    }

    private Map<String, String> workerEnv(String id) {
        return Map.of(
                "BUILDLINE_KAFKA_BOOTSTRAP", bootstrap,
                "BUILDLINE_WORKER_ID", "fault-" + id,
                "BUILDLINE_REQUEST_KEY", Requests.KEY_TEXT,
                "BUILDLINE_WORKER_GROUP", GROUP,
                "BUILDLINE_WORKER_CONCURRENCY", "2",
                "BUILDLINE_SUPERSEDE_POLICY", "off", // every push's four builds are built: 200 per scenario
                "BUILDLINE_DATA", dir.resolve(id + "-" + System.nanoTime()).toString(), // a leaving one may linger
                "BUILDLINE_KAFKA_SESSION_TIMEOUT_MS", "10000",
                "BUILDLINE_DRAIN_GRACE_SECONDS", "2",
                "BUILDLINE_WORKER_HTTP_PORT", "0");
    }

    private Process start(String name, List<String> args, Map<String, String> extraEnv, String ready)
            throws Exception {
        List<String> argv = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar",
                JAR.toString()));
        argv.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.appendTo(
                dir.resolve(name + ".log").toFile()));
        builder.environment().putAll(extraEnv);
        Process process = builder.start();
        processes.put(name, process);
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith(ready)) {
            throw new IllegalStateException(name + " did not start (" + line + "); see " + dir.resolve(name + ".log"));
        }
        return process;
    }

    private static String devspaceYaml() {
        StringBuilder yaml = new StringBuilder("version: v2beta1\nimages:\n");
        for (int i = 0; i < 4; i++) {
            yaml.append("  img").append(i).append(":\n    image: ").append(BuildHost.REGISTRY)
                    .append("/buildline-faults/img").append(i).append("\n    context: ./img").append(i)
                    .append("\n    dockerfile: ./img").append(i).append("/Dockerfile\n    buildKit: {}\n");
        }
        return yaml.toString();
    }

    private void stopAll() {
        processes.values().forEach(Process::destroyForcibly);
        if (cluster != null) {
            cluster.close(); // its nodes and, for partition, its network namespace
            cluster = null;
        }
        for (Process process : processes.values()) {
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
