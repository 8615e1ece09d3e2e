package dev.buildline.worker.build;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment of every process a build starts (buildx, buildx create/inspect, minikube docker-env, kind load): of
 * the worker's own variables only the few {@link #INHERITED} ones that say where the Docker daemon, buildx's state, the
 * cluster and the registry credentials are; never a {@code BUILDLINE_*} variable, the git token, Kafka credentials or
 * anything else the worker was started with. buildx takes {@code --build-arg NAME} and {@code --secret id=NAME} values
 * from its environment, so whatever is not here cannot reach a build through them. On top come the worker's own
 * additions (KUBECONFIG in a pod) and the call's (minikube's docker-env, the repository's DOCKER_CONFIG, a granted
 * secret), which Buildline chose, not the repository.
 */
public final class ChildEnvironment {

    /**
     * The worker's variables a child may see: the search path and home; Docker's client settings (daemon, TLS,
     * credentials directory) and buildx's state directory; the kubeconfig; minikube's home, where its profiles are.
     */
    public static final List<String> INHERITED = List.of("PATH", "HOME", "DOCKER_CONFIG", "DOCKER_HOST",
            "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH", "BUILDX_CONFIG", "KUBECONFIG", "MINIKUBE_HOME");

    private ChildEnvironment() {
    }

    /**
     * @param worker the worker's environment (System.getenv())
     * @param base   what the worker adds to every child (KUBECONFIG it generated in a pod)
     * @param call   what this one call adds; wins over both
     */
    public static Map<String, String> of(Map<String, String> worker, Map<String, String> base,
                                         Map<String, String> call) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : INHERITED) {
            String value = worker.get(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        env.putAll(base);
        env.putAll(call);
        return env;
    }
}
