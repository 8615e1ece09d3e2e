package dev.buildline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.buildline.app.cli.UsageException;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One reading of the kubeconfig for a worker: with a current context (minikube) that differs from
 * BUILDLINE_KUBE_CONTEXT (a remote cluster, here fabric8's mock API server), the build site and the client for
 * in-cluster builders both mean BUILDLINE_KUBE_CONTEXT.
 */
@EnableKubernetesMockClient(crud = true)
class WorkerKubeIT {

    KubernetesMockServer server;
    KubernetesClient client;

    @TempDir
    Path temp;
    private String previous;

    @BeforeEach
    void kubeconfig() throws Exception {
        // shaped as minikube writes its context (cluster extension cluster_info, provider minikube.sigs.k8s.io)
        Path file = temp.resolve("config");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                current-context: minikube
                clusters:
                - name: minikube
                  cluster:
                    server: https://127.0.0.1:1
                    extensions:
                    - name: cluster_info
                      extension:
                        last-update: Mon, 30 Nov 2026 10:00:00 UTC
                        provider: minikube.sigs.k8s.io
                        version: v1.34.0
                - name: remote
                  cluster:
                    server: %s
                    insecure-skip-tls-verify: true
                contexts:
                - name: minikube
                  context:
                    cluster: minikube
                    user: minikube
                    namespace: default
                - name: remote
                  context:
                    cluster: remote
                    user: remote
                    namespace: team-b
                users:
                - name: minikube
                  user:
                    token: minikube-token
                - name: remote
                  user:
                    token: remote-token
                """.formatted(client.getConfiguration().getMasterUrl()));
        previous = System.setProperty(Config.KUBERNETES_KUBECONFIG_FILE, file.toString());
    }

    @AfterEach
    void restore() {
        if (previous == null) {
            System.clearProperty(Config.KUBERNETES_KUBECONFIG_FILE);
        } else {
            System.setProperty(Config.KUBERNETES_KUBECONFIG_FILE, previous);
        }
    }

    @Test
    void theSiteAndTheClientBothUseBuildlineKubeContextOverTheCurrentOne() {
        WorkerKube kube = WorkerKube.load(Map.of("BUILDLINE_KUBE_CONTEXT", "remote"));

        assertThat(kube.site().kubeContext()).isEqualTo("remote");
        assertThat(kube.site().namespace()).isEqualTo("team-b");
        assertThat(kube.site().isMinikube()).isFalse();
        assertThat(kube.site().isLocalCluster()).as("pushes: not a local cluster").isFalse();
        try (KubernetesClient chosen = kube.client()) {
            chosen.configMaps().inNamespace("team-b").resource(new ConfigMapBuilder().withNewMetadata()
                    .withName("written-by-the-worker").endMetadata().build()).create();
        }
        assertThat(client.configMaps().inNamespace("team-b").withName("written-by-the-worker").get())
                .as("the worker's client reached the cluster of BUILDLINE_KUBE_CONTEXT").isNotNull();
    }

    @Test
    void withoutBuildlineKubeContextBothUseTheCurrentContext() {
        WorkerKube kube = WorkerKube.load(Map.of());

        assertThat(kube.site().kubeContext()).isEqualTo("minikube");
        assertThat(kube.site().isMinikube()).isTrue();
        assertThat(kube.config().getMasterUrl()).startsWith("https://127.0.0.1:1");
    }

    @Test
    void aContextTheKubeconfigDoesNotHaveIsAClearError() {
        assertThatThrownBy(() -> WorkerKube.load(Map.of("BUILDLINE_KUBE_CONTEXT", "prod")))
                .isInstanceOf(UsageException.class)
                .hasMessage("BUILDLINE_KUBE_CONTEXT names kube context prod, which the kubeconfig does not have "
                        + "(contexts: minikube, remote)");
    }
}
