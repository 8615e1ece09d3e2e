package dev.buildline.worker.build;

import dev.buildline.common.git.GitMirror;
import dev.buildline.common.messages.BuildEvent;
import dev.buildline.common.messages.BuildRequest;
import dev.buildline.common.messages.BuildStatus;
import dev.buildline.common.plan.BuildPlan;
import dev.buildline.common.plan.BuildSite;
import dev.buildline.common.plan.BuildxPlanner;
import dev.buildline.common.plan.ContextLayout;
import dev.buildline.worker.publish.BuildLog;
import dev.buildline.worker.publish.ResultPublisher;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds one request: {@code running}, the context tar from git piped into {@code docker buildx build ... -} with the
 * planner's argv, log lines to build-logs, then exactly one terminal event with the registry's digest or the reason.
 * Blocking; runs on a build thread.
 */
public final class BuildRunner {

    private static final Logger LOGGER = LoggerFactory.getLogger(BuildRunner.class);
    public static final int MAX_LOG_LINES = 20_000;
    static final long LOG_FLUSH_MILLIS = 500;

    private final GitMirror git;
    private final ContextArchiver archiver;
    private final ProcessRunner processes;
    private final RegistryDigests registry;
    private final ResultPublisher publisher;
    private final BuildSite site;
    private final String workerId;
    private final Duration timeout;
    private final Clock clock;
    private final ScheduledExecutorService logFlusher = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "buildline-log-flush");
        thread.setDaemon(true);
        return thread;
    });

    public BuildRunner(GitMirror git, ContextArchiver archiver, ProcessRunner processes, RegistryDigests registry,
                       ResultPublisher publisher, BuildSite site, String workerId, Duration timeout, Clock clock) {
        this.git = git;
        this.archiver = archiver;
        this.processes = processes;
        this.registry = registry;
        this.publisher = publisher;
        this.site = site;
        this.workerId = workerId;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** Runs the build and publishes its events; returns the terminal event once Kafka acknowledged it. */
    public BuildEvent run(BuildRequest request, int attempt) {
        Instant started = clock.instant();
        BuildLog log = new BuildLog(publisher, request.buildId(), attempt, MAX_LOG_LINES, clock);
        BuildPlan plan;
        ContextLayout layout;
        try {
            layout = ContextLayout.of(request.configDir(), request.config().context(), request.config().dockerfile());
            plan = BuildxPlanner.plan(request.config(), site, request.tags(), layout);
        } catch (RuntimeException e) {
            return finish(request, attempt, started, BuildStatus.FAILED, null, null, "invalid build: " + e.getMessage(), null);
        }
        publisher.event(event(request, attempt, BuildStatus.RUNNING, plan.tags(), started, null, null, null, plan.argv()));
        LOGGER.info("build {} of {} started: {}", request.buildId(), request.image(), String.join(" ", plan.argv()));
        try (GitMirror.Snapshot snapshot = git.snapshot(request.repo().url(), request.commit())) {
            if (snapshot.readFile(layout.dockerfilePath()).isEmpty()) {
                return finish(request, attempt, started, BuildStatus.FAILED, plan, null,
                        "Dockerfile " + layout.dockerfilePath() + " not found at " + request.commit(), log);
            }
            Predicate<String> excluded = path -> false;
            ProcessRunner.Running process = processes.start(plan.argv(), plan.env(),
                    stdin -> archiver.write(snapshot, layout, excluded, stdin), log::line);
            // a quiet step (RUN sleep) adds no line that would flush the ones before it; the dashboard follows the log
            ScheduledFuture<?> flusher = logFlusher.scheduleAtFixedRate(log::flush, LOG_FLUSH_MILLIS,
                    LOG_FLUSH_MILLIS, TimeUnit.MILLISECONDS);
            int exit;
            try {
                exit = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } finally {
                flusher.cancel(false);
            }
            if (process.wasStopped()) {
                return finish(request, attempt, started, BuildStatus.FAILED, plan, null,
                        "build timed out after " + timeout.toMinutes() + " min; buildx stopped\n" + tail(log), log);
            }
            if (exit != 0) {
                return finish(request, attempt, started, BuildStatus.FAILED, plan, null,
                        "buildx exited with code " + exit + "\n" + tail(log), log);
            }
            String digest = plan.push() ? digestOf(plan.tags().get(0), log) : null;
            return finish(request, attempt, started, BuildStatus.SUCCEEDED, plan, digest, null, log);
        } catch (GitMirror.GitException | IOException e) {
            return finish(request, attempt, started, BuildStatus.FAILED, plan, null, e.getMessage(), log);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return finish(request, attempt, started, BuildStatus.FAILED, plan, null, "worker interrupted", log);
        }
    }

    private String digestOf(String reference, BuildLog log) {
        try {
            Optional<String> digest = registry.digest(reference);
            return digest.orElse(null);
        } catch (IOException | RuntimeException e) {
            log.line("[buildline] cannot read the digest of " + reference + " from its registry: " + e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private BuildEvent finish(BuildRequest request, int attempt, Instant started, BuildStatus status, BuildPlan plan,
                              String digest, String error, BuildLog log) {
        if (log != null) {
            log.flush();
            publisher.flush();
        }
        Instant finished = clock.instant();
        BuildEvent terminal = event(request, attempt, status, plan == null ? null : plan.tags(), started, finished,
                digest, error, plan == null ? null : plan.argv());
        publisher.event(terminal);
        LOGGER.info("build {} of {} {} in {} ms{}", request.buildId(), request.image(), status.wireName(),
                terminal.durationMs(), error == null ? "" : ": " + error.lines().findFirst().orElse(""));
        return terminal;
    }

    private BuildEvent event(BuildRequest request, int attempt, BuildStatus status, List<String> tags, Instant started,
                             Instant finished, String digest, String error, List<String> command) {
        Long duration = finished == null ? null : Duration.between(started, finished).toMillis();
        return new BuildEvent(BuildEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), request.buildId(),
                request.image(), request.repo(), request.ref(), request.commit(), status, tags, digest, started,
                finished, duration, error, attempt, command, workerId, clock.instant());
    }

    private static String tail(BuildLog log) {
        return String.join("\n", log.tail());
    }
}
