package dev.buildline.worker.incluster;

import dev.buildline.common.config.ImageConfig;
import dev.buildline.common.plan.BuildMode;
import dev.buildline.common.plan.BuildPlan;
import dev.buildline.worker.build.BuilderPreparation;
import dev.buildline.worker.build.InClusterFailure;
import dev.buildline.worker.build.ProcessRunner;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Prepares in-cluster plans with {@link InClusterBuilder}; other plans need nothing. The Kubernetes client is made on
 * the first in-cluster build, so a worker that only builds locally never needs a kubeconfig.
 */
public final class InClusterPreparation implements BuilderPreparation, AutoCloseable {

    private final Supplier<KubernetesClient> clients;
    private final String workerId;
    private final ProcessRunner processes;
    private KubernetesClient client;
    private InClusterBuilder builder;

    public InClusterPreparation(Supplier<KubernetesClient> clients, String workerId) {
        this(clients, workerId, new ProcessRunner());
    }

    /**
     * @param processes the worker's one runner: buildx gets its environment (KUBECONFIG:
     *                  {@link ServiceAccountKubeconfig}) as the build does
     */
    public InClusterPreparation(Supplier<KubernetesClient> clients, String workerId, ProcessRunner processes) {
        this.clients = clients;
        this.workerId = workerId;
        this.processes = processes;
    }

    @Override
    public AutoCloseable prepare(BuildPlan plan, ImageConfig image, Duration timeout) {
        if (plan.mode() != BuildMode.IN_CLUSTER) {
            return () -> { };
        }
        try {
            return builder().ensure(plan, image.buildKit().inCluster(), timeout);
        } catch (BuilderNotReadyException e) {
            throw new InClusterFailure(e.getMessage(), true, e);
        } catch (InClusterBuilderException | IllegalArgumentException e) {
            // a missing builder with noCreate, an API refusal, buildx create failing, or options that cannot be a
            // Deployment: trying again later would give the same answer
            throw new InClusterFailure(e.getMessage(), false, e);
        }
    }

    private synchronized InClusterBuilder builder() {
        if (builder == null) {
            client = clients.get();
            builder = new InClusterBuilder(client, workerId, InClusterBuilder.DEFAULT_LEASE_DURATION, processes);
        }
        return builder;
    }

    @Override
    public synchronized void close() {
        if (builder != null) {
            builder.close();
            client.close();
        }
    }
}
