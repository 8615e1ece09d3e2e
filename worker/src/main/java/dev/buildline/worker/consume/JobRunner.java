package dev.buildline.worker.consume;

import dev.buildline.common.messages.BuildEvent;
import dev.buildline.common.messages.BuildRequest;
import dev.buildline.common.messages.BuildStatus;
import dev.buildline.common.messages.Json;
import dev.buildline.worker.build.Backoff;
import dev.buildline.worker.build.BuildRunner;
import dev.buildline.worker.build.InvalidBuildException;
import dev.buildline.worker.build.Stop;
import dev.buildline.worker.publish.BuildEvents;
import dev.buildline.worker.publish.Publisher;
import dev.buildline.worker.state.BuildOutcomes;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one claimed job to exactly one terminal event, or to none when it is abandoned: skips a build that already
 * ended, honours a cancel or supersede before and during the build, retries with backoff (each retry announced as
 * {@code queued} with the next attempt), and stops at {@code maxAttempts}. One loop and one limit: an attempt is used
 * up by a transient build failure (the last one ends {@code failed}) and by a failure of the worker itself, Kafka not
 * acknowledging (the last one sends the request to the dead-letter topic); a catch-up that waits on Kafka uses none. It is the one
 * place that publishes a build's events, {@code running} included. A job is reported finished (committable) only
 * after its terminal event or dead letter was acknowledged.
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
    private final Publisher publisher;
    private final BuildEvents events;
    private final BuildOutcomes outcomes;
    private final CatchUp catchUp;
    private final int maxAttempts;
    private final Backoff backoff;
    private final RandomGenerator random;
    private final Consumer<BuildJob> finished;

    public JobRunner(BuildRunner runner, Publisher publisher, BuildEvents events, BuildOutcomes outcomes,
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

    /** What one attempt left to do: nothing (the job ended), or a retry after {@code delayMillis}. */
    private record Next(boolean retry, long delayMillis) {
        static final Next ENDED = new Next(false, 0);
    }

    @Override
    public void accept(BuildJob job) {
        // at least one more than the last attempt, and never one the build's events already used
        for (int attempt = 1; ; attempt++) {
            if (abandoned(job)) {
                return;
            }
            if (!caughtUp(job)) {
                return;
            }
            Next next;
            try {
                attempt = Math.max(attempt, outcomes.nextAttempt(job.buildId()));
                next = attempt(job, attempt);
            } catch (RuntimeException e) {
                if (abandoned(job)) {
                    return;
                }
                if (attempt >= maxAttempts) {
                    deadLetter(job, "failed the worker at attempt " + attempt + " of " + maxAttempts + ": "
                            + e.getMessage());
                    return;
                }
                next = workerFailed(job, attempt, e);
            }
            if (!next.retry()) {
                return;
            }
            sleep(job, next.delayMillis());
        }
    }

    /**
     * Waits until this worker has read build-events and build-control to their ends, for as long as Kafka takes:
     * a catch-up that times out (a broker away, the follower behind) is not the build's failure and uses up no
     * attempt; it is asked again after a backoff. False when the job was abandoned meanwhile (its record is the next
     * owner's); a cancel waits for the catch-up too, so that it never ends a build that already ended.
     */
    private boolean caughtUp(BuildJob job) {
        for (int failures = 1; ; failures++) {
            try {
                catchUp.await(CATCH_UP_TIMEOUT);
                return true;
            } catch (RuntimeException e) {
                long delay = backoff.delayMillis(failures, random);
                LOGGER.atWarn().addKeyValue("buildId", job.buildId())
                        .log("{} waits for this worker to read build-events ({}); asking again in {} ms, no attempt "
                                + "used", job, e.getMessage(), delay);
                sleep(job, delay);
            }
            if (abandoned(job)) {
                return false;
            }
        }
    }

    /** One attempt, from the checks before it to its terminal event or the announced retry. */
    private Next attempt(BuildJob job, int attempt) {
        BuildRequest request = job.request();
        Optional<BuildStatus> ended = outcomes.terminal(request.buildId());
        if (ended.isPresent()) {
            LOGGER.atInfo().addKeyValue("buildId", request.buildId())
                    .log("{} already ended {}; not built again", job, ended.get().wireName());
            finished.accept(job);
            return Next.ENDED;
        }
        if (outcomes.isCancelRequested(request.buildId())) {
            job.requestStop(Stop.cancelled("cancel requested before the build started"));
        }
        if (job.stopped() != null) {
            endStopped(job, attempt, BuildRunner.Outcome.stopped(job.stopped()));
            return Next.ENDED;
        }
        BuildRunner.Attempt planned;
        try {
            planned = runner.plan(request, attempt);
        } catch (InvalidBuildException e) {
            publishTerminal(job, attempt, BuildStatus.FAILED, BuildRunner.Outcome.invalid(e, events.now()));
            return Next.ENDED;
        }
        publish(events.of(request, attempt, BuildStatus.RUNNING, planned.plan().tags(), planned.startedAt(), null,
                null, null, planned.plan().argv()));
        BuildRunner.Outcome outcome = runner.run(planned, job);
        if (outcome.stop() != null) {
            endStopped(job, attempt, outcome);
            return Next.ENDED;
        }
        if (outcome.status() != BuildStatus.FAILED || !outcome.retryable() || attempt >= maxAttempts) {
            publishTerminal(job, attempt, outcome.status(), outcome);
            return Next.ENDED;
        }
        long delay = backoff.delayMillis(attempt, random);
        announceRetry(job, attempt, delay, "failed", outcome.error(), outcome.tags(), outcome.command());
        return new Next(true, delay);
    }

    /**
     * The worker itself failed this attempt: announced like a failed build's retry, when Kafka takes the
     * announcement; when it does not, the retry still comes, and its {@code running} says which attempt it is.
     */
    private Next workerFailed(BuildJob job, int attempt, RuntimeException e) {
        long delay = backoff.delayMillis(attempt, random);
        LOGGER.atWarn().addKeyValue("buildId", job.buildId()).setCause(e)
                .log("{} failed the worker at attempt {} ({}); trying again in {} ms", job, attempt, e.getMessage(),
                        delay);
        try {
            announceRetry(job, attempt, delay, "failed the worker", e.getMessage(), null, null);
        } catch (RuntimeException announce) {
            LOGGER.atWarn().addKeyValue("buildId", job.buildId())
                    .log("{}: the retry of attempt {} could not be announced: {}", job, attempt, announce.getMessage());
        }
        return new Next(true, delay);
    }

    private void announceRetry(BuildJob job, int attempt, long delay, String how, String why, List<String> tags,
                               List<String> command) {
        publish(events.of(job.request(), attempt + 1, BuildStatus.QUEUED, tags, null, null, null,
                "attempt " + attempt + " " + how + "; retrying in " + delay / 1000 + " s: " + why, command));
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
                terminal.error() == null ? "" : ": " + terminal.error().lines().findFirst().orElse(""));
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

    private static boolean abandoned(BuildJob job) {
        return job.stopped() != null && job.stopped().abandoned();
    }

    /** Sleeps, unless the job is stopped first; the loop then ends it by its stop. */
    private static void sleep(BuildJob job, long millis) {
        try {
            job.awaitStop(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            job.requestStop(Stop.abandoned("worker interrupted"));
        }
    }
}
