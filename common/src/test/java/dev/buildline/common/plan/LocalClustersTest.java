package dev.buildline.common.plan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LocalClustersTest {

    /** DevSpace's IsLocalKubernetes and IsMinikubeKubernetes (pkg/devspace/kubectl/util.go:211-268). */
    @ParameterizedTest(name = "{0} (minikube provider {1}): local {2}, minikube {3}")
    @CsvSource({
            "minikube, false, true, true",
            "dev-cluster, true, true, true",
            "kind-dev, false, true, false",
            "docker-desktop, false, true, false",
            "docker-for-desktop, false, true, false",
            "orbstack, false, true, false",
            "kind-, false, true, false",
            "vcluster-docker_dev, false, true, false",
            "vcluster_dev_team_docker-desktop, false, true, false",
            "vcluster_dev_team_docker-for-desktop, false, true, false",
            "vcluster_dev_team_kind-local, false, true, false",
            "vcluster_dev_team_minikube, false, true, true",
            "vcluster_dev_team_gke_acme_prod, false, false, false",
            "vcluster-docker, false, false, false",
            "my-docker-desktop, false, false, false",
            "gke_acme_prod, false, false, false",
            ", false, false, false"})
    void localAndMinikubeContexts(String context, boolean provider, boolean local, boolean minikube) {
        assertThat(LocalClusters.isLocal(context, provider)).isEqualTo(local);
        assertThat(LocalClusters.isMinikube(context, provider)).isEqualTo(minikube);
    }

    @Test
    void kindLoadNamesTheClusterAfterKindPrefix() {
        assertThat(LocalClusters.kindClusterName("kind-dev")).contains("dev");
        assertThat(LocalClusters.kindLoadArgv("dev", "john/app:abc"))
                .containsExactly("kind", "load", "docker-image", "--name", "dev", "john/app:abc");
    }

    @Test
    void minikubeDockerEnvIsAskedForTheContextsProfile() {
        assertThat(LocalClusters.minikubeDockerEnvArgv("dev-cluster"))
                .containsExactly("minikube", "docker-env", "--shell", "none", "--profile", "dev-cluster");
    }

    @Test
    void dockerEnvKeepsValuesWithEqualsSigns() {
        String output = "DOCKER_HOST=tcp://192.168.49.2:2376\r\n\n# comment\nNO_VALUE\n=orphan\nOPTS=a=b=c\nEMPTY=\n";

        assertThat(LocalClusters.parseMinikubeDockerEnv(output)).containsExactly(
                java.util.Map.entry("DOCKER_HOST", "tcp://192.168.49.2:2376"),
                java.util.Map.entry("OPTS", "a=b=c"),
                java.util.Map.entry("EMPTY", ""));
    }
}
