package dev.buildline.worker.consume;

import dev.buildline.common.messages.BuildEvent;
import dev.buildline.common.messages.BuildRequest;
import dev.buildline.common.messages.BuildStatus;
import dev.buildline.common.messages.Json;
import dev.buildline.worker.build.Backoff;
import dev.buildline.worker.build.BuildRunner;
import dev.buildline.worker.build.Stop;
import dev.buildline.worker.publish.BuildEvents;
import dev.buildline.worker.publish.ResultPublisher;
import dev.buildline.worker.state.BuildOutcomes;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one claimed job to exactly one terminal event, or to none when it is abandoned: skips a build that already
 * ended, honours a cancel or supersede before and during the build, retries transient failures with backoff (each
 * retry announced as {@code queued} with the next attempt), and dead-letters a request that keeps failing the worker
 * itself. A job is reported finished (committable) only after its terminal event or dead letter was acknowledged.
 */
public final class JobRunner implements Consumer<BuildJob> {

    private static final Logger LOGGER = LoggerFactory.getLogger(JobRunner.class);
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(30);

    /** Blocks until this worker has read every build event and control message published so far. */
    @FunctionalInterface
    public interface CatchUp {
        void await(Duration timeout);
    }

    private final BuildRunner runner;
    private final ResultPublisher publisher;
    private final BuildEvents events;
    private final BuildOutcomes outcomes;
    private final CatchUp catchUp;
    private final int maxAttempts;
    private final Backoff backoff;
    private final RandomGenerator random;
    private final Consumer<BuildJob> finished;

    public JobRunner(BuildRunner runner, ResultPublisher publisher, BuildEvents events, BuildOutcomes outcomes,
                     CatchUp catchUp, int maxAttempts, Backoff backoff, RandomGenerator random,
                     Consumer<BuildJob> finished) {
        this.runner = runner;
        this.publisher = publisher;
        this.events = events;
        this.outcomes = outcomes;
        this.catchUp = catchUp;
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
        this.random = random;
        this.finished = finished;
    }

    @Override
    public void accept(BuildJob job) {
        for (int failures = 1; ; failures++) {
            try {
                run(job);
                return;
            } catch (RuntimeException e) {
                if (job.stopped() != null && job.stopped().abandoned()) {
                    return;
                }
                if (failures >= maxAttempts) {
                    deadLetter(job, "failed the worker " + failures + " times: " + e.getMessage());
                    return;
                }
                long delay = backoff.delayMillis(failures, random);
                LOGGER.atWarn().addKeyValue("buildId", job.buildId()).setCause(e)
                        .log("{} failed the worker ({}); trying again in {} ms", job, e.getMessage(), delay);
                sleep(job, delay);
            }
        }
    }

    private void run(BuildJob job) {
        BuildRequest request = job.request();
        if (job.stopped() != null && job.stopped().abandoned()) {
            return;
        }
        catchUp.await(CATCH_UP_TIMEOUT);
        Optional<BuildStatus> ended = outcomes.terminal(request.buildId());
        if (ended.isPresent()) {
            LOGGER.atInfo().addKeyValue("buildId", request.buildId())
                    .log("{} already ended {}; not built again", job, ended.get().wireName());
            finished.accept(job);
            return;
        }
        if (outcomes.isCancelRequested(request.buildId())) {
            job.requestStop(Stop.cancelled("cancel requested before the build started"));
        }
        int attempt = outcomes.nextAttempt(request.buildId());
        while (true) {
            Stop stop = job.stopped();
            if (stop != null) {
                endStopped(job, attempt, new BuildRunner.Outcome(null, false, stop.reason(), null, null, null, null,
                        stop));
                return;
            }
            BuildRunner.Outcome outcome = runner.attempt(request, attempt, job);
            if (outcome.stop() != null) {
                endStopped(job, attempt, outcome);
                return;
            }
            if (outcome.status() == BuildStatus.FAILED && outcome.retryable() && attempt < maxAttempts) {
                long delay = backoff.delayMillis(attempt, random);
                publish(events.of(request, attempt + 1, BuildStatus.QUEUED, outcome.tags(), null, null, null,
                        "attempt " + attempt + " failed; retrying in " + delay / 1000 + " s: " + outcome.error(),
                        outcome.command()));
                attempt++;
                sleep(job, delay);
                continue;
            }
            publishTerminal(job, attempt, outcome.status(), outcome);
            return;
        }
    }

    private void endStopped(BuildJob job, int attempt, BuildRunner.Outcome outcome) {
        Stop stop = outcome.stop();
        if (stop.abandoned()) {
            LOGGER.atInfo().addKeyValue("buildId", job.buildId())
                    .log("{} abandoned ({}); its record is left for the next owner", job, stop.reason());
            return;
        }
        publishTerminal(job, attempt, stop.kind().status(), outcome);
    }

    private void publishTerminal(BuildJob job, int attempt, BuildStatus status, BuildRunner.Outcome outcome) {
        BuildEvent terminal = events.of(job.request(), attempt, status, outcome.tags(), outcome.startedAt(),
                events.now(), outcome.digest(), outcome.error(), outcome.command());
        if (!job.claimTerminal()) {
            return;
        }
        try {
            publish(terminal);
        } finally {
            job.terminalSent();
        }
        LOGGER.atInfo().addKeyValue("buildId", job.buildId()).log("{} of {} {} at attempt {}{}", job,
                job.request().image(), status.wireName(), attempt,
                outcome.error() == null ? "" : ": " + outcome.error().lines().findFirst().orElse(""));
        finished.accept(job);
    }

    private void publish(BuildEvent event) {
        publisher.event(event);
        outcomes.apply(event);
    }

    private void deadLetter(BuildJob job, String reason) {
        LOGGER.atError().addKeyValue("buildId", job.buildId()).log("{} goes to the dead-letter topic: {}", job, reason);
        publisher.deadLetter(job.key(), Json.toBytes(job.request()), reason);
        if (outcomes.terminal(job.buildId()).isEmpty()) {
            publish(events.of(job.request(), outcomes.nextAttempt(job.buildId()), BuildStatus.FAILED, null, null,
                    events.now(), null, "request sent to the dead-letter topic: " + reason, null));
        }
        finished.accept(job);
    }

    /** Sleeps, unless the job is stopped first; the caller's loop then ends it by its stop. */
    private static void sleep(BuildJob job, long millis) {
        try {
            job.awaitStop(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            job.requestStop(Stop.abandoned("worker interrupted"));
        }
    }
}
