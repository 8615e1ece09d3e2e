package dev.buildline.worker.incluster.model;

import dev.buildline.common.config.InClusterConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything that defines one in-cluster builder, resolved from an image's {@code buildKit.inCluster} block.
 * {@code noCreate} and {@code noRecreate} are policy, not definition, so they stay out of {@link #hash()}.
 *
 * @param imageKey          the image's key under {@code images:}, used to name YAML paths in messages
 * @param explicitNamespace whether {@code inCluster.namespace} was set (Buildline never creates a namespace)
 */
public record BuilderSpec(String imageKey, BuilderKey key, boolean explicitNamespace, boolean rootless,
                          String buildkitImage, Map<String, String> nodeSelector, List<String> createArgs,
                          CreateArgs deploymentArgs, boolean noCreate, boolean noRecreate) {

    public static final String DEFAULT_IMAGE = "moby/buildkit:buildx-stable-1";
    public static final String DEFAULT_ROOTLESS_IMAGE = DEFAULT_IMAGE + "-rootless";

    public BuilderSpec {
        Objects.requireNonNull(key, "key");
        nodeSelector = Map.copyOf(nodeSelector);
        createArgs = List.copyOf(createArgs);
    }

    /**
     * @param name      the builder name the planner resolved ({@code inCluster.name} or {@code devspace-<namespace>})
     * @param namespace the namespace the planner resolved ({@code inCluster.namespace} or the current one)
     */
    public static BuilderSpec of(String imageKey, String name, String namespace, InClusterConfig config) {
        String image = config.image() != null && !config.image().isBlank() ? config.image()
                : config.rootless() ? DEFAULT_ROOTLESS_IMAGE : DEFAULT_IMAGE;
        return new BuilderSpec(imageKey, new BuilderKey(namespace, name), config.namespace() != null,
                config.rootless(), image, NodeSelector.parse(config.nodeSelector(), yamlPath(imageKey, "nodeSelector")),
                config.createArgs(), CreateArgs.parse(config.createArgs(), yamlPath(imageKey, "createArgs")),
                config.noCreate(), config.noRecreate());
    }

    public static String yamlPath(String imageKey, String option) {
        return "images." + imageKey + ".buildKit.inCluster." + option;
    }

    public String yamlPath(String option) {
        return yamlPath(imageKey, option);
    }

    /**
     * A digest of every option that defines the builder (DevSpace forgets createArgs; we do not). Each value is
     * length-prefixed so that no two different option sets can produce the same text.
     */
    public String hash() {
        StringBuilder canonical = new StringBuilder();
        append(canonical, "namespace", key.namespace());
        append(canonical, "name", key.name());
        append(canonical, "rootless", Boolean.toString(rootless));
        append(canonical, "image", buildkitImage);
        append(canonical, "nodeSelector", NodeSelector.format(nodeSelector));
        createArgs.forEach(arg -> append(canonical, "createArg", arg));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static void append(StringBuilder canonical, String field, String value) {
        canonical.append(field).append(':').append(value.length()).append(':').append(value).append('\n');
    }
}
