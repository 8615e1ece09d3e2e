package dev.buildline.app.cli;

import dev.buildline.common.plan.ImagePlans.MinikubeEnv;
import dev.buildline.common.plan.LocalClusters;
import dev.buildline.worker.build.ProcessRunner;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code minikube docker-env --shell none --profile <ctx>} and parses what it prints, within a timeout that holds
 * however minikube behaves (killed when it passes).
 */
public final class MinikubeDockerEnv implements MinikubeEnv {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final ProcessRunner runner;
    private final String executable;
    private final Duration timeout;

    public MinikubeDockerEnv() {
        this(new ProcessRunner());
    }

    /** @param runner the worker's one process runner */
    public MinikubeDockerEnv(ProcessRunner runner) {
        this(runner, "minikube", TIMEOUT);
    }

    /** @param executable what runs in place of {@code minikube} */
    MinikubeDockerEnv(String executable, Duration timeout) {
        this(new ProcessRunner(), executable, timeout);
    }

    private MinikubeDockerEnv(ProcessRunner runner, String executable, Duration timeout) {
        this.runner = runner;
        this.executable = executable;
        this.timeout = timeout;
    }

    @Override
    public Map<String, String> forProfile(String profile) {
        List<String> argv = new ArrayList<>(LocalClusters.minikubeDockerEnvArgv(profile));
        argv.set(0, executable);
        String commandLine = String.join(" ", argv);
        try {
            ProcessRunner.Captured result = runner.run(argv, Map.of(), timeout);
            if (result.timedOut()) {
                throw new FailedException(commandLine, "did not finish within " + timeout.toSeconds()
                        + " s and was killed");
            }
            if (result.exitCode() != 0) {
                throw new FailedException(commandLine, "exit code " + result.exitCode() + ": "
                        + result.stderr().strip());
            }
            return LocalClusters.parseMinikubeDockerEnv(result.stdout());
        } catch (IOException e) {
            throw new FailedException(commandLine, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FailedException(commandLine, "interrupted");
        }
    }

    /** minikube could not say where its daemon is; the image cannot be built with it. */
    static final class FailedException extends RuntimeException {
        FailedException(String commandLine, String why) {
            super("'" + commandLine + "' failed: " + why
                    + "; set buildKit.preferMinikube: false to build with the local Docker daemon");
        }
    }
}
