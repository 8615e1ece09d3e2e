package dev.buildline.app;

import dev.buildline.coordinator.intake.RepositorySettings;
import dev.buildline.common.messages.BuildEvent;
import dev.buildline.common.messages.BuildStatus;
import dev.buildline.worker.build.ProcessRunner;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.jgit.util.FileUtils;

/**
 * Real builds end to end next to bare {@code docker buildx build --push} of the same contexts, in one run against the
 * build host (dockerd, buildx, the registry on 127.0.0.1:5000). The two sides take turns (one of ours, one bare, ...)
 * so that both see the same load on a shared machine; run one after the other, a change of load between them moved
 * the ratio more than anything Buildline does.
 *
 * <p>Tiny build: a devspace.yaml with one image ({@code FROM scratch}, {@code COPY f.txt /f.txt}); each run is a signed
 * GitHub push of a pre-made commit that changes f.txt (fresh content, so nothing is cached), timed from sending the
 * webhook until a tail consumer on build-events has seen the build's {@code succeeded}. The limit is the bare CLI:
 * {@code docker buildx build --push --tag ... --file Dockerfile <dir>} run as argv through the worker's
 * {@link ProcessRunner} on a directory holding the same two files with fresh content each run.
 *
 * <p>Fan-out: one push changing all {@code bench.fanout} images of a devspace.yaml at once, with a worker of each
 * concurrency in {@code bench.concurrency} (a new stack per concurrency), timed until every build succeeded; the limit
 * is as many bare builds, {@code concurrency} at a time. After one warm-up push, {@code bench.fanoutPushes} pushes,
 * each followed by one bare batch; the figures are the medians.
 *
 * <p>System properties: {@code bench.builds} (measured tiny builds per side, 10), {@code bench.warmup} (2),
 * {@code bench.fanout} (20), {@code bench.concurrency} (1,2,4), {@code bench.fanoutPushes} (measured pushes per
 * concurrency, 3).
 */
final class BuildBenchmark {

    private static final String ZEROS = "0".repeat(40);
    private static final double TARGET_RATIO = 1.25;
    private static final String DOCKERFILE = "FROM scratch\nCOPY f.txt /f.txt\n";
    private static final Duration BARE_TIMEOUT = Duration.ofMinutes(2);
    private static final ProcessRunner RUNNER = new ProcessRunner();

    private BuildBenchmark() {
    }

    /** One pre-signed push. */
    private record Push(String body, String signature) {
    }

    /** The samples of both sides of one comparison, taken in turns. */
    private record Sides(Latencies ours, Latencies bare) {
        Sides(int samples) {
            this(new Latencies(samples), new Latencies(samples));
        }

        double ratio() {
            return ours.medianMillis() / bare.medianMillis();
        }
    }

    public static void main(String[] args) throws Exception {
        int builds = Integer.getInteger("bench.builds", 10);
        int warmup = Integer.getInteger("bench.warmup", 2);
        int fanout = Integer.getInteger("bench.fanout", 20);
        int fanoutPushes = Integer.getInteger("bench.fanoutPushes", 3);
        List<Integer> concurrencies = Arrays.stream(System.getProperty("bench.concurrency", "1,2,4").split(","))
                .map(String::trim).map(Integer::valueOf).toList();
        String problem = BuildHostCheck.problem();
        if (problem != null) {
            throw new IllegalStateException("run scripts/build-host.sh first: " + problem);
        }
        Path dir = Files.createTempDirectory("buildline-build-bench");
        String run = UUID.randomUUID().toString().substring(0, 8);
        try {
            Sides tiny = tiny(dir.resolve("tiny"), run, warmup, builds);
            System.out.printf("%nBuild benchmark: tiny image (FROM scratch + COPY), %d builds per side after %d"
                    + " warm-up, fresh content each, the sides in turns%n", builds, warmup);
            System.out.printf("%-46s %10s %10s %10s%n", "side", "median ms", "min ms", "max ms");
            printMillis("buildline: webhook -> succeeded", tiny.ours());
            printMillis("bare docker buildx build --push", tiny.bare());
            Map<Integer, Sides> fan = new LinkedHashMap<>();
            for (int concurrency : concurrencies) {
                fan.put(concurrency, fanOut(dir.resolve("fan-" + concurrency), run + "-c" + concurrency, fanout,
                        concurrency, fanoutPushes));
            }
            System.out.printf("%nFan-out: one push of %d tiny images vs %d bare builds at the same parallelism, %d"
                    + " pushes and %d bare batches in turns after one warm-up push%n", fanout, fanout, fanoutPushes,
                    fanoutPushes);
            System.out.printf("%-12s %-10s %10s %10s %10s%n", "concurrency", "side", "median s", "min s", "max s");
            fan.forEach((concurrency, sides) -> {
                printSeconds(concurrency, "buildline", sides.ours());
                printSeconds(concurrency, "bare", sides.bare());
            });

            System.out.println();
            System.out.println(Summary.HEADER);
            Summary.row("tiny build push -> succeeded, median ms", String.format("%.0f", tiny.ours().medianMillis()),
                    String.format("%.0f bare", tiny.bare().medianMillis()), tiny.ratio(),
                    "<= " + TARGET_RATIO + "x bare");
            fan.forEach((concurrency, sides) -> Summary.row("fan-out " + fanout + " images, concurrency " + concurrency
                            + ", median s", String.format("%.2f", sides.ours().medianMillis() / 1000),
                    String.format("%.2f bare", sides.bare().medianMillis() / 1000), sides.ratio(),
                    "<= " + TARGET_RATIO + "x bare"));
        } finally {
            FileUtils.delete(dir.toFile(), FileUtils.RECURSIVE | FileUtils.RETRY | FileUtils.SKIP_MISSING);
        }
    }

