package dev.buildline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker image as built from the Dockerfile (scripts/build-image.sh), run as a user would run it: {@code dev}
 * inside it, on the host network, building through the host's Docker socket into the registry on 127.0.0.1:5000.
 */
class ContainerImageIT {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String CONTAINER = "buildline-image-it-" + RUN;
    private static final long MEMORY_LIMIT = 1536L << 20;

    @TempDir
    static Path temp;
    private static TestRepo repo;
    private static int httpPort;
    private static boolean started;

    @BeforeAll
    static void start() throws Exception {
        Deployments.requireImages();
        Path repos = Deployments.readableByContainers(temp, "repos");
        repo = TestRepo.create(repos.resolve("app"));
        httpPort = Deployments.freePort();
        List<String> run = new ArrayList<>(List.of("run", "-d", "--name", CONTAINER, "--network", "host",
                "--memory", String.valueOf(MEMORY_LIMIT), "--group-add", String.valueOf(Deployments.dockerSocketGroup()),
                "-v", "/var/run/docker.sock:/var/run/docker.sock", "-v", repos + ":" + repos + ":ro",
                "-e", "BUILDLINE_HTTP_PORT=" + httpPort,
                "-e", "BUILDLINE_KAFKA_PORT=" + Deployments.freePort(),
                "-e", "BUILDLINE_WORKER_HTTP_PORT=" + Deployments.freePort(),
                "-e", "BUILDLINE_WEBHOOK_SECRET=" + TestStack.SECRET,
                "-e", "BUILDLINE_ALLOWED_REPOS=" + repo.url(),
                Deployments.WORKER_IMAGE, "dev"));
        Deployments.docker(run.toArray(String[]::new)).ok();
        started = true;
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
            String state = Deployments.docker("inspect", "-f", "{{.State.Status}}", CONTAINER).output().strip();
            if (!state.equals("running")) {
                throw new AssertionError("the container is " + state + ":\n" + Deployments.docker("logs", CONTAINER).output());
            }
            return ready();
        });
    }

    @AfterAll
    static void stop() throws Exception {
        if (started) {
            Deployments.docker("rm", "-f", CONTAINER);
        }
        if (repo != null) {
            repo.close();
        }
    }

    @Test
    void devInsideTheImageIsReadyAsItsOwnUserWithAClientButNoDaemon() throws Exception {
        HttpResponse<String> ready = Webhooks.get(httpPort, "/health/ready");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(ready.body()).contains("\"status\":\"ready\"");

        assertThat(Deployments.docker("exec", CONTAINER, "id", "-u").ok().output().strip()).isEqualTo("10001");
        assertThat(Deployments.docker("inspect", "-f", "{{.Config.User}}", Deployments.WORKER_IMAGE).ok().output()
                .strip()).isEqualTo("10001:10001");
        assertThat(Deployments.docker("exec", CONTAINER, "docker", "buildx", "version").ok().output())
                .contains("github.com/docker/buildx");
        Deployments.Result daemons = Deployments.docker("exec", CONTAINER, "sh", "-c",
                "command -v dockerd containerd buildkitd runc");
        assertThat(daemons.exitCode()).as("no daemon in the image: " + daemons.output()).isNotZero();
        // the image's own HEALTHCHECK reaches the same endpoint
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> Deployments
                .docker("inspect", "-f", "{{.State.Health.Status}}", CONTAINER).output().strip().equals("healthy"));
    }

    @Test
    void theHeapFollowsTheContainersMemoryLimit() throws Exception {
        // the JVM's default would be a quarter of the limit; the image's entrypoint gives it three quarters
        double heap = Webhooks.get(httpPort, "/metrics").body().lines()
                .filter(line -> line.startsWith("jvm_memory_max_bytes{area=\"heap\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .filter(max -> max > 0).sum();
        assertThat(heap / MEMORY_LIMIT).as("max heap %.0f bytes in a %d byte container", heap, MEMORY_LIMIT)
                .isBetween(0.6, 0.8);
    }

    @Test
    void signedPushToTheImageBuildsIntoTheRegistry() throws Exception {
        Deployments.pushBuildsIntoTheRegistry(httpPort, repo, "from-image-" + RUN, null);
    }

    private static boolean ready() {
        try {
            return Webhooks.get(httpPort, "/health/ready").statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }
}
