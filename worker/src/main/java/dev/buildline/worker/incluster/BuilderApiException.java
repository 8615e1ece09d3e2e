package dev.buildline.worker.incluster;

import dev.buildline.worker.incluster.model.BuilderKey;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** A Kubernetes API call for the builder failed (RBAC, admission, connectivity); names the call and the HTTP code. */
public final class BuilderApiException extends InClusterBuilderException {

    private final int code;

    BuilderApiException(BuilderKey builder, String action, KubernetesClientException cause) {
        super(builder, action + " for BuildKit builder " + builder.name() + " in namespace " + builder.namespace()
                + " failed" + (cause.getCode() > 0 ? " with HTTP " + cause.getCode() : "") + ": " + cause.getMessage(), cause);
        this.code = cause.getCode();
    }

    public int code() {
        return code;
    }
}
