package dev.buildline.app;

import dev.buildline.worker.build.ProcessRunner;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Tells, before any build is claimed (and on every readiness probe), whether this machine has a Docker daemon and the
 * buildx plugin. Each command gets a timeout that holds however it behaves: a hung daemon is killed and reported.
 */
public final class BuildHostCheck {

    static final Duration TIMEOUT = Duration.ofSeconds(20);

    private BuildHostCheck() {
    }

    /** Null when both answer; otherwise what is missing and how to get it. */
    public static String problem() {
        return problem(List.of("docker"), TIMEOUT);
    }

    /** @param docker the docker CLI's argv prefix */
    static String problem(List<String> docker, Duration timeout) {
        String buildx = run(docker, List.of("buildx", "version"), timeout);
        if (buildx != null) {
            return "the docker CLI with the buildx plugin is needed to build images (" + buildx
                    + "); install docker and docker-buildx, or run scripts/build-host.sh on Debian";
        }
        String daemon = run(docker, List.of("info", "--format", "{{.ServerVersion}}"), timeout);
        if (daemon != null) {
            return "no Docker daemon answers (" + daemon + "); start dockerd, or run scripts/build-host.sh on Debian";
        }
        return null;
    }

    private static String run(List<String> docker, List<String> args, Duration timeout) {
        List<String> argv = new ArrayList<>(docker);
        argv.addAll(args);
        String commandLine = String.join(" ", argv);
        try {
            ProcessRunner.Captured result = new ProcessRunner().run(argv, Map.of(), timeout);
            if (result.timedOut()) {
                return commandLine + " did not answer in " + timeout.toSeconds() + " s and was killed";
            }
            if (result.exitCode() != 0) {
                String text = (result.stdout() + result.stderr()).strip();
                return commandLine + " failed: " + text.lines().reduce((first, second) -> second).orElse("");
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
