package dev.buildline.app;

import dev.buildline.runtime.kafka.KafkaClients;
import dev.buildline.runtime.kafka.KafkaSettings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.buildline.common.config.ImageConfig;
import dev.buildline.git.GitMirror;
import dev.buildline.common.messages.BuildEvent;
import dev.buildline.common.messages.BuildRequest;
import dev.buildline.common.messages.BuildStatus;
import dev.buildline.common.messages.Topics;
import dev.buildline.common.plan.BuildSite;
import dev.buildline.worker.WorkerSettings;
import dev.buildline.worker.build.BuildRunner;
import dev.buildline.worker.build.BuilderPreparation;
import dev.buildline.worker.build.ContextArchiver;
import dev.buildline.worker.build.ContextWriter;
import dev.buildline.worker.build.ProcessRunner;
import dev.buildline.worker.build.RegistryDigests;
import dev.buildline.worker.build.Stop;
import dev.buildline.worker.build.StopSignal;
import dev.buildline.worker.consume.BuildJob;
import dev.buildline.worker.publish.ResultPublisher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build context on real parts (git repository, broker, buildx, dockerd, the registry on 127.0.0.1:5000): symlinks
 * reach the image as links, as {@code docker build} sends them, with every file after them; and a context that cannot
 * be written to the end fails the build with the reason instead of building what was sent so far.
 */
class BuildContextIT {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    static Path temp;
    private static WorkerStack stack;

