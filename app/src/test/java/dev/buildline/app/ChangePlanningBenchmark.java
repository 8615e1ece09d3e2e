package dev.buildline.app;

import dev.buildline.common.config.ConfigParser;
import dev.buildline.common.config.DevspaceConfig;
import dev.buildline.git.GitMirror;
import dev.buildline.coordinator.intake.CommitInspector;
import dev.buildline.coordinator.plan.ChangePlanner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.eclipse.jgit.util.FileUtils;

/**
 * How long the change decision takes for a monorepo of many images (issue 5: "well under a second" for 1,000 images):
 * the pure {@link ChangePlanner} over parsed configs and path lists, and the git side that feeds it in production,
 * {@link CommitInspector#inspect} on a real repository (devspace.yaml at both commits, the tree diff, one inputs
 * identity per image), followed by the plan.
 *
 * <p>System properties: {@code bench.images}, {@code bench.warmup} and {@code bench.runs} (planner),
 * {@code bench.gitWarmup} and {@code bench.gitRuns} (git).
 */
final class ChangePlanningBenchmark {

    private static final String TARGET = "well under 1000 ms";
    private static final String NO_TARGET = "-";

    private ChangePlanningBenchmark() {
    }

    /** One measured case: its timings, how many images the last run planned (-1: not a plan), the target. */
    private record Result(String name, Latencies latencies, int planned, String target) {
    }

    public static void main(String[] args) throws Exception {
        int images = Integer.getInteger("bench.images", 1000);
        int warmup = Integer.getInteger("bench.warmup", 20);
        int runs = Integer.getInteger("bench.runs", 50);
        int gitWarmup = Integer.getInteger("bench.gitWarmup", 5);
        int gitRuns = Integer.getInteger("bench.gitRuns", 15);

        Map<String, String> files = IntakeIT.monorepo("plan", images);
        String yaml = files.get("devspace.yaml");
        ConfigParser parser = new ConfigParser();
        DevspaceConfig config = parser.parse(yaml);
        DevspaceConfig oneChanged = parser.parse(yaml.replace("context: ./services/s42\n",
                "context: ./services/s42\n    target: release\n"));
        Set<String> twoImages = Set.of("services/s17/app.txt", "services/s17/src/main.go",
                "services/s503/Dockerfile", "README.md", "docs/index.md");
        Set<String> threeThousand = threeThousandPaths(images);

        List<Result> results = new ArrayList<>();
        results.add(time("parse devspace.yaml (part of git inspect)", warmup, runs, () -> {
            parser.parse(yaml);
            return -1;
        }, NO_TARGET));
        results.add(time("plan: push touching 2 images (5 paths)", warmup, runs,
                () -> ChangePlanner.plan(config, config, twoImages, "").size()));
        results.add(time("plan: push of 3,000 files over " + Math.min(images, 750) + " images", warmup, runs,
                () -> ChangePlanner.plan(config, config, threeThousand, "").size()));
        results.add(time("plan: config change of 1 image", warmup, runs,
                () -> ChangePlanner.plan(config, oneChanged, Set.of("devspace.yaml"), "").size()));
        results.add(time("plan: changed paths unknown (null)", warmup, runs,
                () -> ChangePlanner.plan(config, config, null, "").size()));

        Path dir = Files.createTempDirectory("buildline-planning-bench");
        try (TestRepo repo = TestRepo.create(dir.resolve("repo"))) {
            System.out.printf("preparing a %d-image git repository%n", images);
            String base = repo.commit("monorepo", files);
            String two = repo.commit("two images", Map.of("services/s17/app.txt", "changed\n",
                    "services/s503/Dockerfile", "FROM scratch\nCOPY app.txt /srv/app.txt\n", "README.md", "hello\n"));
            String many = repo.commit("3,000 files", contents(threeThousand));
            CommitInspector inspector = new CommitInspector(new GitMirror(dir.resolve("mirror"), null, null),
                    parser, "devspace.yaml");
            results.add(time("git: first inspect (fetch into empty mirror)", 0, 1,
                    () -> inspectAndPlan(inspector, repo.url(), two, base), "- (once per mirror)"));
            results.add(time("git: inspect + plan, push touching 2 images", gitWarmup, gitRuns,
                    () -> inspectAndPlan(inspector, repo.url(), two, base)));
            results.add(time("git: inspect + plan, push of 3,000 files", gitWarmup, gitRuns,
                    () -> inspectAndPlan(inspector, repo.url(), many, two)));
        } finally {
            FileUtils.delete(dir.toFile(), FileUtils.RECURSIVE | FileUtils.RETRY | FileUtils.SKIP_MISSING);
        }
        print(images, warmup, runs, gitWarmup, gitRuns, results);
    }

    /** What intake does for a push whose file list cannot be trusted: git diff, inputs identities, then the plan. */
    private static int inspectAndPlan(CommitInspector inspector, String url, String after, String before) {
        CommitInspector.Inspection inspection = inspector.inspect(url, "refs/heads/main", after, before, true, null, null);
        return ChangePlanner.plan(inspection.before(), inspection.after(), inspection.changedPaths(),
                inspection.entry().configDir()).size();
    }

    /** Four files in each of the first 750 services' src/ directories. */
    private static Set<String> threeThousandPaths(int images) {
        int services = Math.min(images, 750);
        Set<String> paths = new LinkedHashSet<>();
        for (int i = 0; paths.size() < 3000; i++) {
            paths.add("services/s" + (i % services) + "/src/file" + (i / services) + ".txt");
        }
        return paths;
    }

    private static Map<String, String> contents(Set<String> paths) {
        Map<String, String> files = new HashMap<>();
        paths.forEach(path -> files.put(path, path + "\n"));
        return files;
    }

    private static Result time(String name, int warmup, int runs, Callable<Integer> work) throws Exception {
        return time(name, warmup, runs, work, TARGET);
    }

    private static Result time(String name, int warmup, int runs, Callable<Integer> work, String target)
            throws Exception {
        for (int i = 0; i < warmup; i++) {
            work.call();
        }
        Latencies latencies = new Latencies(runs);
        int planned = -1;
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            planned = work.call();
            latencies.add(System.nanoTime() - start);
        }
        return new Result(name, latencies, planned, target);
    }

    private static void print(int images, int warmup, int runs, int gitWarmup, int gitRuns, List<Result> results) {
        System.out.printf("%nChange planning benchmark: %d-image devspace.yaml; planner %d runs after %d warm-up,"
                + " git %d runs after %d warm-up%n", images, runs, warmup, gitRuns, gitWarmup);
        System.out.printf("%-46s %8s %6s %10s %10s   %s%n", "case", "planned", "runs", "median ms", "max ms",
                "target (issue 5)");
        for (Result result : results) {
            System.out.printf("%-46s %8s %6d %10.2f %10.2f   %s%n", result.name(),
                    result.planned() < 0 ? "-" : String.valueOf(result.planned()), result.latencies().count(),
                    result.latencies().medianMillis(), result.latencies().maxMillis(), result.target());
        }
    }
}
