package dev.buildline.app;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The build host (dockerd, buildx, registry on 127.0.0.1:5000) that scripts/build-host.sh sets up. Tests skip, with the
 * script's reason, only when the script recorded that this machine cannot run one; otherwise a missing part fails them.
 */
final class BuildHost {

    static final String REGISTRY = "127.0.0.1:5000";
    static final String BASE_IMAGE = REGISTRY + "/busybox:local";
    private static final Path UNAVAILABLE = Path.of(System.getenv().getOrDefault("BUILDLINE_HOST_STATE",
            "/var/lib/buildline-host"), "unavailable");

    private BuildHost() {
    }

    static void require() throws Exception {
        if (Files.exists(UNAVAILABLE)) {
            Assumptions.abort("build host unavailable: " + Files.readString(UNAVAILABLE).strip());
        }
        String problem = BuildHostCheck.problem();
        if (problem != null) {
            throw new AssertionError("run scripts/build-host.sh first: " + problem);
        }
    }
}