    @BeforeAll
    static void start() throws Exception {
        BuildHost.require();
        stack = WorkerStack.start(temp, bootstrap -> WorkerSettings.defaults(bootstrap, Topics.defaults(),
                "context-workers", "context-worker", 1, temp.resolve("worker")));
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void symlinksReachTheImageAsLinksWithEveryFileAfterThem() throws Exception {
        // issue 11's reproduction: with `COPY . /` this image held only app/Dockerfile and app/a.txt, and succeeded
        String commit = commitWithLinks("links");
        String image = BuildHost.REGISTRY + "/buildline-it/links-" + RUN;
        BuildRequest request = Requests.request(stack.repo().url(), commit,
                Requests.image("links", image, "./app/Dockerfile", "./", false, null), "v1");

        stack.requests().send(request);

        BuildEvent done = stack.events().awaitTerminal(request.buildId(), Duration.ofMinutes(3));
        assertThat(done.status()).as(done.error()).isEqualTo(BuildStatus.SUCCEEDED);
        String tag = image + ":v1";
        assertThat(RegistryImages.files(tag)).containsOnlyKeys("app/Dockerfile", "app/a.txt", "app/sub/inside.txt",
                "app/z.txt");
        assertThat(RegistryImages.links(tag)).containsOnly(
                Map.entry("app/evil", "/etc/passwd"),
                Map.entry("app/up", "../../../../etc/hostname"),
                Map.entry("app/link-inside", "sub/inside.txt"));
    }

    @Test
    void aContextThatFailsMidStreamEndsFailedWithTheReasonAndNothingPushed() throws Exception {
        String commit = commitWithLinks("fails mid-stream");
        String image = BuildHost.REGISTRY + "/buildline-it/partial-" + RUN;
        ImageConfig config = Requests.image("partial", image, "./app/Dockerfile", "./", false, null);
        BuildRequest request = Requests.request(stack.repo().url(), commit, config, "v1");
        ContextArchiver archiver = new ContextArchiver();
        // the real archiver, whose read of the entry after the links fails as a broken object store would
        ContextWriter failing = (snapshot, layout, excluded, out, replacements, stopped) -> archiver.write(snapshot,
                layout, path -> {
            if (path.equals("app/z.txt")) {
                throw new UncheckedIOException(new IOException("reading app/z.txt from the object store failed"));
            }
            return excluded.test(path);
        }, out, replacements, stopped);
        try (ResultPublisher publisher = new ResultPublisher(new KafkaClients(KafkaSettings.plaintext(stack.kafka().bootstrapServers())), Topics.defaults(),
                "context-runner")) {
            BuildRunner runner = new BuildRunner(new GitMirror(temp.resolve("runner-git"), null, null), failing,
                    new ProcessRunner(), new RegistryDigests(), publisher, Clock.systemUTC(), BuildSite.localDaemon(),
                    profile -> Map.of(), BuilderPreparation.none(), Duration.ofMinutes(5), 1000);

            BuildRunner.Outcome outcome = runner.run(runner.plan(request, 1),
                    new BuildJob(new TopicPartition("none", 0), 0, request.key(), request));

            assertThat(outcome.status()).isEqualTo(BuildStatus.FAILED);
            assertThat(outcome.retryable()).isFalse();
            assertThat(outcome.error()).isEqualTo("cannot write the build context: java.io.IOException: reading "
                    + "app/z.txt from the object store failed; buildx stopped");
        }
        assertThat(Webhooks.registryDigest(image + ":v1")).isEqualTo("registry answered 404");
    }

    /**
     * The .dockerignore line that kept a worker core busy for minutes (Java's backtracking regex against a long
     * name) in a real build: the build ends, with what the line leaves out missing from the image.
     */
    @Test
    void aPathologicalDockerignoreLineStillBuilds() throws Exception {
        String many = "a".repeat(200);
        String commit = stack.repo().commit("pathological dockerignore", Map.of(
                "stars/Dockerfile", "FROM scratch\nCOPY . /\n",
                "stars/.dockerignore", "*a*a*a*a*a*a*a*a*b\n",
                "stars/" + many, "kept: no b at its end\n",
                "stars/" + many + "b", "left out\n"));
        String image = BuildHost.REGISTRY + "/buildline-it/stars-" + RUN;
        BuildRequest request = Requests.request(stack.repo().url(), commit,
                Requests.image("stars", image, "./stars/Dockerfile", "./stars", false, null), "v1");

        stack.requests().send(request);

        BuildEvent done = stack.events().awaitTerminal(request.buildId(), Duration.ofMinutes(3));
        assertThat(done.status()).as(done.error()).isEqualTo(BuildStatus.SUCCEEDED);
        assertThat(RegistryImages.files(image + ":v1")).containsOnlyKeys("Dockerfile", ".dockerignore", many);
    }

    /**
     * A .dockerignore whose matching is slow for each path (as a pathological line was before matching became linear)
     * and leaves out all but the Dockerfile, so nothing is written to buildx that would fail once it is gone; a
     * context of 1,000 files, and a cancel while the context is written: the build ends cancelled and the thread
     * writing the context ends with it, before the rest of the context is looked at.
     */
    @Test
    void aCancelWhileTheContextIsWrittenEndsItsWriterToo() throws Exception {
        Map<String, String> files = new java.util.HashMap<>();
        files.put("big/Dockerfile", "FROM scratch\nCOPY . /\n");
        for (int i = 0; i < 1_000; i++) {
            files.put("big/f" + i + ".txt", "file " + i + "\n");
        }
        String commit = stack.repo().commit("a big context", files);
        String image = BuildHost.REGISTRY + "/buildline-it/cancelled-context-" + RUN;
        BuildRequest request = Requests.request(stack.repo().url(), commit,
                Requests.image("big", image, "./big/Dockerfile", "./big", false, null), "v1");
        CancellableSignal signal = new CancellableSignal();
        AtomicInteger matched = new AtomicInteger();
        ContextArchiver archiver = new ContextArchiver();
        ContextWriter slowMatching = (snapshot, layout, excluded, out, replacements, stopped) -> archiver.write(
                snapshot, layout, path -> {
                    if (matched.incrementAndGet() == 10) {
                        signal.cancel("cancelled while the context was written");
                    }
                    sleepQuietly(20);
                    return !path.equals("Dockerfile");
                }, out, replacements, stopped);
        try (ResultPublisher publisher = new ResultPublisher(new KafkaClients(KafkaSettings.plaintext(
                stack.kafka().bootstrapServers())), Topics.defaults(), "cancel-context-runner")) {
            BuildRunner runner = new BuildRunner(new GitMirror(temp.resolve("cancel-git"), null, null), slowMatching,
                    new ProcessRunner(), new RegistryDigests(), publisher, Clock.systemUTC(), BuildSite.localDaemon(),
                    profile -> Map.of(), BuilderPreparation.none(), Duration.ofMinutes(5), 1000);

            BuildRunner.Outcome outcome = runner.run(runner.plan(request, 1), signal);

            assertThat(outcome.stop()).as(outcome.error()).isEqualTo(Stop.cancelled(
                    "cancelled while the context was written"));
        }
        assertThat(Thread.getAllStackTraces().keySet()).as("no thread still writes a context")
                .noneMatch(thread -> thread.getName().startsWith("stdin-") && thread.isAlive());
        assertThat(matched.get()).as("paths looked at after the cancel").isLessThan(1_000);
        assertThat(Webhooks.registryDigest(image + ":v1")).isEqualTo("registry answered 404");
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What a cancel on the build-control topic does to a running job, without the consumer around it. */
    private static final class CancellableSignal implements StopSignal {
        private final AtomicReference<Stop> stop = new AtomicReference<>();
        private final AtomicReference<Runnable> stopper = new AtomicReference<>();

        void cancel(String reason) {
            stop.set(Stop.cancelled(reason));
            Runnable now = stopper.get();
            if (now != null) {
                new Thread(now, "cancel").start(); // off the writer's thread, as the worker's stop pool runs it
            }
        }

        @Override
        public Stop stopped() {
            return stop.get();
        }

        @Override
        public void onStop(Runnable newStopper) {
            stopper.set(newStopper);
            if (newStopper != null && stop.get() != null) {
                newStopper.run();
            }
        }

        /** Only the job runner's backoff between attempts waits; one attempt never does. */
        @Override
        public boolean awaitStop(long millis) {
            throw new UnsupportedOperationException("one attempt does not wait");
        }
    }

    private static String commitWithLinks(String message) throws Exception {
        return stack.repo().commit(message, Map.of(
                "app/Dockerfile", "FROM scratch\nCOPY . /\n",
                "app/a.txt", "a " + RUN + "\n",
                "app/sub/inside.txt", "inside\n",
                "app/z.txt", "z\n"), Map.of(
                "app/evil", "/etc/passwd",
                "app/up", "../../../../etc/hostname",
                "app/link-inside", "sub/inside.txt"));
    }
}
