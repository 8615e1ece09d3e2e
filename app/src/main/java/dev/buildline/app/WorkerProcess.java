package dev.buildline.app;

import dev.buildline.app.cli.MinikubeDockerEnv;
import dev.buildline.git.GitMirror;
import dev.buildline.git.PackCache;
import dev.buildline.common.plan.BuildSite;
import dev.buildline.runtime.kafka.KafkaClients;
import dev.buildline.worker.WorkerHealth;
import dev.buildline.worker.WorkerMetrics;
import dev.buildline.worker.WorkerSettings;
import dev.buildline.common.messages.BuildRequest;
import dev.buildline.common.policy.RepositoryGrants;
import dev.buildline.worker.build.Backoff;
import dev.buildline.worker.build.BuildEnvironment;
import dev.buildline.worker.build.BuildGrants;
import dev.buildline.worker.build.BuildRunner;
import dev.buildline.worker.build.ContextArchiver;
import dev.buildline.worker.build.ProcessRunner;
import dev.buildline.worker.build.RegistryDigests;
import dev.buildline.worker.consume.BuildQueue;
import dev.buildline.worker.consume.FinishedJobs;
import dev.buildline.worker.consume.JobRunner;
import dev.buildline.worker.consume.PolicyRecheck;
import dev.buildline.worker.consume.RefusedRequests;
import dev.buildline.worker.consume.RequestAdmission;
import dev.buildline.runtime.kafka.LoopHealth;
import dev.buildline.worker.consume.RequestConsumer;
import dev.buildline.worker.incluster.InClusterPreparation;
import dev.buildline.worker.publish.BuildEvents;
import dev.buildline.worker.publish.ResultPublisher;
import dev.buildline.worker.state.BuildOutcomes;
import dev.buildline.worker.state.StateFollower;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires one worker, a Vert.x application: result publisher, the follower of build-events and build-control and the
 * request consumer (both verticles), git mirror, build runner and the key-ordered build queue, whose builds run on
 * the worker's own pool. Closing it drains: no new claims, running builds get the grace period, the rest are
 * abandoned uncommitted.
 */
