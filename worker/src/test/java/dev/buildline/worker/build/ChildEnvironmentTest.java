package dev.buildline.worker.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ChildEnvironmentTest {

    private static final Map<String, String> WORKER = Map.ofEntries(
            Map.entry("PATH", "/usr/bin:/bin"),
            Map.entry("HOME", "/home/buildline"),
            Map.entry("DOCKER_CONFIG", "/etc/buildline/docker"),
            Map.entry("BUILDX_CONFIG", "/home/buildline/.buildx"),
            Map.entry("BUILDLINE_GIT_TOKEN", "git-token"),
            Map.entry("BUILDLINE_REQUEST_KEY", "request-key"),
            Map.entry("BUILDLINE_WEBHOOK_SECRET", "webhook-secret"),
            Map.entry("BUILDLINE_KAFKA_SASL_JAAS_CONFIG", "password=\"kafka\""),
            Map.entry("KAFKA_PASSWORD", "kafka"),
            Map.entry("AWS_SECRET_ACCESS_KEY", "aws"),
            Map.entry("ACME_NPM_TOKEN", "npm-token"),
            Map.entry("JAVA_TOOL_OPTIONS", "-Dx=y"),
            Map.entry("LD_PRELOAD", "/tmp/evil.so"));

    static Stream<Arguments> environments() {
        return Stream.of(
                Arguments.of("only the worker's Docker, buildx, path and home", Map.of(), Map.of(), Map.of(
                        "PATH", "/usr/bin:/bin", "HOME", "/home/buildline", "DOCKER_CONFIG", "/etc/buildline/docker",
                        "BUILDX_CONFIG", "/home/buildline/.buildx")),
                Arguments.of("the worker's additions (KUBECONFIG in a pod)",
                        Map.of("KUBECONFIG", "/home/buildline/.kube/in-cluster"), Map.of(), Map.of(
                                "PATH", "/usr/bin:/bin", "HOME", "/home/buildline",
                                "DOCKER_CONFIG", "/etc/buildline/docker", "BUILDX_CONFIG", "/home/buildline/.buildx",
                                "KUBECONFIG", "/home/buildline/.kube/in-cluster")),
                Arguments.of("the call's own win: minikube's daemon, a repository's credentials, a granted secret",
                        Map.of(), Map.of("DOCKER_HOST", "tcp://192.168.49.2:2376", "DOCKER_TLS_VERIFY", "1",
                                "DOCKER_CONFIG", "/etc/buildline/registries/acme", "ACME_NPM_TOKEN", "npm-token"),
                        Map.of("PATH", "/usr/bin:/bin", "HOME", "/home/buildline",
                                "DOCKER_CONFIG", "/etc/buildline/registries/acme",
                                "BUILDX_CONFIG", "/home/buildline/.buildx", "DOCKER_HOST", "tcp://192.168.49.2:2376",
                                "DOCKER_TLS_VERIFY", "1", "ACME_NPM_TOKEN", "npm-token")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void environments(String name, Map<String, String> base, Map<String, String> call, Map<String, String> child) {
        assertThat(ChildEnvironment.of(WORKER, base, call)).containsExactlyInAnyOrderEntriesOf(child);
    }
}
