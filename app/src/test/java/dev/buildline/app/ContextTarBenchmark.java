package dev.buildline.app;

import dev.buildline.common.plan.ContextLayout;
import dev.buildline.git.GitMirror;
import dev.buildline.git.PackCache;
import dev.buildline.worker.WorkerSettings;
import dev.buildline.worker.build.ContextArchiver;
import java.io.File;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.eclipse.jgit.util.FileUtils;

/**
 * The build context a worker streams from git (the worker's {@link ContextArchiver} over a {@link GitMirror} snapshot,
 * the whole tree as context) next to {@code git archive --format=tar} of the same commit in the same mirror repository,
 * both written to a sink that only counts bytes. The repository is generated: {@code bench.files} files
 * ({@code bench.megabytes} MB of random text in all) under 100 directories, one commit, fetched into the mirror before
 * anything is timed: by default issue 14's 10,000 files and 200 MB (about a minute to generate, pack and fetch).
 * The generated repository is packed ({@code git gc}) before the mirror fetches it, as a git host serves a pack:
 * JGit's fetch of 200 MB of loose objects searched for deltas for longer than the mirror's 30 s read timeout on a
 * loaded machine. Ours runs with the worker's JGit pack cache
 * ({@code PackCache.install} with the worker's default size) unless {@code bench.packCacheMb} says otherwise
 * (0: JGit's own defaults, as before issue 14).
 *
 * <p>System properties: {@code bench.files} (10000), {@code bench.megabytes} (200), {@code bench.runs} (5),
 * {@code bench.warmup} (2), {@code bench.packCacheMb} (the worker's default, 256).
 */
final class ContextTarBenchmark {

    private static final double TARGET_RATIO = 1.0;

    private ContextTarBenchmark() {
    }

    /** Counts what it is given and keeps none of it. */
    private static final class CountingSink extends OutputStream {
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] buffer, int offset, int length) {
            bytes += length;
        }
    }

    public static void main(String[] args) throws Exception {
        int files = Integer.getInteger("bench.files", 10_000);
        int megabytes = Integer.getInteger("bench.megabytes", 200);
        int runs = Integer.getInteger("bench.runs", 5);
        int warmup = Integer.getInteger("bench.warmup", 2);
        long packCacheMb = Long.getLong("bench.packCacheMb", WorkerSettings.DEFAULT_GIT_PACK_CACHE_MB);
        if (packCacheMb > 0) {
            PackCache.install(packCacheMb << 20);
        }
        Path dir = Files.createTempDirectory("buildline-context-bench");
        try (TestRepo repo = TestRepo.create(dir.resolve("repo"));
             GitMirror mirror = new GitMirror(dir.resolve("mirror"), null, null)) {
            String commit = repo.commit("generated", generated(files, megabytes));
            pack(dir.resolve("repo"));
            ContextLayout layout = ContextLayout.of("", ".", "./Dockerfile");
            ContextArchiver archiver = new ContextArchiver();
            Latencies ours = new Latencies(runs);
            Latencies theirs = new Latencies(runs);
            long oursBytes = 0;
            long theirsBytes = 0;
            for (int i = 0; i < warmup + runs; i++) {
                try (GitMirror.Snapshot snapshot = mirror.snapshot(repo.url(), commit)) {
                    CountingSink sink = new CountingSink();
                    long start = System.nanoTime();
                    archiver.write(snapshot, layout, path -> false, sink);
                    long took = System.nanoTime() - start;
                    oursBytes = sink.bytes;
                    Path gitDir = snapshot.repository().getDirectory().toPath();
                    start = System.nanoTime();
                    theirsBytes = gitArchive(gitDir, commit);
                    long tookGit = System.nanoTime() - start;
                    if (i >= warmup) {
                        ours.add(took);
                        theirs.add(tookGit);
                    }
                }
            }
            System.out.printf("%nContext tar benchmark: %d files, %d MB, %d runs after %d warm-up; JGit pack cache"
                    + " %s%n", files, megabytes, runs, warmup,
                    packCacheMb > 0 ? packCacheMb + " MiB of 64 KiB windows" : "JGit's defaults");
            System.out.printf("%-46s %10s %10s %12s%n", "side", "median ms", "max ms", "tar bytes");
            System.out.printf("%-46s %10.1f %10.1f %12d%n", "worker: ContextArchiver from the mirror",
                    ours.medianMillis(), ours.maxMillis(), oursBytes);
            System.out.printf("%-46s %10.1f %10.1f %12d%n", "git archive --format=tar (same repository)",
                    theirs.medianMillis(), theirs.maxMillis(), theirsBytes);
            System.out.println();
            System.out.println(Summary.HEADER);
            // the target is a speed: context tar >= 1.0x git archive's, so the ratio is git's time over ours
            Summary.row("context tar, " + files + " files / " + megabytes + " MB, ms",
                    String.format("%.0f", ours.medianMillis()), String.format("%.0f git", theirs.medianMillis()),
                    theirs.medianMillis() / ours.medianMillis(), ">= " + TARGET_RATIO + "x git archive's speed");
        } finally {
            FileUtils.delete(dir.toFile(), FileUtils.RECURSIVE | FileUtils.RETRY | FileUtils.SKIP_MISSING);
        }
    }

    private static Map<String, String> generated(int files, int megabytes) {
        Random random = new Random(14);
        int size = (int) ((long) megabytes * 1024 * 1024 / files);
        Map<String, String> tree = new LinkedHashMap<>();
        tree.put("Dockerfile", "FROM scratch\nCOPY . /src\n");
        char[] text = new char[size];
        for (int i = 0; i < files; i++) {
            for (int c = 0; c < size; c++) {
                text[c] = (char) ('a' + random.nextInt(26));
            }
            tree.put("src/d" + (i % 100) + "/f" + i + ".txt", new String(text));
        }
        return tree;
    }

    /** {@code git gc} of the generated repository (argv, no shell), so the mirror fetches a pack. */
    private static void pack(Path repo) throws Exception {
        List<String> argv = List.of("git", "-C", repo.toString(), "gc", "--quiet");
        int exit = new ProcessBuilder(argv).inheritIO()
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException(argv + " exited " + exit);
        }
    }

    /** {@code git archive} as argv, its tar counted as it streams (no shell, nothing kept). */
    private static long gitArchive(Path gitDir, String commit) throws Exception {
        Process process = new ProcessBuilder(List.of("git", "--git-dir=" + gitDir, "archive", "--format=tar", commit))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        CountingSink sink = new CountingSink();
        process.getInputStream().transferTo(sink);
        int exit = process.waitFor();
        if (exit != 0) {
            throw new IllegalStateException("git archive of " + commit + " in " + gitDir + " exited " + exit);
        }
        return sink.bytes;
    }
}
