package dev.buildline.common.plan;

import java.util.Map;

/**
 * The facts about where a build runs that decide its argv: the kube context and namespace (both may be null when
 * there is no kubeconfig), whether the cluster says it is minikube, a forced skip-push, and the environment that
 * {@code minikube docker-env} printed (empty when not asked).
 */
public record BuildSite(String kubeContext, String namespace, boolean minikubeProvider, boolean forceSkipPush,
                        Map<String, String> minikubeEnv) {

    public BuildSite {
        minikubeEnv = minikubeEnv == null ? Map.of() : Map.copyOf(minikubeEnv);
    }

    public static BuildSite localDaemon() {
        return new BuildSite(null, null, false, false, Map.of());
    }

    public boolean isMinikube() {
        return "minikube".equals(kubeContext) || minikubeProvider;
    }

    /** Contexts DevSpace treats as local clusters, whose images are never pushed. */
    public boolean isLocalCluster() {
        return kubeContext != null && (kubeContext.equals("minikube") || kubeContext.startsWith("kind-")
                || kubeContext.equals("docker-desktop") || kubeContext.equals("docker-for-desktop")
                || kubeContext.equals("orbstack"));
    }

    /** {@code kind-<name>} gives {@code <name>}; other contexts give null. */
    public String kindClusterName() {
        return kubeContext != null && kubeContext.startsWith("kind-") ? kubeContext.substring("kind-".length()) : null;
    }

    public String namespaceOrDefault() {
        return namespace == null || namespace.isEmpty() ? "default" : namespace;
    }
}
