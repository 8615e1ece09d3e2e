package dev.buildline.common.plan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * DevSpace's rules for clusters that run on the developer's machine: which kube contexts are local (their images are
 * never pushed), when minikube's Docker daemon builds, and the commands that talk to minikube and kind.
 */
public final class LocalClusters {

    public static final String MINIKUBE_CONTEXT = "minikube";
    private static final String KIND_PREFIX = "kind-";
    private static final String VCLUSTER = "vcluster_";
    private static final String VCLUSTER_DOCKER_PREFIX = "vcluster-docker_";
    private static final Set<String> LOCAL_CONTEXTS = Set.of("docker-desktop", "docker-for-desktop", "orbstack");

    private LocalClusters() {
    }

    /**
     * DevSpace's IsMinikubeKubernetes (pkg/devspace/kubectl/util.go:238-268): the context is named minikube, or is a
     * vcluster context ({@code vcluster_...}) ending in minikube, or its cluster's extension provider is
     * minikube.sigs.k8s.io. Its images are built by minikube's daemon, asked with the context's name as profile.
     */
    public static boolean isMinikube(String kubeContext, boolean minikubeProvider) {
        return MINIKUBE_CONTEXT.equals(kubeContext) || minikubeProvider
                || kubeContext != null && kubeContext.contains(VCLUSTER) && kubeContext.endsWith(MINIKUBE_CONTEXT);
    }

    /**
     * DevSpace's IsLocalKubernetes (util.go:211-236): minikube as above; {@code kind-*}, {@code vcluster-docker_*},
     * orbstack, docker-desktop, docker-for-desktop; and vcluster contexts ({@code vcluster_...}) that end in
     * docker-desktop or docker-for-desktop or contain {@code kind-}.
     */
    public static boolean isLocal(String kubeContext, boolean minikubeProvider) {
        if (isMinikube(kubeContext, minikubeProvider)) {
            return true;
        }
        if (kubeContext == null) {
            return false;
        }
        if (kubeContext.startsWith(KIND_PREFIX) || kubeContext.startsWith(VCLUSTER_DOCKER_PREFIX)
                || LOCAL_CONTEXTS.contains(kubeContext)) {
            return true;
        }
        return kubeContext.contains(VCLUSTER) && (kubeContext.endsWith("docker-desktop")
                || kubeContext.endsWith("docker-for-desktop") || kubeContext.contains(KIND_PREFIX));
    }

    /** {@code kind-<name>} gives {@code <name>}. */
    public static Optional<String> kindClusterName(String kubeContext) {
        return kubeContext != null && kubeContext.startsWith(KIND_PREFIX) && kubeContext.length() > KIND_PREFIX.length()
                ? Optional.of(kubeContext.substring(KIND_PREFIX.length())) : Optional.empty();
    }

    /** Loads a built image into kind's nodes; DevSpace runs it per tag after a skip-push build and only logs failure. */
    public static List<String> kindLoadArgv(String cluster, String reference) {
        return List.of("kind", "load", "docker-image", "--name", cluster, reference);
    }

    /** Prints the environment that points the Docker CLI at minikube's daemon; the profile is the kube context. */
    public static List<String> minikubeDockerEnvArgv(String profile) {
        return List.of("minikube", "docker-env", "--shell", "none", "--profile", profile);
    }

    /**
     * Reads {@code minikube docker-env --shell none} output: KEY=VALUE lines, split at the first '=' so values that
     * contain '=' stay whole (DevSpace drops such lines); blank lines, comments and lines without a key are skipped.
     */
    public static Map<String, String> parseMinikubeDockerEnv(String output) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String raw : output.split("\r?\n")) {
            String line = raw.strip();
            int eq = line.indexOf('=');
            if (line.isEmpty() || line.startsWith("#") || eq <= 0) {
                continue;
            }
            env.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return env;
    }
}
