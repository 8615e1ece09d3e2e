package dev.buildline.common.config;

import java.util.List;

/** {@code images.<name>.buildKit}. */
public record BuildKitConfig(List<String> command, List<String> args, Boolean preferMinikube, InClusterConfig inCluster) {

    public static final List<String> DEFAULT_COMMAND = List.of("docker", "buildx");

    public BuildKitConfig {
        command = command == null || command.isEmpty() ? DEFAULT_COMMAND : List.copyOf(command);
        args = args == null ? List.of() : List.copyOf(args);
    }

    public static BuildKitConfig defaults() {
        return new BuildKitConfig(null, null, null, null);
    }

    /** Unset means true, as in DevSpace. */
    public boolean prefersMinikube() {
        return preferMinikube == null || preferMinikube;
    }
}
