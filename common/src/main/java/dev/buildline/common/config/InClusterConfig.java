package dev.buildline.common.config;

import java.util.List;

/** {@code images.<name>.buildKit.inCluster}; null strings mean "DevSpace's default". */
public record InClusterConfig(
        String name,
        String namespace,
        boolean rootless,
        String image,
        String nodeSelector,
        boolean noCreate,
        boolean noRecreate,
        boolean noLoad,
        List<String> createArgs) {

    public InClusterConfig {
        createArgs = createArgs == null ? List.of() : List.copyOf(createArgs);
    }

    /** The builder name DevSpace uses: {@code name}, else {@code devspace-<namespace>}. */
    public String builderName(String effectiveNamespace) {
        return name != null ? name : "devspace-" + effectiveNamespace;
    }

    /** The namespace the builder lives in: {@code namespace}, else the namespace of the build. */
    public String namespaceOr(String currentNamespace) {
        return namespace != null ? namespace : currentNamespace;
    }
}
