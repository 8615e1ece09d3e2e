package dev.buildline.worker.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.buildline.common.messages.BuildLogChunk;
import dev.buildline.common.messages.BuildRequest;
import dev.buildline.common.messages.BuildStatus;
import dev.buildline.worker.consume.BuildJob;
import dev.buildline.worker.publish.RecordingPublisher;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One attempt on real parts (git repository, buildx, dockerd, the registry on 127.0.0.1:5000); Kafka is the stand-in
 * {@link RecordingPublisher}. The runner publishes the attempt's log and nothing else, and leaves no thread behind.
 */
class BuildRunnerIT {

    @RegisterExtension
    static final LocalBuilds builds = new LocalBuilds();

    private final RecordingPublisher publisher = new RecordingPublisher();

    @Test
    void anAttemptPublishesItsLogAndNoEventTheJobRunnerPublishesThemAll() throws Exception {
        BuildRequest request = builds.request(LocalBuilds.REGISTRY, "runner-events");
        BuildRunner runner = builds.runner(publisher);

        BuildRunner.Outcome outcome = runner.run(runner.plan(request, 1), job(request));

        assertThat(outcome.status()).as(outcome.error()).isEqualTo(BuildStatus.SUCCEEDED);
        assertThat(outcome.digest()).startsWith("sha256:");
        assertThat(publisher.events()).isEmpty();
        assertThat(publisher.logs()).isNotEmpty().allMatch(chunk -> chunk.attempt() == 1);
        assertThat(publisher.logLines()).anyMatch(line -> line.contains("pushing") || line.contains("exporting"));
    }

    /**
     * Configuration errors end the attempt as not worth another (the job runner then fails the build at its first
     * attempt with the reason): buildx's own answers, on the real buildx, for a builder that does not exist and a
     * missing target stage; and a Dockerfile the commit does not have, which the runner answers itself.
     */
    @Test
    void configurationErrorsAreFinalWithTheReason() throws Exception {
        BuildRunner runner = builds.runner(publisher);
        Map<BuildRequest, String> reasons = Map.of(
                builds.request(builds.image(LocalBuilds.REGISTRY, "no-builder", "app", null,
                        List.of("--builder", "nosuchbuilder-it"))), "no builder \"nosuchbuilder-it\" found",
                builds.request(builds.image(LocalBuilds.REGISTRY, "no-stage", "app", "nosuchstage", null)),
                "target stage nosuchstage could not be found",
                builds.request(builds.image(LocalBuilds.REGISTRY, "no-dockerfile", "nowhere", null, null)),
                "Dockerfile nowhere/Dockerfile not found at ");

        reasons.forEach((request, reason) -> {
            BuildRunner.Outcome outcome;
            try {
                outcome = runner.run(runner.plan(request, 1), job(request));
            } catch (InvalidBuildException e) {
                throw new AssertionError(e);
            }
            assertThat(outcome.status()).as(request.image()).isEqualTo(BuildStatus.FAILED);
            assertThat(outcome.retryable()).as(request.image() + ": " + outcome.error()).isFalse();
            assertThat(outcome.error()).as(request.image()).contains(reason);
        });
    }

    @Test
    void aGrantedSecretComesFromTheOperatorsSourceNeverTheRepositorysPathAndIsMaskedInTheLog() throws Exception {
        String value = "npm-token-" + java.util.UUID.randomUUID();
        BuildGrants grants = new BuildGrants(request -> BuildEnvironment.of(java.util.Optional.empty(),
                java.util.Map.of("npm", new BuildEnvironment.FromEnv("IT_NPM_TOKEN"))),
                java.util.Map.of("IT_NPM_TOKEN", value)::get);
        // the repository names a worker file as the source; the operator's grant says where the value comes from
        BuildRequest request = builds.request(LocalBuilds.REGISTRY, "runner-secret", "secret",
                List.of("--progress", "plain", "--no-cache", "--secret", "id=npm,src=/etc/hostname"));
        BuildRunner runner = builds.runner(publisher, grants);

        BuildRunner.Outcome outcome = runner.run(runner.plan(request, 1), job(request));

        assertThat(outcome.status()).as(outcome.error()).isEqualTo(BuildStatus.SUCCEEDED);
        assertThat(publisher.logLines()).anyMatch(line -> line.contains("the secret: ***"));
        assertThat(String.join("\n", publisher.logLines())).doesNotContain(value)
                .doesNotContain("the secret: " + java.nio.file.Files.readString(java.nio.file.Path.of("/etc/hostname"))
                        .strip());
        assertThat(outcome.command()).as("what the API shows: the repository's own argv")
                .contains("id=npm,src=/etc/hostname");
    }

