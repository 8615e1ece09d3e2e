package dev.buildline.app;

import dev.buildline.git.GitMirror;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.jgit.util.FileUtils;

/**
 * What a push's git step costs once the mirror has the commit (issue 12, item 4): {@link GitMirror#snapshot} of a
 * present commit, reading devspace.yaml, closing the snapshot; on one thread, then on {@code bench.threads} at once
 * (the coordinator's git pool has 4). Before one open repository per mirror, each snapshot reopened the repository
 * under a per-repository lock.
 *
 * <p>System properties: {@code bench.images} (1000: the repository's size), {@code bench.snapshots} (5000 per thread),
 * {@code bench.threads} (4).
 */
final class GitSnapshotBenchmark {

    private GitSnapshotBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int images = Integer.getInteger("bench.images", 1000);
        int snapshots = Integer.getInteger("bench.snapshots", 5000);
        int threads = Integer.getInteger("bench.threads", 4);
        Path dir = Files.createTempDirectory("buildline-git-bench");
        try (TestRepo repo = TestRepo.create(dir.resolve("repo"));
             GitMirror mirror = new GitMirror(dir.resolve("mirror"), null, null)) {
            String commit = repo.commit("monorepo", IntakeIT.monorepo("bench", images));
            mirror.snapshot(repo.url(), commit).close(); // the fetch, once
            run(mirror, repo.url(), commit, snapshots, 1); // warm-up
            Latencies one = run(mirror, repo.url(), commit, snapshots, 1);
            long started = System.nanoTime();
            Latencies many = run(mirror, repo.url(), commit, snapshots, threads);
            double wallPerSnapshot = (System.nanoTime() - started) / 1e6 / (snapshots * (double) threads);
            System.out.printf("Git snapshot benchmark: %d-image repository, present commit, snapshot + read devspace.yaml"
                    + " + close%n", images);
            System.out.printf("%-32s %8s %10s %10s %10s%n", "case", "count", "p50 ms", "p99 ms", "wall ms/op");
            System.out.printf("%-32s %8d %10.3f %10.3f %10s%n", "1 thread", one.count(), one.medianMillis(),
                    one.percentileMillis(99), "-");
            System.out.printf("%-32s %8d %10.3f %10.3f %10.3f%n", threads + " threads, one mirror", many.count(),
                    many.medianMillis(), many.percentileMillis(99), wallPerSnapshot);
        } finally {
            FileUtils.delete(dir.toFile(), FileUtils.RECURSIVE | FileUtils.RETRY);
        }
    }

    private static Latencies run(GitMirror mirror, String url, String commit, int snapshots, int threads)
            throws Exception {
        Latencies latencies = new Latencies(snapshots * threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                running.add(pool.submit(() -> {
                    for (int i = 0; i < snapshots; i++) {
                        long start = System.nanoTime();
                        try (GitMirror.Snapshot snapshot = mirror.snapshot(url, commit)) {
                            snapshot.readFile("devspace.yaml").orElseThrow();
                        }
                        latencies.add(System.nanoTime() - start);
                    }
                    return null;
                }));
            }
            for (Future<?> future : running) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
        return latencies;
    }
}
