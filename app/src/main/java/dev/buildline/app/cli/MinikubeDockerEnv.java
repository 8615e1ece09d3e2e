package dev.buildline.app.cli;

import dev.buildline.common.plan.ImagePlans.MinikubeEnv;
import dev.buildline.common.plan.LocalClusters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs {@code minikube docker-env --shell none --profile <ctx>} and parses what it prints. */
public final class MinikubeDockerEnv implements MinikubeEnv {

    private static final long TIMEOUT_SECONDS = 30;

    @Override
    public Map<String, String> forProfile(String profile) {
        List<String> argv = LocalClusters.minikubeDockerEnvArgv(profile);
        String commandLine = String.join(" ", argv);
        try {
            Process process = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.PIPE).start();
            process.getOutputStream().close();
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(process, true));
            String stdout = readAll(process, false);
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new FailedException(commandLine, "did not finish within " + TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new FailedException(commandLine, "exit code " + process.exitValue() + ": "
                        + stderr.join().strip());
            }
            return LocalClusters.parseMinikubeDockerEnv(stdout);
        } catch (IOException e) {
            throw new FailedException(commandLine, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FailedException(commandLine, "interrupted");
        }
    }

    private static String readAll(Process process, boolean errorStream) {
        try {
            byte[] bytes = (errorStream ? process.getErrorStream() : process.getInputStream()).readAllBytes();
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
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
