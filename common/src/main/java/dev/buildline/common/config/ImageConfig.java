package dev.buildline.common.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code images.<name>} entry with DevSpace's defaults applied. Paths are as written in devspace.yaml,
 * relative to the directory that holds it.
 */
public record ImageConfig(
        String name,
        String image,
        List<String> tags,
        String dockerfile,
        String context,
        Map<String, String> buildArgs,
        String target,
        String network,
        boolean skipPush,
        RebuildStrategy rebuildStrategy,
        BuildKitConfig buildKit) {

    public static final String DEFAULT_DOCKERFILE = "./Dockerfile";
    public static final String DEFAULT_CONTEXT = "./";

    public ImageConfig {
        tags = tags == null ? List.of() : List.copyOf(tags);
        dockerfile = dockerfile == null ? DEFAULT_DOCKERFILE : dockerfile;
        context = context == null ? DEFAULT_CONTEXT : context;
        // null values are legal (DevSpace skips them), so no Map.copyOf here
        buildArgs = buildArgs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(buildArgs));
        rebuildStrategy = rebuildStrategy == null ? RebuildStrategy.DEFAULT : rebuildStrategy;
        buildKit = buildKit == null ? BuildKitConfig.defaults() : buildKit;
    }

    public boolean inCluster() {
        return buildKit.inCluster() != null;
    }
}
