package dev.buildline.worker.build;

import dev.buildline.common.mask.Masker;
import dev.buildline.git.GitMirror;
import dev.buildline.common.messages.BuildRequest;
import dev.buildline.common.messages.BuildStatus;
import dev.buildline.common.plan.BuildPlan;
import dev.buildline.common.plan.BuildSite;
import dev.buildline.common.ignore.DockerIgnore;
import dev.buildline.common.plan.ContextLayout;
import dev.buildline.common.plan.DockerfileEdits;
import dev.buildline.common.plan.ImagePlans;
import dev.buildline.worker.publish.BuildLog;
import dev.buildline.worker.publish.Publisher;
import dev.buildline.worker.publish.ResultPublisher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one attempt of one build: planned first ({@link #plan}, before anything is published), then the builder
 * prepared (in-cluster), the context tar from git (.dockerignore applied) piped into {@code docker buildx build ... -}
 * with the argv {@code buildline plan} prints, log lines to build-logs, and the outcome with the registry's digest or
 * the reason. It publishes no build event: the job runner publishes all of them, and decides whether the outcome is
 * terminal or retried. buildx runs with what the repository is granted ({@link BuildGrants}: its registry
 * credentials, its secrets from the operator's sources) and the log it publishes has the repository's settings values
 * masked. Blocking; runs on a build thread, and keeps no thread of its own.
 */
public final class BuildRunner {

    private static final Logger LOGGER = LoggerFactory.getLogger(BuildRunner.class);
    static final Duration BUILDER_READY_TIMEOUT = Duration.ofMinutes(5);
    static final long LOG_FLUSH_MILLIS = 500;
    static final Duration KIND_LOAD_TIMEOUT = Duration.ofMinutes(10);

    private final GitMirror git;
    private final ContextWriter archiver;
    private final ProcessRunner processes;
    private final RegistryDigests registry;
    private final Publisher publisher;
    private final Clock clock;
    private final BuildSite site;
    private final ImagePlans.MinikubeEnv minikubeEnv;
    private final BuilderPreparation builders;
    private final Duration timeout;
    private final int maxLogLines;
    private final BuildGrants grants;

    /** A runner that builds every request as a plain build ({@link BuildGrants#NONE}). */
    public BuildRunner(GitMirror git, ContextWriter archiver, ProcessRunner processes, RegistryDigests registry,
                       Publisher publisher, Clock clock, BuildSite site,
                       ImagePlans.MinikubeEnv minikubeEnv, BuilderPreparation builders, Duration timeout,
                       int maxLogLines) {
        this(git, archiver, processes, registry, publisher, clock, site, minikubeEnv, builders, timeout, maxLogLines,
                BuildGrants.NONE);
    }

    /** @param grants what each request's repository is granted, and the values masked in its log */
    public BuildRunner(GitMirror git, ContextWriter archiver, ProcessRunner processes, RegistryDigests registry,
                       Publisher publisher, Clock clock, BuildSite site,
                       ImagePlans.MinikubeEnv minikubeEnv, BuilderPreparation builders, Duration timeout,
                       int maxLogLines, BuildGrants grants) {
        this.git = git;
        this.archiver = archiver;
        this.processes = processes;
        this.registry = registry;
        this.publisher = publisher;
        this.clock = clock;
        this.site = site;
        this.minikubeEnv = minikubeEnv;
        this.builders = builders;
        this.timeout = timeout;
        this.maxLogLines = maxLogLines;
        this.grants = grants;
    }

    /**
     * How an attempt ended: {@code status} is SUCCEEDED or FAILED, or null when {@code stop} ended it;
     * {@code retryable} says a failure was transient.
     */
    public record Outcome(BuildStatus status, boolean retryable, String error, String digest, List<String> tags,
                          List<String> command, Instant startedAt, Stop stop) {

        static Outcome failed(BuildPlan plan, Instant started, String error, boolean retryable) {
            return new Outcome(BuildStatus.FAILED, retryable, error, null, tags(plan), argv(plan), started, null);
        }

        static Outcome stopped(BuildPlan plan, Instant started, Stop stop) {
            return new Outcome(null, false, stop.reason(), null, tags(plan), argv(plan), started, stop);
        }

        /** Stopped before the attempt was planned: nothing of it is known but the reason. */
        public static Outcome stopped(Stop stop) {
            return stopped(null, null, stop);
        }

        /** The request cannot become a build; trying again would give the same answer. */
        public static Outcome invalid(InvalidBuildException e, Instant at) {
            return failed(null, at, e.getMessage(), false);
        }

        private static List<String> tags(BuildPlan plan) {
            return plan == null ? null : plan.tags();
        }

        private static List<String> argv(BuildPlan plan) {
            return plan == null ? null : plan.argv();
        }
    }

    /**
     * Attempt {@code number} of a request, planned: what {@code running} announces ({@code plan}'s argv) and what
     * {@link #run} builds ({@code granted}: that argv with the operator's secret sources, and the extra environment).
     */
    public record Attempt(BuildRequest request, int number, BuildPlan plan, ContextLayout layout, Instant startedAt,
                          BuildEnvironment.Resolved granted, Masker masker) {
    }

    /**
     * Plans attempt {@code number}; nothing is published or built (a minikube site asks minikube where its daemon is).
     *
     * @throws InvalidBuildException the request cannot become a build
     */
    public Attempt plan(BuildRequest request, int number) throws InvalidBuildException {
        Instant started = clock.instant();
        try {
            ContextLayout layout = ContextLayout.of(request.configDir(), request.config().context(),
                    request.config().dockerfile());
            BuildPlan plan = ImagePlans.plan(request.config(), request.configDir(), site, request.tags(), minikubeEnv);
            return new Attempt(request, number, plan, layout, started, grants.resolve(request, plan.argv()),
                    grants.masker(request));
        } catch (RuntimeException e) {
            throw new InvalidBuildException(e);
        }
    }

    /** Runs a planned attempt and publishes its log; returns how it ended, with no event published. */
    public Outcome run(Attempt attempt, StopSignal signal) {
        BuildRequest request = attempt.request();
        BuildPlan plan = attempt.plan();
        LOGGER.atInfo().addKeyValue("buildId", request.buildId()).log("attempt {} of {} started: {}", attempt.number(),
                request.image(), attempt.masker().mask(String.join(" ", plan.argv())));
        BuildLog log = new BuildLog(publisher, request.buildId(), attempt.number(), maxLogLines, clock,
                attempt.masker());
        try {
            return build(request, signal, attempt.startedAt(), plan, attempt.layout(), attempt.granted(), log);
        } finally {
            signal.onStop(null);
            log.flush();
            publisher.flush();
        }
    }

    private Outcome build(BuildRequest request, StopSignal signal, Instant started, BuildPlan plan,
                          ContextLayout layout, BuildEnvironment.Resolved granted, BuildLog log) {
        try (GitMirror.Snapshot snapshot = git.snapshot(request.repo().url(), request.commit())) {
            Optional<byte[]> dockerfile = snapshot.readFile(layout.dockerfilePath());
            if (dockerfile.isEmpty()) {
                return Outcome.failed(plan, started, "Dockerfile " + layout.dockerfilePath() + " not found at "
                        + request.commit(), false);
            }
            Map<String, byte[]> replacements;
            try {
                replacements = editedDockerfile(plan, dockerfile.get());
            } catch (DockerfileEdits.StageNotFoundException e) {
                return Outcome.failed(plan, started, layout.dockerfilePath() + ": " + e.getMessage(), false);
            }
            if (plan.dockerfileEdit() != null) {
                log.line("[buildline] " + layout.dockerfilePath() + " is built with the image's entrypoint, cmd and "
                        + "appendDockerfileInstructions added " + (plan.dockerfileEdit().stage() == null ? "at its end"
                        : "to stage " + plan.dockerfileEdit().stage()) + ", as DevSpace does");
            }
            if (signal.stopped() != null) {
                log.line("[buildline] stopped before buildx started: " + signal.stopped().reason());
                return Outcome.stopped(plan, started, signal.stopped());
            }
            DockerIgnore ignore = DockerIgnore.forBuild(layout,
                    path -> snapshot.readFile(path).map(bytes -> new String(bytes, StandardCharsets.UTF_8)));
            ProcessRunner.Running process;
            int exit;
            try (BuildxMetadata metadata = BuildxMetadata.forPlan(plan);
                 AutoCloseable builder = builders.prepare(plan, request.config(), builderTimeout())) {
                Map<String, String> env = new LinkedHashMap<>(plan.env());
                env.putAll(granted.env());
                // the context writer asks between entries: a cancel, or buildx stopped at the timeout
                AtomicReference<ProcessRunner.Running> running = new AtomicReference<>();
                BooleanSupplier stopped = () -> signal.stopped() != null
                        || running.get() != null && running.get().wasStopped();
                process = processes.start(metadata.argv(granted.argv()), env,
                        stdin -> archiver.write(snapshot, layout, ignore::excludes, stdin, replacements, stopped),
                        log::line);
                running.set(process);
                signal.onStop(process::stop);
                // a quiet step (RUN sleep) adds no line that would flush the ones before it; the dashboard follows
                exit = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS, LOG_FLUSH_MILLIS, log::flush);
                signal.onStop(null);
                return finish(plan, started, process, exit, signal, metadata, log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.stopped(plan, started, Stop.abandoned("worker interrupted"));
        } catch (InClusterFailure e) {
            return Outcome.failed(plan, started, e.getMessage(), e.retryable());
        } catch (ResultPublisher.PublishException e) {
            throw e;
        } catch (GitMirror.GitUnavailableException e) {
            // the git host or this worker's mirror could not be asked: a retry, here or on the partition's next
            // owner after a drain, can work; a build that never reached buildx says nothing about its Dockerfile
            return Outcome.failed(plan, started, e.getMessage(), true);
        } catch (Exception e) {
            // git before the context is written, or starting buildx; the context's own failures are read in finish
            return Outcome.failed(plan, started, e.getMessage(), false);
        }
    }

    /** How the attempt ended, once buildx exited. */
    private Outcome finish(BuildPlan plan, Instant started, ProcessRunner.Running process, int exit, StopSignal signal,
                           BuildxMetadata metadata, BuildLog log) {
        Stop stop = signal.stopped();
        if (stop != null && process.wasStopped()) {
            log.line("[buildline] buildx stopped: " + stop.reason());
            return Outcome.stopped(plan, started, stop);
        }
        Exception contextFailure = process.stdinFailure();
        if (contextFailure != null && !(contextFailure instanceof ContextWriter.ContextStoppedException)) {
            // stopped while its stdin was still open, so buildx never took the partial tar for the whole context
            String reason = "cannot write the build context: " + contextFailure.getMessage() + "; buildx stopped";
            log.line("[buildline] " + reason);
            return Outcome.failed(plan, started, reason, false);
        }
        if (process.wasStopped()) {
            return Outcome.failed(plan, started, "build timed out after " + describe(timeout)
                    + "; buildx stopped\n" + tail(log), false);
        }
        if (exit != 0) {
            return Outcome.failed(plan, started, BuildxExit.describe(exit) + "\n" + tail(log),
                    FailureClassifier.isTransient(exit, log.tail()));
        }
        plan.kindLoadArgv().forEach(argv -> kindLoad(argv, signal, log));
        if (!plan.push()) {
            return new Outcome(BuildStatus.SUCCEEDED, false, null, null, plan.tags(), plan.argv(), started, null);
        }
        StringBuilder whyNot = new StringBuilder();
        String digest = metadata.digest(whyNot).orElseGet(() -> digestOf(plan.tags().get(0), whyNot));
        String note = digest == null ? "pushed, but no digest: " + whyNot : null;
        if (note != null) {
            log.line("[buildline] " + note);
        }
        return new Outcome(BuildStatus.SUCCEEDED, false, note, digest, plan.tags(), plan.argv(), started, null);
    }

    /** An in-cluster builder gets at most five minutes to become ready, and never more than the build. */
    private Duration builderTimeout() {
        return timeout.compareTo(BUILDER_READY_TIMEOUT) < 0 ? timeout : BUILDER_READY_TIMEOUT;
    }

    /**
     * DevSpace loads skip-push images into kind; a failure is logged, the build still succeeds. A cancel stops it as it
     * stops buildx, and so does its timeout.
     */
    private void kindLoad(List<String> argv, StopSignal signal, BuildLog log) {
        log.line("[buildline] " + String.join(" ", argv));
        try {
            ProcessRunner.Running process = processes.start(argv, Map.of(), null, log::line);
            signal.onStop(process::stop);
            int exit = process.waitFor(KIND_LOAD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS, LOG_FLUSH_MILLIS,
                    log::flush);
            signal.onStop(null);
            if (process.wasStopped()) {
                String why = signal.stopped() == null ? " after " + describe(KIND_LOAD_TIMEOUT)
                        : ": " + signal.stopped().reason();
                log.line("[buildline] kind load stopped" + why + " (the build still counts)");
            } else if (exit != 0) {
                log.line("[buildline] kind load exited with code " + exit + " (the build still counts)");
            }
        } catch (IOException e) {
            log.line("[buildline] kind load could not run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The registry's answer for a pushed tag, read anonymously; null, with the reason added to {@code whyNot}. */
    private String digestOf(String reference, StringBuilder whyNot) {
        try {
            Optional<String> digest = registry.digest(reference);
            if (digest.isEmpty()) {
                whyNot.append("; the registry sent no Docker-Content-Digest for ").append(reference);
            }
            return digest.orElse(null);
        } catch (IOException | RuntimeException e) {
            whyNot.append("; reading ").append(reference).append(" from its registry failed: ").append(e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * The Dockerfile DevSpace builds when the image sets entrypoint, cmd or appendDockerfileInstructions: the commit's,
     * with the plan's edit applied, carried in the context tar under the name buildx reads; nothing is written to disk.
     */
    private static Map<String, byte[]> editedDockerfile(BuildPlan plan, byte[] dockerfile) {
        DockerfileEdits.Edit edit = plan.dockerfileEdit();
        if (edit == null) {
            return Map.of();
        }
        return Map.of(edit.file(), DockerfileEdits.apply(dockerfile, edit));
    }

    private static String describe(Duration duration) {
        return duration.toSeconds() % 60 == 0 ? duration.toMinutes() + " min" : duration.toSeconds() + " s";
    }

    private static String tail(BuildLog log) {
        return String.join("\n", log.tail());
    }
}