public final class WorkerProcess implements WorkerHealth, AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(WorkerProcess.class);
    private static final int MAX_BUILDS_REMEMBERED = 100_000;
    private static final Duration BUILD_THREADS_WAIT = Duration.ofSeconds(10);

    private final Vertx vertx;
    private final RequestConsumer consumer;
    private final StateFollower follower;
    private final ResultPublisher publisher;
    private final ExecutorService pool;
    private final ExecutorService stoppers;
    private final Duration drainGrace;
    private final InClusterPreparation inCluster;
    private final GitMirror git;

    private WorkerProcess(Vertx vertx, RequestConsumer consumer, StateFollower follower, ResultPublisher publisher,
                          ExecutorService pool, ExecutorService stoppers, Duration drainGrace,
                          InClusterPreparation inCluster, GitMirror git) {
        this.vertx = vertx;
        this.consumer = consumer;
        this.follower = follower;
        this.publisher = publisher;
        this.pool = pool;
        this.stoppers = stoppers;
        this.drainGrace = drainGrace;
        this.inCluster = inCluster;
        this.git = git;
    }

    public static WorkerProcess start(WorkerSettings settings, BuildSite site) throws InterruptedException {
        return start(settings, site, new SimpleMeterRegistry());
    }

    /** @param meters where the worker's metrics go ({@link WorkerMetrics}) */
    public static WorkerProcess start(WorkerSettings settings, BuildSite site, MeterRegistry meters)
            throws InterruptedException {
        // the usual places: the pod's service account in a cluster, else KUBECONFIG or ~/.kube/config
        return start(settings, site, () -> new KubernetesClientBuilder().build(), Map.of(), meters);
    }

    /** @param kubernetes the client for in-cluster builders, made on the first such build */
    public static WorkerProcess start(WorkerSettings settings, BuildSite site, Supplier<KubernetesClient> kubernetes)
            throws InterruptedException {
        return start(settings, site, kubernetes, Map.of());
    }

    /** @param processEnv added to the environment of buildx and every other process a build runs (KUBECONFIG) */
    public static WorkerProcess start(WorkerSettings settings, BuildSite site, Supplier<KubernetesClient> kubernetes,
                                      Map<String, String> processEnv) throws InterruptedException {
        return start(settings, site, kubernetes, processEnv, new SimpleMeterRegistry());
    }

    public static WorkerProcess start(WorkerSettings settings, BuildSite site, Supplier<KubernetesClient> kubernetes,
                                      Map<String, String> processEnv, MeterRegistry meters)
            throws InterruptedException {
        LOGGER.info("starting worker: {}", settings);
        KafkaClients kafka = new KafkaClients(settings.kafka());
        kafka.verify(); // a refused login or a silent cluster stops the start here, with the reason
        String clientId = "buildline-worker-" + settings.workerId();
        WorkerMetrics metrics = new WorkerMetrics(meters, settings.workerId());
        ResultPublisher publisher = new ResultPublisher(kafka, settings.topics(), settings.workerId(), metrics);
        PackCache.install(settings.gitPackCacheBytes());
        GitMirror git = new GitMirror(settings.dataDir().resolve("worker-git"), settings.gitUsername(),
                settings.gitToken());
        // one runner for every process a build starts: buildx build, buildx inspect/create, minikube docker-env,
        // kind load
        ProcessRunner processes = new ProcessRunner(processEnv);
        BuildGrants grants = new BuildGrants(WorkerProcess::grants, processes::workerVariable);
        BuildEvents events = new BuildEvents(settings.workerId(), Clock.systemUTC(), grants::masker);
        InClusterPreparation inCluster = new InClusterPreparation(kubernetes, settings.workerId(), processes);
        BuildRunner runner = new BuildRunner(git, new ContextArchiver(), processes, new RegistryDigests(),
                publisher, events.clock(), site, new MinikubeDockerEnv(processes), inCluster, settings.buildTimeout(),
                settings.maxLogLines(), grants);
        ExecutorService pool = Executors.newFixedThreadPool(settings.concurrency(), named("buildline-build-"));
        ExecutorService stoppers = Executors.newCachedThreadPool(named("buildline-stop-"));
        BuildOutcomes outcomes = new BuildOutcomes(MAX_BUILDS_REMEMBERED);
        FinishedJobs finished = new FinishedJobs();
        StateFollower follower = new StateFollower(kafka, settings.topics(), clientId + "-state",
                outcomes);
        JobRunner jobs = new JobRunner(runner, publisher, events, outcomes, follower::awaitCaughtUp,
                settings.maxAttempts(), new Backoff(settings.retryBackoff(), Duration.ofMinutes(5)), new SecureRandom(),
                finished::add);
        BuildQueue queue = new BuildQueue(pool, stoppers, settings.supersedePolicy(), jobs);
        metrics.watch(queue);
        follower.onCancel(buildId -> queue.cancel(buildId, "cancelled on request"));
        RequestConsumer consumer = new RequestConsumer(kafka, settings.groupId(), clientId,
                settings.sessionTimeout(), settings.topics(), queue, finished,
                new RequestAdmission(settings.requestKey(), admissionChecks()),
                new RefusedRequests(publisher, events, outcomes, follower::awaitCaughtUp), stoppers,
                settings.concurrency() * 4);
        Vertx vertx = Vertx.vertx();
        vertx.deployVerticle(follower).await();
        vertx.deployVerticle(consumer).await();
        try {
            consumer.firstAssignment().timeout(30, TimeUnit.SECONDS).await();
        } catch (RuntimeException e) {
            LOGGER.warn("no build-requests partition assigned yet: {}", e.getMessage());
        }
        return new WorkerProcess(vertx, consumer, follower, publisher, pool, stoppers, settings.drainGrace(), inCluster,
                git);
    }

    /**
     * What a request's repository is granted beyond a plain build: its registry credentials (DOCKER_CONFIG), its
     * secrets' sources and the values masked in what users read. The repository's settings travel in the signed
     * request (its grants and masked values), so this reads them from there.
     */
    private static BuildEnvironment grants(BuildRequest request) {
        RepositoryGrants grants = request.grants() == null ? RepositoryGrants.NONE : request.grants();
        Map<String, BuildEnvironment.SecretSource> secrets = new LinkedHashMap<>();
        grants.allow().secrets().forEach((id, ref) -> secrets.put(id, ref.env() != null
                ? new BuildEnvironment.FromEnv(ref.env()) : new BuildEnvironment.FromFile(Path.of(ref.file()))));
        return BuildEnvironment.of(Optional.ofNullable(grants.dockerConfig()).map(Path::of), secrets)
                .withMasked(request.masked() == null ? List.of() : request.masked());
    }

    /**
     * What a signed request must pass besides its signature before it builds; a refusal goes to the dead-letter topic
     * with a failed event naming the reason: the build policy, re-applied to the request's config and grants.
     */
    private static List<RequestAdmission.Check> admissionChecks() {
        return List.of(new PolicyRecheck());
    }

    @Override
    public List<LoopHealth> loops() {
        return List.of(consumer.health(), follower.health());
    }

    @Override
    public int assignedPartitions() {
        return consumer.assignedPartitions();
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void close() {
        try {
            consumer.drain(drainGrace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        undeploy(consumer.deploymentID());
        pool.shutdownNow();
        stoppers.shutdown();
        try {
            // builds still running were told to stop and interrupted; the git mirror closes after they let go of it
            if (!pool.awaitTermination(BUILD_THREADS_WAIT.toSeconds(), TimeUnit.SECONDS)) {
                LOGGER.warn("build threads still running {} s after the drain", BUILD_THREADS_WAIT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        undeploy(follower.deploymentID());
        vertx.close().await();
        publisher.close();
        inCluster.close();
        git.close();
    }

    private void undeploy(String deployment) {
        try {
            vertx.undeploy(deployment).await();
        } catch (RuntimeException e) {
            LOGGER.warn("undeploying {} failed: {}", deployment, e.getMessage());
        }
    }
}
