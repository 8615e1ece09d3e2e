package dev.buildline.worker.incluster;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The mock API server has no controllers, so tests play the Deployment controller: every Deployment becomes ready. */
public final class FakeDeploymentController implements AutoCloseable {

    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();

    public FakeDeploymentController(KubernetesClient client) {
        loop.scheduleWithFixedDelay(() -> client.apps().deployments().inAnyNamespace().list().getItems().stream()
                .filter(deployment -> deployment.getStatus() == null || !Objects.equals(
                        deployment.getStatus().getObservedGeneration(), deployment.getMetadata().getGeneration()))
                .forEach(deployment -> markReady(client, deployment)), 0, 20, TimeUnit.MILLISECONDS);
    }

    static void markReady(KubernetesClient client, Deployment deployment) {
        int replicas = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
        client.apps().deployments().inNamespace(deployment.getMetadata().getNamespace())
                .withName(deployment.getMetadata().getName())
                .editStatus(current -> new DeploymentBuilder(current).withNewStatus()
                        .withObservedGeneration(current.getMetadata().getGeneration())
                        .withReplicas(replicas).withUpdatedReplicas(replicas)
                        .withReadyReplicas(replicas).withAvailableReplicas(replicas)
                        .endStatus().build());
    }

    @Override
    public void close() throws InterruptedException {
        loop.shutdownNow();
        loop.awaitTermination(5, TimeUnit.SECONDS);
    }
}
