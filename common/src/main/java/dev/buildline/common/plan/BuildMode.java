package dev.buildline.common.plan;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where an image is built: the local Docker daemon, minikube's daemon, or a BuildKit Deployment in the cluster. */
public enum BuildMode {
    LOCAL("local"),
    MINIKUBE("minikube"),
    IN_CLUSTER("in-cluster");

    private final String wireName;

    BuildMode(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }
}
