package dev.buildline.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.buildline.common.config.BuildKitConfig;
import dev.buildline.common.config.ImageConfig;
import dev.buildline.common.config.InClusterConfig;
import dev.buildline.common.messages.BuildEvent;
import dev.buildline.common.messages.BuildRequest;
import dev.buildline.common.messages.BuildStatus;
import dev.buildline.common.messages.Topics;
import dev.buildline.common.plan.BuildSite;
import dev.buildline.worker.WorkerSettings;
import dev.buildline.worker.incluster.FakeDeploymentController;
import dev.buildline.worker.incluster.model.BuildkitDeployment;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker's wiring of in-cluster builds on a real broker, against fabric8's Kubernetes mock server (the only
 * Kubernetes API available here; the test plays the Deployment controller). buildx itself is a recording stand-in
 * through {@code buildKit.command}: the subject is what runs in which order, not that images build (other ITs build
 * for real).
 */
@EnableKubernetesMockClient(crud = true)
class InClusterBuildIT {

    KubernetesClient client;

    @TempDir
    Path temp;
    private WorkerStack stack;
    private FakeDeploymentController controller;

    @AfterEach
    void stop() throws Exception {
        if (controller != null) {
            controller.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theBuilderDeploymentIsEnsuredAndRegisteredBeforeBuildxBuildsOnIt() throws Exception {
        Path calls = temp.resolve("calls.txt");
        Path buildx = temp.resolve("buildx-stand-in.sh");
        // inspect fails the first time (buildx does not know the builder yet), every other call succeeds
        Files.writeString(buildx, """
                #!/bin/sh
                echo "$*" >> %s
                if [ "$1" = inspect ] && [ "$(grep -c '^inspect' %s)" = 1 ]; then exit 1; fi
                if [ "$1" = build ]; then cat > /dev/null; echo "#1 built on the stand-in"; fi
                exit 0
                """.formatted(calls, calls));
        Files.setPosixFilePermissions(buildx, PosixFilePermissions.fromString("rwxr-xr-x"));
        controller = new FakeDeploymentController(client);
        stack = WorkerStack.start(temp, bootstrap -> WorkerSettings.defaults(bootstrap, Topics.defaults(),
                "incluster-workers", "incluster-worker", 2, temp.resolve("worker")),
                BuildSite.of(Optional.empty(), "team", false), () -> client);
        String commit = stack.repo().commit("in-cluster image", Map.of("Dockerfile", "FROM scratch\n", "a.txt", "a\n"));
        ImageConfig image = new ImageConfig("api", "registry.example/acme/api", null, null, null, null, null, null,
                true, null, new BuildKitConfig(List.of(buildx.toString()), null, null,
                new InClusterConfig("shared", "builds", false, null, null, false, false, false, List.of())));
        BuildRequest request = Requests.request(stack.repo().url(), commit, image, "v1");

        stack.requests().send(request);
        BuildEvent done = stack.events().awaitTerminal(request.buildId(), Duration.ofMinutes(2));

        assertThat(done.status()).as(String.valueOf(done.error())).isEqualTo(BuildStatus.SUCCEEDED);
        assertThat(Files.readAllLines(calls)).containsExactly(
                "inspect shared",
                "create --driver kubernetes --driver-opt namespace=builds --name shared",
                "build --tag registry.example/acme/api:v1 --load --file Dockerfile --builder shared -");
        assertThat(done.command()).containsExactly(buildx.toString(), "build", "--tag", "registry.example/acme/api:v1",
                "--load", "--file", "Dockerfile", "--builder", "shared", "-");
        Deployment builder = client.apps().deployments().inNamespace("builds").withName("shared0").get();
        assertThat(builder).as("the BuildKit Deployment buildx's kubernetes driver adopts").isNotNull();
        assertThat(builder.getMetadata().getAnnotations()).containsKey(BuildkitDeployment.HASH_ANNOTATION);
        assertThat(client.namespaces().withName("builds").get()).as("namespaces are the operator's: never created")
                .isNull();
    }

    @Test
    void aWorkerInAPodBuildsInItsOwnNamespaceWithTheKubeconfigItWrote() throws Exception {
        // Given a worker in a pod: the API server in its environment, a service account mounted, no kubeconfig
        Path serviceAccount = Files.createDirectories(temp.resolve("serviceaccount"));
        Files.writeString(serviceAccount.resolve("token"), "pod-token");
        Files.writeString(serviceAccount.resolve("ca.crt"), "");
        Files.writeString(serviceAccount.resolve("namespace"), "team-pod");
        Path home = Files.createDirectories(temp.resolve("home"));
        Settings.WorkerSite site = Settings.workerSite(Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1",
                "KUBERNETES_SERVICE_PORT", "443"), serviceAccount, home);
        Path calls = temp.resolve("calls.txt");
        Path buildx = temp.resolve("buildx-stand-in.sh");
        Files.writeString(buildx, """
                #!/bin/sh
                echo "$1 KUBECONFIG=$KUBECONFIG" >> %s
                if [ "$1" = inspect ] && [ "$(grep -c '^inspect' %s)" = 1 ]; then exit 1; fi
                if [ "$1" = build ]; then cat > /dev/null; fi
                exit 0
                """.formatted(calls, calls));
        Files.setPosixFilePermissions(buildx, PosixFilePermissions.fromString("rwxr-xr-x"));
        controller = new FakeDeploymentController(client);
        stack = WorkerStack.start(temp, bootstrap -> WorkerSettings.defaults(bootstrap, Topics.defaults(),
                "pod-workers", "pod-worker", 1, temp.resolve("worker")), site.site(), () -> client, site.processEnv());
        String commit = stack.repo().commit("in-cluster image", Map.of("Dockerfile", "FROM scratch\n"));
        ImageConfig image = new ImageConfig("api", "registry.example/acme/api", null, null, null, null, null, null,
                true, null, new BuildKitConfig(List.of(buildx.toString()), null, null,
                new InClusterConfig(null, null, false, null, null, false, false, false, List.of())));
        BuildRequest request = Requests.request(stack.repo().url(), commit, image, "v1");

        // When
        stack.requests().send(request);
        BuildEvent done = stack.events().awaitTerminal(request.buildId(), Duration.ofMinutes(2));

        // Then the builder is in the pod's namespace, and every buildx call had the written kubeconfig
        assertThat(done.status()).as(String.valueOf(done.error())).isEqualTo(BuildStatus.SUCCEEDED);
        String kubeconfig = home.resolve(".kube/buildline-in-cluster").toString();
        assertThat(site.site().namespace()).isEqualTo("team-pod");
        assertThat(Files.readAllLines(calls)).containsExactly("inspect KUBECONFIG=" + kubeconfig,
                "create KUBECONFIG=" + kubeconfig, "build KUBECONFIG=" + kubeconfig);
        assertThat(client.apps().deployments().inNamespace("team-pod").list().getItems()).hasSize(1);
    }
}
