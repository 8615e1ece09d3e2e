package dev.buildline.worker.incluster;

import dev.buildline.common.config.InClusterConfig;
import dev.buildline.common.plan.BuildMode;
import dev.buildline.common.plan.BuildPlan;
import dev.buildline.worker.build.ProcessRunner;
import dev.buildline.worker.incluster.model.BuilderKey;
import dev.buildline.worker.incluster.model.BuilderSpec;
import dev.buildline.worker.incluster.model.BuilderState;
import dev.buildline.worker.incluster.model.BuildkitDeployment;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the BuildKit Deployment of an in-cluster image exists, matches its options and is ready, then that buildx
 * knows the builder, before buildx runs. Shared safely by many workers: creates and recreates happen under a Lease
 * per builder, and a builder this worker is building on is never recreated under that build. It never creates a
 * namespace, and builds on, deletes or replaces only a Deployment it made for the same builder (its managed-by label
 * and builder annotation): anything else with the builder's name fails the build, naming that Deployment.
 *
 * <pre>{@code
 * try (EnsuredBuilder builder = inCluster.ensure(plan, config, Duration.ofMinutes(5))) {
 *     // run plan.argv()
 * }
 * }</pre>
 */
public final class InClusterBuilder implements AutoCloseable {

    public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(15);
    private static final Logger LOGGER = LoggerFactory.getLogger(InClusterBuilder.class);
    private static final long RETRY_MILLIS = 100;

    private final KubernetesBuilderApi api;
    private final BuilderLock lock;
    private final BuildxRegistrar registrar;
    private final BuildersInUse inUse = new BuildersInUse();

    /**
     * @param workerId names this worker in the builder Leases; unique per process (e.g. pod name plus a random suffix)
     */
    public InClusterBuilder(KubernetesClient client, String workerId) {
        this(client, workerId, DEFAULT_LEASE_DURATION);
    }

    public InClusterBuilder(KubernetesClient client, String workerId, Duration leaseDuration) {
        this(client, workerId, leaseDuration, new ProcessRunner());
    }

    /** @param processes runs {@code buildx inspect/create}, with the worker's environment (KUBECONFIG in a pod) */
    public InClusterBuilder(KubernetesClient client, String workerId, Duration leaseDuration,
                            ProcessRunner processes) {
        this.api = new KubernetesBuilderApi(client);
        this.lock = new BuilderLock(api, workerId, leaseDuration);
        this.registrar = new BuildxRegistrar(processes);
    }

