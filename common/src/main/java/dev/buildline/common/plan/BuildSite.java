package dev.buildline.common.plan;

import dev.buildline.common.kube.KubeContext;
import java.util.Map;
import java.util.Optional;

/**
 * The facts about where a build runs that decide its argv: the kube context and namespace (both may be null when
 * there is no kubeconfig), whether the cluster says it is minikube, a forced skip-push, and the environment that
 * {@code minikube docker-env} printed (empty when not asked).
 */
public record BuildSite(String kubeContext, String namespace, boolean minikubeProvider, boolean forceSkipPush,
                        Map<String, String> minikubeEnv) {

    public static final String DEFAULT_NAMESPACE = "default";

    public BuildSite {
        minikubeEnv = minikubeEnv == null ? Map.of() : Map.copyOf(minikubeEnv);
    }

    public static BuildSite localDaemon() {
        return new BuildSite(null, null, false, false, Map.of());
    }

    /**
     * The site for a kube context (none when there is no kubeconfig); {@code namespace}, when not null, overrides the
     * context's namespace, as DevSpace's {@code --namespace} does.
     */
    public static BuildSite of(Optional<KubeContext> context, String namespace, boolean forceSkipPush) {
        String ns = namespace != null && !namespace.isEmpty() ? namespace : context.map(KubeContext::namespace).orElse(null);
        return new BuildSite(context.map(KubeContext::name).orElse(null), ns,
                context.map(KubeContext::minikubeProvider).orElse(false), forceSkipPush, Map.of());
    }

    /** The same site with the output of {@code minikube docker-env} for the build's environment. */
    public BuildSite withMinikubeEnv(Map<String, String> env) {
        return new BuildSite(kubeContext, namespace, minikubeProvider, forceSkipPush, env);
    }

    public boolean isMinikube() {
        return LocalClusters.isMinikube(kubeContext, minikubeProvider);
    }

    /** Contexts DevSpace treats as local clusters, whose images are never pushed. */
    public boolean isLocalCluster() {
        return LocalClusters.isLocal(kubeContext, minikubeProvider);
    }

    /** {@code kind-<name>} gives {@code <name>}; other contexts give null. */
    public String kindClusterName() {
        return LocalClusters.kindClusterName(kubeContext).orElse(null);
    }

    /** The namespace builds run in: the configured one, else Kubernetes' default. */
    public String namespaceOrDefault() {
        return namespace == null || namespace.isEmpty() ? DEFAULT_NAMESPACE : namespace;
    }
}
