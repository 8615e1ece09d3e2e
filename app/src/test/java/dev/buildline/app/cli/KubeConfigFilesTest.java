package dev.buildline.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeConfigFilesTest {

    // the shape `minikube start` writes (trimmed to what Buildline reads)
    private static final String MINIKUBE = """
            apiVersion: v1
            kind: Config
            current-context: dev-cluster
            clusters:
            - cluster:
                server: https://192.168.58.2:8443
              name: dev-cluster
            contexts:
            - context:
                cluster: dev-cluster
                namespace: team-a
                user: dev-cluster
              name: dev-cluster
            users: []
            """;

    @Test
    void kubeconfigListOrHomeDefault(@TempDir Path home) throws IOException {
        Path file = home.resolve("cfg");
        Files.writeString(file, MINIKUBE);

        assertThat(KubeConfigFiles.load(Map.of("KUBECONFIG", home.resolve("missing") + File.pathSeparator + file), home)
                .currentContext()).contains("dev-cluster");
        assertThat(KubeConfigFiles.load(Map.of(), home).currentContext()).isEmpty();
        assertThat(KubeConfigFiles.files(Map.of(), home)).containsExactly(home.resolve(".kube/config"));
    }
}
