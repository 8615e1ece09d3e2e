package dev.buildline.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker-compose.yml through Debian's compose CLI: the file users run validates as it is, and the stack (with
 * scripts/compose-host-network.yml for this machine: host network, the locally built images, Kafka as Buildline's
 * {@code kafka} command) comes up healthy, builds a signed push into the registry, and goes down leaving nothing.
 */
class ComposeIT {

    private static final String PROJECT = "buildline-it-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String USER_FILE = "docker-compose.yml";
    private static final String HOST_NETWORK = "scripts/compose-host-network.yml";
    private static final String API_TOKEN = "compose-it-token-" + UUID.randomUUID();

    @TempDir
    static Path temp;
    private static TestRepo repo;
    private static Map<String, String> env;
    private static boolean up;

    @BeforeAll
    static void tools() throws Exception {
        Deployments.requireTools();
        Deployments.requireImages();
        Path repos = Deployments.readableByContainers(temp, "repos");
        repo = TestRepo.create(repos.resolve("app"));
        env = new HashMap<>(Map.of(
                "BUILDLINE_WEBHOOK_SECRET", TestStack.SECRET,
                "BUILDLINE_API_TOKEN", API_TOKEN,
                "BUILDLINE_REQUEST_KEY", Requests.KEY_TEXT,
                "BUILDLINE_ALLOWED_REPOS", repo.url(),
                "BUILDLINE_ALLOWED_IMAGES", BuildHost.REGISTRY + "/buildline-it/",
                "DOCKER_GID", String.valueOf(Deployments.dockerSocketGroup()),
                "BUILDLINE_COMPOSE_KAFKA_PORT", String.valueOf(Deployments.freePort()),
                "BUILDLINE_COMPOSE_HTTP_PORT", String.valueOf(Deployments.freePort()),
                "BUILDLINE_COMPOSE_WORKER_PORT", String.valueOf(Deployments.freePort()),
                "BUILDLINE_COMPOSE_REPOS", repos.toString()));
    }

    @AfterAll
    static void down() throws Exception {
        if (up) {
            compose(HOST_NETWORK, "down", "--volumes", "--remove-orphans", "--timeout", "30");
        }
        if (repo != null) {
            repo.close();
        }
    }

    @Test
    void theFileUsersRunIsValidAndNamesWhatIsMissing() throws Exception {
        Deployments.Result config = compose(null, "config", "--format", "json").ok();
        assertThat(config.output()).contains("\"apache/kafka:4.1.1\"", "\"registry:2\"",
                "\"condition\": \"service_healthy\"", "\"restart\": \"unless-stopped\"", "kafka-data", "worker-data",
                "/var/run/docker.sock");

        // the dashboard's port is published on this machine alone
        assertThat(config.output()).contains("\"host_ip\": \"127.0.0.1\"").doesNotContain("\"host_ip\": \"0.0.0.0\"");

        for (String required : List.of("BUILDLINE_WEBHOOK_SECRET", "BUILDLINE_API_TOKEN")) {
            Map<String, String> unset = new HashMap<>(env);
            unset.remove(required);
            Deployments.Result missing = Deployments.run(List.of("docker", "compose", "-p", PROJECT, "-f", USER_FILE,
                    "config", "--quiet"), unset, Duration.ofMinutes(1));
            assertThat(missing.exitCode()).as(required).isNotZero();
            assertThat(missing.output()).contains(required);
        }
    }

    @Test
    void theStackBuildsASignedPushAndGoesDownLeavingNothing() throws Exception {
        long started = System.nanoTime();
        up = true;
        Deployments.Result upResult = compose(HOST_NETWORK, "up", "--detach", "--wait", "--wait-timeout", "240");
        assertThat(upResult.exitCode()).as(upResult.output() + logs()).isZero();
        assertThat(compose(HOST_NETWORK, "ps", "--format", "{{.Service}} {{.Health}}").ok().output().lines()
                .sorted().toList()).containsExactly("coordinator healthy", "kafka healthy", "worker healthy");

        Deployments.pushBuildsIntoTheRegistry(Integer.parseInt(env.get("BUILDLINE_COMPOSE_HTTP_PORT")), repo,
                "from-compose-" + PROJECT, API_TOKEN);

        compose(HOST_NETWORK, "down", "--volumes", "--remove-orphans", "--timeout", "30").ok();
        up = false;
        String label = "label=com.docker.compose.project=" + PROJECT;
        assertThat(Deployments.docker("ps", "-a", "-q", "--filter", label).ok().output()).isBlank();
        assertThat(Deployments.docker("volume", "ls", "-q", "--filter", label).ok().output()).isBlank();
        assertThat(Deployments.docker("network", "ls", "-q", "--filter", label).ok().output()).isBlank();
        System.out.printf("ComposeIT: up, build and down in %d s%n",
                Duration.ofNanos(System.nanoTime() - started).toSeconds());
    }

    private static String logs() throws Exception {
        return "\n" + compose(HOST_NETWORK, "logs", "--no-color", "--tail", "40").output();
    }

    /** {@code docker compose} on the user's file, plus {@code override} when not null. */
    private static Deployments.Result compose(String override, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("docker", "compose", "-p", PROJECT, "-f", USER_FILE));
        if (override != null) {
            argv.addAll(List.of("-f", override));
        }
        argv.addAll(List.of(args));
        return Deployments.run(argv, env, Duration.ofMinutes(6));
    }
}
