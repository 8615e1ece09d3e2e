package dev.buildline.app;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.util.FileUtils;

/**
 * A 1,000-image monorepo push until its 1,000 build requests are acknowledged: the coordinator answers 202 only after
 * Kafka acknowledged every request and its queued event (acks=all), so the figure is the time from sending the signed
 * push to that 202. A real coordinator (no worker) and a real repository of {@code bench.images} images (context
 * {@code ./services/sN}); each push creates a new branch at its own pre-made commit, so every image is planned. The
 * first push fetches the commit history into the mirror and is warm-up.
 *
 * <p>System properties: {@code bench.images} (1000), {@code bench.pushes} (measured, 10), {@code bench.warmup} (3).
 */
final class MonorepoBenchmark {

    private static final String ZEROS = "0".repeat(40);
    private static final double TARGET_MS = 500;

    private MonorepoBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int images = Integer.getInteger("bench.images", 1000);
        int pushes = Integer.getInteger("bench.pushes", 10);
        int warmup = Integer.getInteger("bench.warmup", 3);
        Path dir = Files.createTempDirectory("buildline-monorepo-bench");
        try (TestRepo repo = TestRepo.create(dir.resolve("repo"));
             TestStack stack = TestStack.start(dir.resolve("stack"), List.of(repo.url()), false)) {
            repo.commit("monorepo", IntakeIT.monorepo("bench-mono", images));
            List<String[]> signed = new ArrayList<>();
            for (int i = 0; i < warmup + pushes; i++) {
                String commit = repo.commit("change " + i, Map.of("services/s" + (i % images) + "/app.txt",
                        "change " + i + "\n"));
                String body = Webhooks.pushPayload(repo.url(), "bench/mono", "refs/heads/mono-" + i, ZEROS, commit);
                signed.add(new String[] {body, Webhooks.sign(TestStack.SECRET, body)});
            }
            Latencies latencies = new Latencies(pushes);
            for (int i = 0; i < signed.size(); i++) {
                long sent = System.nanoTime();
                HttpResponse<String> answer = Webhooks.postGithub(stack.port(), "push", signed.get(i)[1],
                        signed.get(i)[0]);
                long took = System.nanoTime() - sent;
                int builds = answer.statusCode() == 202 ? Webhooks.builds(answer.body()).size() : -1;
                if (builds != images) {
                    throw new IllegalStateException("push " + i + " answered " + answer.statusCode() + " with "
                            + builds + " builds, not " + images + ": " + answer.body().substring(0,
                            Math.min(500, answer.body().length())));
                }
                if (i >= warmup) {
                    latencies.add(took);
                }
            }
            System.out.printf("%nMonorepo benchmark: %d signed pushes of a %d-image devspace.yaml (new branch: every"
                    + " image planned), after %d warm-up; push -> 202 (all %d requests acknowledged)%n", pushes,
                    images, warmup, images);
            System.out.printf("%-34s %10.1f%n%-34s %10.1f%n%-34s %10.1f%n", "median ms", latencies.medianMillis(),
                    "p90 ms", latencies.percentileMillis(90), "max ms", latencies.maxMillis());
            System.out.println();
            System.out.println(Summary.HEADER);
            Summary.row(images + "-image push -> all acknowledged, median ms",
                    String.format("%.0f", latencies.medianMillis()), "-", latencies.medianMillis() / TARGET_MS,
                    "<= " + (int) TARGET_MS + " ms (ratio: to target)");
        } finally {
            FileUtils.delete(dir.toFile(), FileUtils.RECURSIVE | FileUtils.RETRY | FileUtils.SKIP_MISSING);
        }
    }
}
