package dev.buildline.common.kube;

/** A kubeconfig file that cannot be read as one. */
public final class InvalidKubeConfigException extends RuntimeException {

    public InvalidKubeConfigException(String file, String why, Throwable cause) {
        super("kubeconfig " + file + ": " + why, cause);
    }
}
