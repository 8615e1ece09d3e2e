package dev.buildline.common.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code images.<name>} entry with DevSpace's defaults applied. Paths are as written in devspace.yaml,
 * relative to the directory that holds it. {@code entrypoint} and {@code cmd} are null when not written (an empty
 * list is written and means something: see {@link dev.buildline.common.plan.DockerfileEdits}). The fields that
 * change the Dockerfile are left out of the JSON when unset, so the config hash of an image without them is the same
 * as before they existed.
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
        BuildKitConfig buildKit,
        List<String> entrypoint,
        List<String> cmd,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> appendDockerfileInstructions) {

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
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
        cmd = cmd == null ? null : List.copyOf(cmd);
        appendDockerfileInstructions = appendDockerfileInstructions == null ? List.of()
                : List.copyOf(appendDockerfileInstructions);
    }

    /** An image that does not change its Dockerfile. */
    public ImageConfig(String name, String image, List<String> tags, String dockerfile, String context,
                       Map<String, String> buildArgs, String target, String network, boolean skipPush,
                       RebuildStrategy rebuildStrategy, BuildKitConfig buildKit) {
        this(name, image, tags, dockerfile, context, buildArgs, target, network, skipPush, rebuildStrategy, buildKit,
                null, null, null);
    }

    public boolean inCluster() {
        return buildKit.inCluster() != null;
    }
}