    private static void printMillis(String side, Latencies latencies) {
        System.out.printf("%-46s %10.1f %10.1f %10.1f%n", side, latencies.medianMillis(), latencies.percentileMillis(0),
                latencies.maxMillis());
    }

    private static void printSeconds(int concurrency, String side, Latencies latencies) {
        System.out.printf("%-12d %-10s %10.2f %10.2f %10.2f%n", concurrency, side, latencies.medianMillis() / 1000,
                latencies.percentileMillis(0) / 1000, latencies.maxMillis() / 1000);
    }

    private static String devspace(String imagePrefix, int images) {
        StringBuilder yaml = new StringBuilder("version: v2beta1\nimages:\n");
        for (int i = 0; i < images; i++) {
            yaml.append("""
                      t%d:
                        image: %s-t%d
                        context: ./t%d
                        dockerfile: ./t%d/Dockerfile
                        buildKit: {}
                    """.formatted(i, imagePrefix, i, i, i));
        }
        return yaml.toString();
    }

    /** A devspace.yaml of {@code images} tiny images, then one commit per push changing every image's f.txt. */
    private static List<Push> pushes(TestRepo repo, String imagePrefix, int images, int count) throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("devspace.yaml", devspace(imagePrefix, images));
        for (int i = 0; i < images; i++) {
            files.put("t" + i + "/Dockerfile", DOCKERFILE);
        }
        repo.commit("devspace.yaml", files);
        List<Push> pushes = new ArrayList<>(count);
        for (int c = 0; c < count; c++) {
            Map<String, String> change = new LinkedHashMap<>();
            for (int i = 0; i < images; i++) {
                change.put("t" + i + "/f.txt", "change " + c + " " + UUID.randomUUID() + "\n");
            }
            String commit = repo.commit("change " + c, change);
            String body = Webhooks.pushPayload(repo.url(), "bench/build", "refs/heads/build-" + c, ZEROS, commit);
            pushes.add(new Push(body, Webhooks.sign(TestStack.SECRET, body)));
        }
        return pushes;
    }

    /** Sends the push and waits until every build it named succeeded; answers the nanoseconds from send. */
    private static long pushAndWait(int port, DispatchBenchmark.Tail tail, Push push) throws Exception {
        long sent = System.nanoTime();
        HttpResponse<String> answer = Webhooks.postGithub(port, "push", push.signature(), push.body());
        if (answer.statusCode() != 202) {
            throw new IllegalStateException("webhook answered " + answer.statusCode() + ": " + answer.body());
        }
        for (String buildId : Webhooks.builds(answer.body()).values()) {
            BuildEvent ended = tail.awaitTerminal(buildId);
            if (ended.status() != BuildStatus.SUCCEEDED) {
                throw new IllegalStateException("build " + buildId + " ended " + ended.status().wireName() + ": "
                        + ended.error());
            }
        }
        return tail.await(lastSucceeded(tail, answer.body()), BuildStatus.SUCCEEDED) - sent;
    }

    /** The build of the answer whose succeeded event arrived last. */
    private static String lastSucceeded(DispatchBenchmark.Tail tail, String answer) throws Exception {
        String last = null;
        long lastAt = Long.MIN_VALUE;
        for (String buildId : Webhooks.builds(answer).values()) {
            long at = tail.await(buildId, BuildStatus.SUCCEEDED);
            if (last == null || at > lastAt) {
                last = buildId;
                lastAt = at;
            }
        }
        return last;
    }

    /** Tiny builds, one of ours then one bare, {@code warmup} of each not counted. */
    private static Sides tiny(Path dir, String run, int warmup, int builds) throws Exception {
        Sides sides = new Sides(builds);
        try (TestRepo repo = TestRepo.create(dir.resolve("repo"));
             TestStack stack = TestStack.start(dir.resolve("stack"), List.of(repo.url()), 1,
                     RepositorySettings.none("devspace.yaml"));
             DispatchBenchmark.Tail tail = new DispatchBenchmark.Tail(stack.bootstrap())) {
            List<Push> pushes = pushes(repo, BuildHost.REGISTRY + "/buildline-bench/e2e-" + run, 1, warmup + builds);
            for (int i = 0; i < pushes.size(); i++) {
                long ours = pushAndWait(stack.port(), tail, pushes.get(i));
                long bare = bareBuild(dir.resolve("bare").resolve("b" + i),
                        BuildHost.REGISTRY + "/buildline-bench/bare-" + run + ":" + i);
                if (i >= warmup) {
                    sides.ours().add(ours);
                    sides.bare().add(bare);
                }
            }
        }
        return sides;
    }

    /** Writes a fresh tiny context and builds and pushes it with the bare CLI; answers the nanoseconds it took. */
    private static long bareBuild(Path context, String reference) throws Exception {
        Files.createDirectories(context);
        Files.writeString(context.resolve("Dockerfile"), DOCKERFILE);
        Files.writeString(context.resolve("f.txt"), "bare " + UUID.randomUUID() + "\n");
        List<String> argv = List.of("docker", "buildx", "build", "--tag", reference, "--push", "--file",
                context.resolve("Dockerfile").toString(), context.toString());
        long start = System.nanoTime();
        ProcessRunner.Captured result = RUNNER.run(argv, Map.of(), BARE_TIMEOUT);
        long took = System.nanoTime() - start;
        if (result.exitCode() != 0 || result.timedOut()) {
            throw new IllegalStateException(String.join(" ", argv) + " exited " + result.exitCode()
                    + (result.timedOut() ? " (timed out)" : "") + ": " + result.stderr());
        }
        return took;
    }

    /**
     * Pushes of {@code images} images, each timed until all succeeded with a worker of that concurrency, after one
     * warm-up push; after each, {@code images} bare builds at that parallelism.
     */
    private static Sides fanOut(Path dir, String run, int images, int concurrency, int samples) throws Exception {
        Sides sides = new Sides(samples);
        try (TestRepo repo = TestRepo.create(dir.resolve("repo"));
             TestStack stack = TestStack.start(dir.resolve("stack"), List.of(repo.url()), concurrency,
                     RepositorySettings.none("devspace.yaml"));
             DispatchBenchmark.Tail tail = new DispatchBenchmark.Tail(stack.bootstrap())) {
            List<Push> pushes = pushes(repo, BuildHost.REGISTRY + "/buildline-bench/fan-" + run, images, 1 + samples);
            pushAndWait(stack.port(), tail, pushes.get(0));
            for (int i = 1; i <= samples; i++) {
                sides.ours().add(pushAndWait(stack.port(), tail, pushes.get(i)));
                sides.bare().add(fanOutBare(dir.resolve("bare-" + i), run + "-" + i, images, concurrency));
            }
        }
        return sides;
    }

    /** Nanoseconds for {@code images} bare builds of fresh contexts, {@code parallelism} at a time. */
    private static long fanOutBare(Path dir, String run, int images, int parallelism) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(parallelism);
        try {
            long start = System.nanoTime();
            List<Future<Long>> builds = new ArrayList<>();
            for (int i = 0; i < images; i++) {
                Path context = dir.resolve("t" + i);
                String reference = BuildHost.REGISTRY + "/buildline-bench/fan-bare-" + run + "-t" + i + ":latest";
                builds.add(pool.submit(() -> bareBuild(context, reference)));
            }
            for (Future<Long> build : builds) {
                build.get();
            }
            return System.nanoTime() - start;
        } finally {
            pool.shutdownNow();
        }
    }
}