    /**
     * Blocking; run it on a worker thread. The result marks the builder in use by one build until it is closed.
     *
     * @throws BuilderMissingException     the builder does not exist and {@code noCreate} is set
     * @throws BuilderInTheWayException    a Deployment Buildline did not make for this builder has its name
     * @throws BuilderNamespaceMissingException the builder's namespace does not exist
     * @throws BuilderNotReadyException    not ready within {@code timeout}; the message says what it waited for
     * @throws BuilderApiException         a Kubernetes call failed
     * @throws BuildxRegistrationException {@code buildx create} failed
     * @throws dev.buildline.worker.incluster.model.InvalidBuilderOptionException an option cannot become a Deployment
     */
    public EnsuredBuilder ensure(BuildPlan plan, InClusterConfig config, Duration timeout) {
        if (plan.mode() != BuildMode.IN_CLUSTER || plan.builderName() == null) {
            throw new IllegalArgumentException("image " + plan.image() + " is not built in-cluster");
        }
        BuilderSpec spec = BuilderSpec.of(plan.image(), plan.builderName(), plan.builderNamespace(), config);
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            EnsureOutcome outcome = converge(spec, deadline, timeout);
            Deployment ready = awaitReady(spec, deadline, timeout);
            registrar.ensureRegistered(spec.key(), plan, deadline);
            EnsuredBuilder builder = use(spec, ready, outcome, deadline, timeout);
            LOGGER.atInfo().addKeyValue("image", plan.image()).addKeyValue("builder", spec.key())
                    .addKeyValue("outcome", outcome).log("in-cluster builder ready");
            return builder;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuilderNotReadyException(spec.key(), timeout, "the wait was interrupted");
        }
    }

    /** How many builds of this worker are running on the builder now. */
    public int buildsOn(String namespace, String name) {
        return inUse.builds(new BuilderKey(namespace, name));
    }

    @Override
    public void close() {
        api.close();
    }

    private EnsureOutcome converge(BuilderSpec spec, long deadline, Duration timeout) throws InterruptedException {
        BuilderKey key = spec.key();
        Deployment cached = api.cached(key);
        requireOurs(cached, key);
        if (cached == null) {
            if (spec.noCreate()) {
                throw new BuilderMissingException(key, spec.yamlPath("noCreate"));
            }
            return underLease(spec, null, deadline, timeout);
        }
        if (BuilderState.matches(cached, spec)) {
            return EnsureOutcome.REUSED;
        }
        if (spec.noRecreate()) {
            LOGGER.atWarn().addKeyValue("builder", key).addKeyValue("hash", BuilderState.hashOf(cached))
                    .addKeyValue("wanted", spec.hash())
                    .log("builder options changed, but " + spec.yamlPath("noRecreate") + " keeps the old builder");
            return EnsureOutcome.REUSED_DESPITE_DRIFT;
        }
        inUse.reserveForRecreate(key, deadline, timeout);
        try {
            return underLease(spec, cached.getMetadata().getUid(), deadline, timeout);
        } finally {
            inUse.endRecreate(key);
        }
    }

    /**
     * Decides again on a fresh read while holding the builder's Lease, so that exactly one worker creates or
     * recreates, and the others find its result.
     *
     * @param driftedUid the Deployment this worker saw drifted, or null when it saw none
     */
    private EnsureOutcome underLease(BuilderSpec spec, String driftedUid, long deadline, Duration timeout)
            throws InterruptedException {
        BuilderKey key = spec.key();
        try (BuilderLock.Held held = lock.acquire(key, deadline, timeout)) {
            while (true) {
                Deployment current = api.read(key);
                requireOurs(current, key);
                if (current == null) {
                    if (spec.noCreate()) {
                        throw new BuilderMissingException(key, spec.yamlPath("noCreate"));
                    }
                    return create(spec, driftedUid == null ? EnsureOutcome.CREATED : EnsureOutcome.RECREATED,
                            deadline, timeout);
                }
                if (BuilderState.matches(current, spec)) {
                    return EnsureOutcome.REUSED;
                }
                if (spec.noRecreate()) {
                    return EnsureOutcome.REUSED_DESPITE_DRIFT;
                }
                if (!Objects.equals(current.getMetadata().getUid(), driftedUid)) {
                    throw new BuilderNotReadyException(key, timeout, "another worker has just made it with other options"
                            + " (hash " + BuilderState.hashOf(current) + ", this image wants " + spec.hash()
                            + "); images that share a builder name must share its inCluster options");
                }
                if (api.delete(key, current)) {
                    LOGGER.atInfo().addKeyValue("builder", key).addKeyValue("hash", BuilderState.hashOf(current))
                            .addKeyValue("wanted", spec.hash()).log("deleted drifted builder");
                    return create(spec, EnsureOutcome.RECREATED, deadline, timeout);
                }
            }
        }
    }

    /** Creates under the Lease; a 409 here means the old Deployment is still going away, so try again. */
    private EnsureOutcome create(BuilderSpec spec, EnsureOutcome outcome, long deadline, Duration timeout)
            throws InterruptedException {
        Deployment desired = BuildkitDeployment.desired(spec);
        while (api.create(spec.key(), desired) == null) {
            Deployment current = api.read(spec.key());
            requireOurs(current, spec.key());
            if (current != null && BuilderState.matches(current, spec)) {
                return EnsureOutcome.REUSED;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new BuilderNotReadyException(spec.key(), timeout, "the old Deployment is still being deleted");
            }
            TimeUnit.MILLISECONDS.sleep(RETRY_MILLIS);
        }
        LOGGER.atInfo().addKeyValue("builder", spec.key()).addKeyValue("hash", spec.hash()).log("created builder");
        return outcome;
    }

    /** Waits on the informer's view only: no API round trips, however long it takes. */
    private Deployment awaitReady(BuilderSpec spec, long deadline, Duration timeout) throws InterruptedException {
        while (true) {
            long seen = api.changeCount();
            Deployment current = api.cached(spec.key());
            requireOurs(current, spec.key());
            Optional<String> reason;
            if (current == null) {
                reason = Optional.of("its Deployment " + spec.key().deploymentName() + " does not exist");
            } else if (!spec.noRecreate() && !BuilderState.matches(current, spec)) {
                reason = Optional.of("its Deployment has other options (hash " + BuilderState.hashOf(current)
                        + ", this image wants " + spec.hash() + ")");
            } else {
                reason = BuilderState.notReadyReason(current);
            }
            if (reason.isEmpty()) {
                return current;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new BuilderNotReadyException(spec.key(), timeout, reason.get());
            }
            api.awaitChange(seen, deadline);
        }
    }

    /** A Deployment with the builder's name that Buildline did not make for it is never built on nor replaced. */
    private static void requireOurs(Deployment deployment, BuilderKey key) {
        if (deployment != null && !BuilderState.isOwn(deployment, key)) {
            throw new BuilderInTheWayException(key);
        }
    }

    /** Marks the builder in use, unless a recreate on this worker replaced it meanwhile; then waits for the new one. */
    private EnsuredBuilder use(BuilderSpec spec, Deployment ready, EnsureOutcome outcome, long deadline, Duration timeout)
            throws InterruptedException {
        Deployment candidate = ready;
        while (true) {
            inUse.use(spec.key(), deadline, timeout);
            Deployment current = api.cached(spec.key());
            if (current != null && Objects.equals(current.getMetadata().getUid(), candidate.getMetadata().getUid())) {
                return new EnsuredBuilder(spec.key(), outcome, inUse);
            }
            inUse.release(spec.key());
            candidate = awaitReady(spec, deadline, timeout);
        }
    }
}
