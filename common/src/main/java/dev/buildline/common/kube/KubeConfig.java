package dev.buildline.common.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of kubeconfig that decide how DevSpace builds: the current context, each context's namespace and
 * cluster, and each cluster's extension provider. Files merge as kubectl merges them: the first file that sets a
 * value wins. Reading the files is the launcher's job ({@code KubeConfigFiles} in app): this class only parses.
 */
public final class KubeConfig {

    public static final String MINIKUBE_PROVIDER = "minikube.sigs.k8s.io";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final String currentContext;
    private final Map<String, JsonNode> contexts;
    private final Map<String, JsonNode> clusters;

    private KubeConfig(String currentContext, Map<String, JsonNode> contexts, Map<String, JsonNode> clusters) {
        this.currentContext = currentContext;
        this.contexts = contexts;
        this.clusters = clusters;
    }

    /** No kubeconfig at all. */
    public static KubeConfig empty() {
        return new KubeConfig(null, Map.of(), Map.of());
    }

    /** Merges kubeconfig documents given as file name → YAML text, in order. */
    public static KubeConfig parse(Map<String, String> documents) {
        String current = null;
        Map<String, JsonNode> contexts = new HashMap<>();
        Map<String, JsonNode> clusters = new HashMap<>();
        for (Map.Entry<String, String> document : documents.entrySet()) {
            JsonNode root;
            try {
                root = YAML.readTree(document.getValue());
            } catch (JsonProcessingException e) {
                throw new InvalidKubeConfigException(document.getKey(), "not valid YAML: " + e.getOriginalMessage(), e);
            }
            if (root == null || !root.isObject()) {
                continue;
            }
            String fileCurrent = root.path("current-context").asText("");
            if (current == null && !fileCurrent.isEmpty()) {
                current = fileCurrent;
            }
            named(root.path("contexts"), "context").forEach(contexts::putIfAbsent);
            named(root.path("clusters"), "cluster").forEach(clusters::putIfAbsent);
        }
        return new KubeConfig(current, Map.copyOf(contexts), Map.copyOf(clusters));
    }

    public Optional<String> currentContext() {
        return Optional.ofNullable(currentContext);
    }

    /**
     * The context named {@code name}, or the current context when {@code name} is null. A named context that the
     * kubeconfig does not define is still returned, with no namespace and no provider, since its name alone decides
     * whether the cluster is local.
     */
    public Optional<KubeContext> context(String name) {
        String wanted = name != null ? name : currentContext;
        if (wanted == null) {
            return Optional.empty();
        }
        JsonNode context = contexts.get(wanted);
        if (context == null) {
            return Optional.of(new KubeContext(wanted, null, null, false));
        }
        String namespace = context.path("namespace").asText("");
        String cluster = context.path("cluster").asText("");
        boolean minikube = false;
        for (JsonNode extension : clusters.getOrDefault(cluster, YAML.missingNode()).path("extensions")) {
            minikube |= MINIKUBE_PROVIDER.equals(extension.path("extension").path("provider").asText(""));
        }
        return Optional.of(new KubeContext(wanted, namespace.isEmpty() ? null : namespace,
                cluster.isEmpty() ? null : cluster, minikube));
    }

    /** {@code [{name: n, <field>: {...}}]} → n → the inner mapping; first definition wins. */
    private static Map<String, JsonNode> named(JsonNode list, String field) {
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        for (JsonNode item : list) {
            String name = item.path("name").asText("");
            if (!name.isEmpty() && item.path(field).isObject()) {
                byName.putIfAbsent(name, item.path(field));
            }
        }
        return byName;
    }
}
