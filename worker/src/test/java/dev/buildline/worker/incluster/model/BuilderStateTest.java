package dev.buildline.worker.incluster.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import org.junit.jupiter.api.Test;

class BuilderStateTest {

    @Test
    void readyOnlyWhenTheCurrentGenerationIsObservedAndReplicasAreAvailable() {
        assertThat(BuilderState.notReadyReason(deployment(2, 1, 1))).contains(
                "the Deployment controller has not observed generation 2 yet (observed 1)");
        assertThat(BuilderState.notReadyReason(deployment(2, 2, 1))).contains("1 of 2 BuildKit replicas available");
        assertThat(BuilderState.notReadyReason(deployment(2, 2, 2))).isEmpty();
    }

    @Test
    void aDeploymentWithoutStatusIsNotReady() {
        Deployment fresh = new DeploymentBuilder(deployment(1, 0, 0)).withStatus(null).build();

        assertThat(BuilderState.notReadyReason(fresh)).contains(
                "the Deployment controller has not observed generation 1 yet (observed 0)");
    }

    @Test
    void failingConditionsExplainWhy() {
        Deployment stuck = new DeploymentBuilder(deployment(1, 1, 0)).editStatus()
                .addNewCondition().withType("Progressing").withStatus("False")
                .withMessage("ReplicaSet \"b0-5d8\" has timed out progressing.").endCondition()
                .addNewCondition().withType("Available").withStatus("True").withMessage("ignored").endCondition()
                .endStatus().build();

        assertThat(BuilderState.notReadyReason(stuck)).contains(
                "0 of 2 BuildKit replicas available; Progressing: ReplicaSet \"b0-5d8\" has timed out progressing.");
    }

    private static Deployment deployment(long generation, long observed, int available) {
        return new DeploymentBuilder()
                .withNewMetadata().withName("b0").withGeneration(generation).endMetadata()
                .withNewSpec().withReplicas(2).endSpec()
                .withNewStatus().withObservedGeneration(observed).withAvailableReplicas(available).endStatus()
                .build();
    }
}
