package dev.buildline.worker.consume;

import static dev.buildline.common.messages.BuildStatus.CANCELLED;
import static dev.buildline.common.messages.BuildStatus.FAILED;
import static dev.buildline.common.messages.BuildStatus.QUEUED;
import static dev.buildline.common.messages.BuildStatus.RUNNING;
import static dev.buildline.common.messages.BuildStatus.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.buildline.common.messages.BuildEvent;
import dev.buildline.common.messages.BuildLogChunk;
import dev.buildline.common.messages.BuildRequest;
import dev.buildline.common.messages.BuildStatus;
import dev.buildline.common.messages.Json;
import dev.buildline.worker.build.Backoff;
import dev.buildline.worker.build.LocalBuilds;
import dev.buildline.worker.build.Stop;
import dev.buildline.worker.publish.BuildEvents;
import dev.buildline.worker.publish.RecordingPublisher;
import dev.buildline.worker.state.BuildOutcomes;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One job's way to its terminal event, with real builds (buildx, dockerd, the registry on 127.0.0.1:5000; a push to a
 * closed port for a transient failure). Kafka is the stand-in {@link RecordingPublisher}, so a write the broker does
 * not acknowledge can be made to happen; the app's RetryAndDeadLetterIT and SupersedeAndCancelIT cross the real broker.
 */
class JobRunnerIT {

    @RegisterExtension
    static final LocalBuilds builds = new LocalBuilds();

    private final RecordingPublisher publisher = new RecordingPublisher();
    private final BuildOutcomes outcomes = new BuildOutcomes(100);
    private final List<BuildJob> finished = new CopyOnWriteArrayList<>();

    @Test
    void aBuildThatKeepsFailingTransientlyIsRetriedToTheLimitWithEachRetryAnnounced() {
        BuildJob job = job(builds.request(LocalBuilds.CLOSED_REGISTRY, "down"));

        jobs(3, Duration.ofMillis(10)).accept(job);

        assertThat(publisher.statuses()).containsExactly(RUNNING, QUEUED, RUNNING, QUEUED, RUNNING, FAILED);
        assertThat(publisher.events()).extracting(BuildEvent::attempt).containsExactly(1, 2, 2, 3, 3, 3);
        assertThat(publisher.events().get(1).error()).startsWith("attempt 1 failed; retrying in 0 s: buildx exited")
                .contains("connection refused");
        assertThat(last().error()).startsWith("buildx exited with code 1").contains("connection refused");
        assertThat(publisher.deadLetters()).isEmpty();
        assertThat(finished).containsExactly(job);
    }

    @Test
    void aWorkerFailureUsesUpAnAttemptFromTheSameLimitAsAFailedBuild() {
        // before the one loop: the worker's own retries had a second limit, and attempt 2 was built anyway
        BuildRequest request = builds.request(LocalBuilds.CLOSED_REGISTRY, "limit");
        BuildJob job = job(request);
        publisher.refuseOnce(event -> event.status() == RUNNING && event.attempt() == 2);

        jobs(2, Duration.ofMillis(10)).accept(job);

        assertThat(publisher.statuses()).containsExactly(RUNNING, QUEUED, FAILED);
        assertThat(runningAttempts()).containsExactly(1);
        assertThat(last().attempt()).isEqualTo(2);
        assertThat(last().error()).isEqualTo("request sent to the dead-letter topic: failed the worker at attempt 2 "
                + "of 2: build event running of " + request.buildId() + " not acknowledged: the broker is unreachable");
        assertThat(publisher.deadLetters()).singleElement().satisfies(letter -> {
            assertThat(letter.key()).isEqualTo(request.key());
            assertThat(letter.value()).isEqualTo(Json.toBytes(request));
        });
        assertThat(finished).containsExactly(job);
    }

    @Test
    void aWorkerFailureIsRetriedAsTheNextAttemptAndAnnouncedAsQueued() {
        // before the one loop: the failed attempt was tried again under its own number, and no queued said why
        BuildRequest request = builds.request(LocalBuilds.REGISTRY, "blip");
        BuildJob job = job(request);
        publisher.refuseOnce(event -> event.status() == RUNNING);

        jobs(3, Duration.ofMillis(10)).accept(job);

        assertThat(publisher.statuses()).containsExactly(QUEUED, RUNNING, SUCCEEDED);
        assertThat(publisher.events()).extracting(BuildEvent::attempt).containsExactly(2, 2, 2);
        assertThat(publisher.events().get(0).error()).isEqualTo("attempt 1 failed the worker; retrying in 0 s: "
                + "build event running of " + request.buildId() + " not acknowledged: the broker is unreachable");
        assertThat(last().digest()).startsWith("sha256:");
        assertThat(finished).containsExactly(job);
    }

    @Test
    void everyEventOfABuildComesFromItsJobRunnerWithRunningBeforeTheLog() {
        BuildJob job = job(builds.request(LocalBuilds.REGISTRY, "events"));

        jobs(3, Duration.ofMillis(10)).accept(job);

        List<Object> sent = publisher.sent();
        assertThat(sent.get(0)).isInstanceOfSatisfying(BuildEvent.class, running -> {
            assertThat(running.status()).isEqualTo(RUNNING);
            assertThat(running.worker()).isEqualTo("job-runner-it");
            assertThat(running.command()).contains("buildx", "build").endsWith("-");
        });
        assertThat(sent.get(sent.size() - 1)).isInstanceOf(BuildEvent.class);
        assertThat(sent.subList(1, sent.size() - 1)).isNotEmpty().allMatch(BuildLogChunk.class::isInstance);
        assertThat(last().status()).isEqualTo(SUCCEEDED);
        assertThat(last().command()).isEqualTo(publisher.events().get(0).command());
        assertThat(last().startedAt()).isEqualTo(publisher.events().get(0).startedAt());
    }

