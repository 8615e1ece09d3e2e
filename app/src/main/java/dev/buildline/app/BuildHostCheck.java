package dev.buildline.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Tells, before any build is claimed, whether this machine has a Docker daemon and the buildx plugin. */
public final class BuildHostCheck {

    private BuildHostCheck() {
    }

    /** Null when both answer; otherwise what is missing and how to get it. */
    public static String problem() {
        String buildx = run(List.of("docker", "buildx", "version"));
        if (buildx != null) {
            return "the docker CLI with the buildx plugin is needed to build images (" + buildx
                    + "); install docker and docker-buildx, or run scripts/build-host.sh on Debian";
        }
        String daemon = run(List.of("docker", "info", "--format", "{{.ServerVersion}}"));
        if (daemon != null) {
            return "no Docker daemon answers (" + daemon + "); start dockerd, or run scripts/build-host.sh on Debian";
        }
        return null;
    }

    private static String run(List<String> argv) {
        try {
            Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return String.join(" ", argv) + " did not answer in 20 s";
            }
            if (process.exitValue() != 0) {
                String text = new String(output, StandardCharsets.UTF_8).strip();
                return String.join(" ", argv) + " failed: " + text.lines().reduce((first, second) -> second).orElse("");
            }
            return null;
        } catch (IOException e) {
            return argv.get(0) + " not found";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
