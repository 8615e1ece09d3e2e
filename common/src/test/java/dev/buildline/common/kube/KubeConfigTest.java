package dev.buildline.common.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KubeConfigTest {

    private static final String MINIKUBE = """
            apiVersion: v1
            kind: Config
            current-context: dev-cluster
            clusters:
            - cluster:
                server: https://192.168.58.2:8443
                extensions:
                - extension:
                    last-update: Mon, 01 Jan 2024 10:00:00 UTC
                    provider: minikube.sigs.k8s.io
                    version: v1.32.0
                  name: cluster_info
              name: dev-cluster
            - cluster:
                server: https://prod.example.com
              name: prod
            contexts:
            - context:
                cluster: dev-cluster
                namespace: team-a
                user: dev-cluster
              name: dev-cluster
            - context:
                cluster: prod
                user: admin
              name: prod
            users: []
            """;

    @Test
    void currentContextWithItsNamespaceAndMinikubeProvider() {
        KubeConfig config = KubeConfig.parse(Map.of("config", MINIKUBE));

        assertThat(config.context(null)).contains(new KubeContext("dev-cluster", "team-a", "dev-cluster", true));
    }

    @Test
    void aNamedContextOverridesTheCurrentOne() {
        KubeConfig config = KubeConfig.parse(Map.of("config", MINIKUBE));

        assertThat(config.context("prod")).contains(new KubeContext("prod", null, "prod", false));
        assertThat(config.context("kind-dev")).contains(new KubeContext("kind-dev", null, null, false));
    }

    @Test
    void filesMergeFirstWins() {
        Map<String, String> documents = new LinkedHashMap<>();
        documents.put("a", "contexts:\n- name: prod\n  context: {cluster: prod, namespace: first}\n");
        documents.put("b", MINIKUBE);

        KubeConfig config = KubeConfig.parse(documents);

        assertThat(config.currentContext()).contains("dev-cluster");
        assertThat(config.context("prod").orElseThrow().namespace()).isEqualTo("first");
    }

    @Test
    void brokenYamlNamesTheFile() {
        assertThatThrownBy(() -> KubeConfig.parse(Map.of("/home/dev/.kube/config", "contexts: [")))
                .isInstanceOf(InvalidKubeConfigException.class)
                .hasMessageStartingWith("kubeconfig /home/dev/.kube/config: not valid YAML");
    }
}