    @Test
    void aCancelWhileWaitingForTheRetryEndsTheBuildCancelledWithoutAnotherAttempt() throws Exception {
        BuildJob job = job(builds.request(LocalBuilds.CLOSED_REGISTRY, "cancel"));
        Thread thread = runAway(jobs(3, Duration.ofMinutes(10)), job);
        awaitStatus(QUEUED);

        job.requestStop(Stop.cancelled("cancelled on request")).run();
        thread.join();

        assertThat(publisher.statuses()).containsExactly(RUNNING, QUEUED, CANCELLED);
        assertThat(last().attempt()).isEqualTo(2);
        assertThat(last().error()).isEqualTo("cancelled on request");
        assertThat(finished).containsExactly(job);
    }

    @Test
    void aJobAbandonedWhileWaitingForTheRetryPublishesNothingMore() throws Exception {
        BuildJob job = job(builds.request(LocalBuilds.CLOSED_REGISTRY, "abandon"));
        Thread thread = runAway(jobs(3, Duration.ofMinutes(10)), job);
        awaitStatus(QUEUED);

        job.requestStop(Stop.abandoned("partition revoked")).run();
        thread.join();

        assertThat(publisher.statuses()).containsExactly(RUNNING, QUEUED);
        assertThat(publisher.deadLetters()).isEmpty();
        assertThat(finished).isEmpty();
    }

    @Test
    void aGitHostOrMirrorThatCannotBeAskedWhileTheWorkerDrainsLeavesTheBuildToTheNextOwner() throws Exception {
        // a drain caught a build in git (its mirror's lock gone), and the build ended failed instead of being built
        // by the worker that took its partition; nothing listens on port 1, so the fetch fails every time
        BuildJob job = job(builds.requestOf("http://127.0.0.1:1/repo.git", LocalBuilds.REGISTRY, "drained", "app"));
        Thread thread = runAway(jobs(3, Duration.ofMinutes(10)), job);
        awaitStatus(QUEUED);

        job.requestStop(Stop.abandoned("worker stopped after a drain of 3 s"));
        thread.join(Duration.ofMinutes(1).toMillis());

        assertThat(thread.isAlive()).isFalse();
        assertThat(publisher.statuses()).containsExactly(RUNNING, QUEUED);
        assertThat(publisher.events().get(1).error()).startsWith("attempt 1 failed; retrying in")
                .contains("cannot fetch http://127.0.0.1:1/repo.git");
        assertThat(finished).as("its record stays uncommitted for the next owner").isEmpty();
    }

    @Test
    void aCatchUpThatWaitsOnKafkaUsesUpNoAttempt() {
        // one broker away: catch-ups timed out for minutes, and builds used two of their three attempts on them
        BuildJob job = job(builds.request(LocalBuilds.REGISTRY, "catch-up"));
        AtomicInteger catchUps = new AtomicInteger();
        JobRunner.CatchUp slowKafka = timeout -> {
            if (catchUps.incrementAndGet() <= 3) {
                throw new IllegalStateException("build-events not read up to its end within 30 s");
            }
        };

        jobs(2, Duration.ofMillis(10), slowKafka).accept(job);

        assertThat(catchUps).hasValue(4);
        assertThat(publisher.statuses()).containsExactly(RUNNING, SUCCEEDED);
        assertThat(last().attempt()).isEqualTo(1);
        assertThat(publisher.deadLetters()).isEmpty();
        assertThat(finished).containsExactly(job);
    }

    private JobRunner jobs(int maxAttempts, Duration backoff) {
        // the follower that would read these events back from Kafka is not here: the runner records its own
        return jobs(maxAttempts, backoff, timeout -> { });
    }

    private JobRunner jobs(int maxAttempts, Duration backoff, JobRunner.CatchUp catchUp) {
        return new JobRunner(builds.runner(publisher), publisher, new BuildEvents("job-runner-it", Clock.systemUTC()),
                outcomes, catchUp, maxAttempts, new Backoff(backoff, backoff), new Random(7), finished::add);
    }

    private static BuildJob job(BuildRequest request) {
        return new BuildJob(new TopicPartition("build-requests", 0), 0, request.key(), request);
    }

    private static Thread runAway(JobRunner jobs, BuildJob job) {
        Thread thread = new Thread(() -> jobs.accept(job), "job-runner-it");
        thread.start();
        return thread;
    }

    private void awaitStatus(BuildStatus status) {
        await().atMost(Duration.ofMinutes(2)).until(() -> publisher.statuses().contains(status));
    }

    private List<Integer> runningAttempts() {
        return publisher.events().stream().filter(e -> e.status() == RUNNING).map(BuildEvent::attempt).toList();
    }

    private BuildEvent last() {
        List<BuildEvent> events = publisher.events();
        return events.get(events.size() - 1);
    }
}
