package dev.buildline.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The deployment artifacts as a team runs them: the images scripts/build-image.sh builds from the Dockerfile (on a
 * base it makes from Debian packages, since nothing can be pulled here), the compose CLI and kustomize that
 * scripts/deploy-tools.sh installs from Debian, and one signed push checked end to end against whatever serves it.
 * The only skip: the Debian mirror cannot be reached to make what is not cached yet (the scripts exit 3 and say so).
 */
final class Deployments {

    static final String WORKER_IMAGE = "buildline-worker:local";
    static final String COORDINATOR_IMAGE = "buildline-coordinator:local";
    static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final int UNREACHABLE = 3;
    private static boolean imagesBuilt;
    private static boolean toolsInstalled;

    private Deployments() {
    }

    /** What a command printed (stdout and stderr together) and its exit code. */
    record Result(int exitCode, String output) {
        Result ok() {
            assertThat(exitCode).as(output).isZero();
            return this;
        }
    }

    /** Builds the images from the current jar once per test JVM (the bases are cached on the machine). */
    static synchronized void requireImages() throws Exception {
        BuildHost.require();
        if (!imagesBuilt) {
            script("scripts/build-image.sh");
            imagesBuilt = true;
        }
    }

    /** docker compose and kustomize, from Debian (installed once per machine). */
    static synchronized void requireTools() throws Exception {
        if (!toolsInstalled) {
            script("scripts/deploy-tools.sh");
            toolsInstalled = true;
        }
    }

    private static void script(String script) throws Exception {
        Result result = run(List.of(ROOT.resolve(script).toString()), Map.of(), Duration.ofMinutes(15));
        if (result.exitCode() == UNREACHABLE) {
            Assumptions.abort(script + ": " + lastLine(result.output()));
        }
        assertThat(result.exitCode()).as(script + " failed:\n" + result.output()).isZero();
    }

    static Result run(List<String> argv, Map<String, String> env, Duration timeout) throws Exception {
        Path output = Files.createTempFile("buildline-deploy-", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(argv).directory(ROOT.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError(argv + " did not finish within " + timeout + ":\n"
                        + Files.readString(output, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    static Result docker(String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("docker"));
        argv.addAll(List.of(args));
        return run(argv, Map.of(), Duration.ofMinutes(5));
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The group of the Docker socket, which the non-root worker joins to use it. */
    static int dockerSocketGroup() throws IOException {
        return (Integer) Files.getAttribute(Path.of("/var/run/docker.sock"), "unix:gid");
    }

    /**
     * {@code temp/name}, readable by a container's uid 10001 although the test JVM (root) made it: rwxr-xr-x on the
     * test's temporary directory (JUnit makes it owner-only) and on the new directory.
     */
    static Path readableByContainers(Path temp, String name) throws IOException {
        Path dir = Files.createDirectories(temp.resolve(name));
        for (Path p : List.of(temp, dir)) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return dir;
    }

    /**
     * Commits an image that RUNs and COPYs, sends its signed GitHub push to the coordinator on {@code port}, and
     * checks what a user sees: the build {@code succeeded} through the API, its digest is the registry's for the tag,
     * and the image holds the files. Returns the build as the API shows it.
     */
    /** @param apiToken the deployment's BUILDLINE_API_TOKEN, or null when its API is open (dev on loopback) */
    static JsonNode pushBuildsIntoTheRegistry(int port, TestRepo repo, String imageName, String apiToken)
            throws Exception {
        String image = BuildHost.REGISTRY + "/buildline-it/" + imageName;
        String commit = repo.commit("an image built by the deployed Buildline", Map.of(
                "devspace.yaml", """
                        version: v2beta1
                        images:
                          app:
                            image: %s
                            context: ./app
                            dockerfile: ./app/Dockerfile
                            network: none
                            buildKit: {}
                        """.formatted(image),
                "app/Dockerfile", "FROM " + BuildHost.BASE_IMAGE + "\nRUN echo built-in-a-container > /built.txt\n"
                        + "COPY hello.txt /hello.txt\n",
                "app/hello.txt", "hello from a deployed buildline\n"));
        String body = Webhooks.pushPayload(repo.url(), "it/deployed", "refs/heads/main", "0".repeat(40), commit);

        HttpResponse<String> accepted = Webhooks.postGithub(port, "push", Webhooks.sign(TestStack.SECRET, body), body);

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode done = Webhooks.awaitTerminal(port, Webhooks.builds(accepted.body()).get("app"), apiToken);
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("succeeded");
        String tag = done.path("tags").get(0).asText();
        assertThat(tag).startsWith(image + ":");
        assertThat(done.path("digest").asText()).startsWith("sha256:").isEqualTo(Webhooks.registryDigest(tag));
        assertThat(RegistryImages.files(tag))
                .containsEntry("hello.txt", "hello from a deployed buildline\n")
                .containsEntry("built.txt", "built-in-a-container\n");
        return done;
    }

    private static String lastLine(String output) {
        String[] lines = output.strip().split("\n");
        return lines[lines.length - 1];
    }
}
