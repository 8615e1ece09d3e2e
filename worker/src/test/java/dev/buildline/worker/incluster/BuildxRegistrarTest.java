package dev.buildline.worker.incluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.buildline.common.config.InClusterConfig;
import dev.buildline.common.plan.BuildPlan;
import dev.buildline.worker.build.ProcessRunner;
import dev.buildline.worker.incluster.model.BuilderKey;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The buildx steps through the {@code command} override and a recording stand-in: argv and order, not builds. */
class BuildxRegistrarTest {

    private static final InClusterConfig ROOTLESS = new InClusterConfig(null, null, true, null, "pool=builders", false,
            false, false, List.of("--driver-opt", "replicas=2"));
    private static final BuilderKey KEY = new BuilderKey("team", "devspace-team");

    @TempDir
    Path bin;

    @Test
    void inspectsThenCreatesABuilderBuildxDoesNotKnow() throws Exception {
        // Given
        BuildPlan plan = InClusterPlans.plan(ROOTLESS, List.of(InClusterPlans.standInDocker(bin).toString(), "buildx"));

        // When
        new BuildxRegistrar().ensureRegistered(KEY, plan, deadline());

        // Then
        assertThat(InClusterPlans.calls(bin)).containsExactly(
                "buildx inspect devspace-team",
                "buildx create --driver kubernetes --driver-opt namespace=team --name devspace-team"
                        + " --driver-opt rootless=true --driver-opt nodeselector=pool=builders --driver-opt replicas=2");
    }

    @Test
    void givesBuildxTheWorkersKubeconfigForInspectAndCreate() throws Exception {
        // Given a worker in a pod, which wrote a kubeconfig from its service account (ServiceAccountKubeconfig)
        BuildPlan plan = InClusterPlans.plan(ROOTLESS, List.of(InClusterPlans.standInDocker(bin,
                "echo \"KUBECONFIG=$KUBECONFIG\" >> \"$dir/calls.log\"; touch \"$dir/created\"").toString(), "buildx"));

        // When
        ProcessRunner inAPod = new ProcessRunner(java.util.Map.of("KUBECONFIG",
                "/home/buildline/.kube/buildline-in-cluster"));
        new BuildxRegistrar(inAPod).ensureRegistered(KEY, plan, deadline());

        // Then the create that registers the kubernetes driver saw it
        assertThat(InClusterPlans.calls(bin)).containsExactly(
                "buildx inspect devspace-team",
                "buildx create --driver kubernetes --driver-opt namespace=team --name devspace-team"
                        + " --driver-opt rootless=true --driver-opt nodeselector=pool=builders --driver-opt replicas=2",
                "KUBECONFIG=/home/buildline/.kube/buildline-in-cluster");
    }

    @Test
    void onlyInspectsABuilderBuildxKnowsAndThenRemembersIt() throws Exception {
        // Given buildx knows the builder already (made by an earlier worker process)
        BuildPlan plan = InClusterPlans.plan(ROOTLESS, List.of(InClusterPlans.standInDocker(bin).toString(), "buildx"));
        new BuildxRegistrar().ensureRegistered(KEY, plan, deadline());
        BuildxRegistrar registrar = new BuildxRegistrar();

        // When two builds on this worker use it
        registrar.ensureRegistered(KEY, plan, deadline());
        registrar.ensureRegistered(KEY, plan, deadline());

        // Then one inspect, no create
        assertThat(InClusterPlans.calls(bin)).hasSize(3).last().isEqualTo("buildx inspect devspace-team");
    }

    @Test
    void usesTheWholeConfiguredCommandForInspect() throws Exception {
        BuildPlan plan = InClusterPlans.plan(ROOTLESS,
                List.of(InClusterPlans.standInDocker(bin).toString(), "--context", "ci", "buildx"));

        new BuildxRegistrar().ensureRegistered(KEY, plan, deadline());

        assertThat(InClusterPlans.calls(bin)).first().isEqualTo("--context ci buildx inspect devspace-team");
        assertThat(InClusterPlans.calls(bin).get(1)).startsWith("--context ci buildx create --driver kubernetes");
    }

    @Test
    void reportsTheCreateCommandItsExitCodeAndOutputWhenCreateFails() throws IOException {
        // Given a buildx that cannot create the builder
        Path docker = InClusterPlans.standInDocker(bin, "echo 'ERROR: no kubeconfig' >&2; exit 3");
        BuildPlan plan = InClusterPlans.plan(ROOTLESS, List.of(docker.toString(), "buildx"));

        // When / Then
        assertThatThrownBy(() -> new BuildxRegistrar().ensureRegistered(KEY, plan, deadline()))
                .isInstanceOfSatisfying(BuildxRegistrationException.class, e -> {
                    assertThat(e.argv()).isEqualTo(plan.createArgv());
                    assertThat(e.exitCode()).isEqualTo(3);
                })
                .hasMessageStartingWith("registering BuildKit builder devspace-team with buildx failed: " + docker
                        + " buildx create --driver kubernetes")
                .hasMessageEndingWith(" exited with 3: ERROR: no kubeconfig");
    }

    private static long deadline() {
        return System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    }
}
