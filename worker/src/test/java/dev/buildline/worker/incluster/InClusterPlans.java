package dev.buildline.worker.incluster;

import dev.buildline.common.config.BuildKitConfig;
import dev.buildline.common.config.ImageConfig;
import dev.buildline.common.config.InClusterConfig;
import dev.buildline.common.plan.BuildPlan;
import dev.buildline.common.plan.BuildSite;
import dev.buildline.common.plan.BuildxPlanner;
import dev.buildline.common.plan.ContextLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/** Plans for image {@code backend} built in-cluster from namespace {@code team}, as the worker would get them. */
final class InClusterPlans {

    static final String CURRENT_NAMESPACE = "team";

    private InClusterPlans() {
    }

    static InClusterConfig config(String image, boolean noCreate, boolean noRecreate) {
        return new InClusterConfig(null, null, false, image, null, noCreate, noRecreate, false, List.of());
    }

    static BuildPlan plan(InClusterConfig inCluster, List<String> command) {
        ImageConfig image = new ImageConfig("backend", "john/backend", List.of("v1"), null, null, null, null, null,
                false, null, new BuildKitConfig(command, null, null, inCluster));
        return BuildxPlanner.plan(image, new BuildSite("prod", CURRENT_NAMESPACE, false, false, Map.of()),
                List.of("v1"), ContextLayout.of("", "./", "./Dockerfile"));
    }

    /**
     * A stand-in for {@code docker}: appends its argv as one line to {@code calls.log}; {@code buildx inspect} fails
     * until {@code buildx create} has run, as with a buildx that does not know the builder yet.
     */
    static Path standInDocker(Path dir) throws IOException {
        return standInDocker(dir, "touch \"$dir/created\"");
    }

    /** As {@link #standInDocker(Path)}, with {@code onCreate} as the shell body of {@code buildx create}. */
    static Path standInDocker(Path dir, String onCreate) throws IOException {
        Path script = dir.resolve("docker");
        Files.writeString(script, """
                #!/bin/sh
                dir=$(dirname "$0")
                echo "$*" >> "$dir/calls.log"
                case " $* " in
                  *" inspect "*) [ -f "$dir/created" ] || { echo "ERROR: no builder found" >&2; exit 1; } ;;
                  *" create "*) %s ;;
                esac
                exit 0
                """.formatted(onCreate));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    static List<String> calls(Path dir) throws IOException {
        Path log = dir.resolve("calls.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }
}
