package dev.buildline.common.kube;

/**
 * One kubeconfig context as far as a build cares: its name, its namespace (null when the context sets none), its
 * cluster's name, and whether that cluster says it was made by minikube.
 */
public record KubeContext(String name, String namespace, String cluster, boolean minikubeProvider) {
}
