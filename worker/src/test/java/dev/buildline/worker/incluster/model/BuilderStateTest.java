package dev.buildline.worker.incluster.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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

    private static final Deployment DESIRED = BuildkitDeployment.desired(BuilderSpec.of("app", "devspace-team",
            "team", new dev.buildline.common.config.InClusterConfig(null, null, false, null, null, false, false, false,
                    java.util.List.of())));

    static Stream<Arguments> owners() {
        Map<String, String> ours = Map.of(BuildkitDeployment.MANAGED_BY_LABEL, "buildline");
        Map<String, String> forTeam = Map.of(BuildkitDeployment.BUILDER_ANNOTATION, "team/devspace-team");
        return Stream.of(
                Arguments.of("made by Buildline for this builder", ours, forTeam, true),
                Arguments.of("what desired() makes", DESIRED.getMetadata().getLabels(),
                        DESIRED.getMetadata().getAnnotations(), true),
                Arguments.of("no labels or annotations (someone else's)", null, null, false),
                Arguments.of("managed by another tool", Map.of(BuildkitDeployment.MANAGED_BY_LABEL, "helm"), forTeam,
                        false),
                Arguments.of("Buildline's, without the builder annotation", ours, Map.of(), false),
                Arguments.of("Buildline's, for a builder in another namespace", ours,
                        Map.of(BuildkitDeployment.BUILDER_ANNOTATION, "other/devspace-team"), false),
                Arguments.of("Buildline's, for another builder name", ours,
                        Map.of(BuildkitDeployment.BUILDER_ANNOTATION, "team/devspace-team-2"), false),
                Arguments.of("the annotation without the label", null, forTeam, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void owners(String name, Map<String, String> labels, Map<String, String> annotations, boolean own) {
        Deployment deployment = new DeploymentBuilder().withNewMetadata().withName("devspace-team0")
                .withNamespace("team").withLabels(labels).withAnnotations(annotations).endMetadata().build();

        assertThat(BuilderState.isOwn(deployment, new BuilderKey("team", "devspace-team"))).isEqualTo(own);
    }

    private static Deployment deployment(long generation, long observed, int available) {
        return new DeploymentBuilder()
                .withNewMetadata().withName("b0").withGeneration(generation).endMetadata()
                .withNewSpec().withReplicas(2).endSpec()
                .withNewStatus().withObservedGeneration(observed).withAvailableReplicas(available).endStatus()
                .build();
    }
}
