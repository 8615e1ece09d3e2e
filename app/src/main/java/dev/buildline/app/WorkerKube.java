package dev.buildline.app;

import dev.buildline.app.cli.UsageException;
import dev.buildline.common.kube.KubeConfig;
import dev.buildline.common.kube.KubeContext;
import dev.buildline.common.plan.BuildSite;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.api.model.NamedExtension;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import java.io.File;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one reading of the kubeconfig a worker does: fabric8's {@link Config} for the chosen context
 * (BUILDLINE_KUBE_CONTEXT, else the kubeconfig's current context; a pod's service account when there is no
 * kubeconfig), the build site (skip-push, minikube, namespace) derived from that same context, and the client for
 * in-cluster builders made from that same config. So both always mean the same cluster.
 */
record WorkerKube(Config config, BuildSite site) {

    static final String CONTEXT = "BUILDLINE_KUBE_CONTEXT";
    static final String NAMESPACE = "BUILDLINE_NAMESPACE";

    /** Reads KUBECONFIG or ~/.kube/config (or the pod's service account) as fabric8 does, once. */
    static WorkerKube load(Map<String, String> env) {
        return load(env, null);
    }

    /** @param generated a kubeconfig the worker wrote for itself in a pod ({@code ServiceAccountKubeconfig}), or null */
    static WorkerKube load(Map<String, String> env, String generated) {
        String context = blankToNull(env.get(CONTEXT));
        return of(generated == null ? Config.autoConfigure(context) : Config.fromKubeconfig(context, new File(generated)),
                env);
    }

    static WorkerKube of(Config config, Map<String, String> env) {
        String chosen = blankToNull(env.get(CONTEXT));
        NamedContext context = config.getCurrentContext();
        if (chosen != null && (context == null || !chosen.equals(context.getName()))) {
            List<String> known = config.getContexts() == null ? List.of()
                    : config.getContexts().stream().map(NamedContext::getName).toList();
            throw new UsageException(CONTEXT + " names kube context " + chosen
                    + ", which the kubeconfig does not have (contexts: " + (known.isEmpty() ? "none"
                    : String.join(", ", known)) + ")");
        }
        Optional<KubeContext> site = Optional.ofNullable(context).map(named -> new KubeContext(named.getName(),
                named.getContext().getNamespace(), named.getContext().getCluster(), minikubeProvider(config, named)));
        String namespace = blankToNull(env.get(NAMESPACE));
        if (namespace == null && site.isEmpty()) {
            namespace = config.getNamespace(); // in a pod: its service account's namespace
        }
        return new WorkerKube(config, BuildSite.of(site, namespace, false));
    }

    /** A client for in-cluster builders, for the same context the site was derived from. */
    KubernetesClient client() {
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** minikube marks its clusters with an extension whose provider is minikube.sigs.k8s.io. */
    private static boolean minikubeProvider(Config config, NamedContext context) {
        File file = config.getFileWithCluster();
        if (file == null || context.getContext().getCluster() == null) {
            return false;
        }
        io.fabric8.kubernetes.api.model.Config parsed = KubeConfigUtils.parseConfig(file);
        if (parsed.getClusters() == null) {
            return false;
        }
        for (NamedCluster cluster : parsed.getClusters()) {
            if (!context.getContext().getCluster().equals(cluster.getName()) || cluster.getCluster() == null
                    || cluster.getCluster().getExtensions() == null) {
                continue;
            }
            for (NamedExtension extension : cluster.getCluster().getExtensions()) {
                if (extension.getExtension() instanceof Map<?, ?> fields
                        && KubeConfig.MINIKUBE_PROVIDER.equals(fields.get("provider"))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