    @Test
    void aSecretTheRepositoryIsNotGrantedFailsTheBuildBeforeAnythingRuns() {
        BuildRequest request = builds.request(LocalBuilds.REGISTRY, "runner-ungranted", "secret",
                List.of("--secret", "id=npm,src=/etc/hostname"));
        BuildRunner runner = builds.runner(publisher);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> runner.plan(request, 1))
                .isInstanceOf(InvalidBuildException.class)
                .hasMessage("invalid build: buildKit.args: --secret id=npm is not granted to this repository (the "
                        + "operator grants it in BUILDLINE_REPOSITORIES_FILE, allow.secrets)");
        assertThat(publisher.logs()).isEmpty();
    }

    @Test
    void anAttemptLeavesNoLogFlushThreadBehind() throws Exception {
        // the flusher of every log was an executor of the runner, never shut down: a thread per runner, for ever
        BuildRequest request = builds.request(LocalBuilds.REGISTRY, "runner-threads");
        BuildRunner runner = builds.runner(publisher);

        BuildRunner.Outcome outcome = runner.run(runner.plan(request, 1), job(request));

        assertThat(outcome.status()).as(outcome.error()).isEqualTo(BuildStatus.SUCCEEDED);
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .noneMatch(name -> name.startsWith("buildline-log-flush"));
    }

    @Test
    void theLinesBeforeAQuietStepArePublishedBeforeItEnds() throws Exception {
        BuildRequest request = builds.request(LocalBuilds.REGISTRY, "runner-quiet", "quiet");
        BuildRunner runner = builds.runner(publisher);

        BuildRunner.Outcome outcome = runner.run(runner.plan(request, 1), job(request));

        assertThat(outcome.status()).as(outcome.error()).isEqualTo(BuildStatus.SUCCEEDED);
        // the step's echo and the line saying it is done are 3 s apart: they never share a chunk
        BuildLogChunk before = publisher.logs().stream()
                .filter(chunk -> chunk.lines().stream().anyMatch(line -> line.contains(" before-the-quiet-step ")))
                .findFirst().orElseThrow();
        String step = stepOf(before.lines());
        assertThat(before.lines()).noneMatch(line -> line.startsWith(step + " DONE"));
        assertThat(publisher.logLines()).anyMatch(line -> line.startsWith(step + " DONE"));
    }

    @Test
    void aBuildThreadInterruptedByTheWorkersShutdownStopsBuildxBeforeItGivesUp() throws Exception {
        // the worker's shutdown interrupts build threads still running after the drain grace; buildx went on building
        BuildRequest request = builds.request(LocalBuilds.REGISTRY, "runner-interrupted", "slow");
        BuildRunner runner = builds.runner(publisher);
        AtomicReference<BuildRunner.Outcome> outcome = new AtomicReference<>();
        Thread build = new Thread(() -> {
            try {
                outcome.set(runner.run(runner.plan(request, 1), job(request)));
            } catch (InvalidBuildException e) {
                throw new AssertionError(e);
            }
        }, "build-it");
        build.start();
        await().atMost(Duration.ofMinutes(2))
                .until(() -> publisher.logLines().stream().anyMatch(line -> line.contains(" before-the-long-step ")));

        build.interrupt();
        build.join();

        assertThat(outcome.get().stop()).isEqualTo(Stop.abandoned("worker interrupted"));
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .map(handle -> handle.info().commandLine().orElse(""))).noneMatch(line -> line.contains("buildx"));
    }

    /** The buildkit step number ({@code #5}) of the echo's line. */
    private static String stepOf(List<String> lines) {
        String line = lines.stream().filter(l -> l.contains(" before-the-quiet-step ")).findFirst().orElseThrow();
        return line.substring(0, line.indexOf(' '));
    }

    private static BuildJob job(BuildRequest request) {
        return new BuildJob(new TopicPartition("build-requests", 0), 0, request.key(), request);
    }
}
