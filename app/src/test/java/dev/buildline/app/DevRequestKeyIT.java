package dev.buildline.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code buildline dev} without BUILDLINE_REQUEST_KEY: it makes a key for its embedded coordinator and worker, and a
 * signed push builds, as it did before requests were signed.
 */
class DevRequestKeyIT {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    Path temp;

    @Test
    void devSignsWithAKeyOfItsOwnAndItsWorkerBuildsWhatItsCoordinatorSigned() throws Exception {
        BuildHost.require();
        int kafkaPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            kafkaPort = socket.getLocalPort();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TestRepo repo = TestRepo.create(temp.resolve("repo"))) {
            Main dev = new Main(Map.of("BUILDLINE_WEBHOOK_SECRET", TestStack.SECRET,
                    "BUILDLINE_ALLOWED_REPOS", repo.url(), "BUILDLINE_TOPIC_PARTITIONS", "3"),
                    new PrintStream(out, true, StandardCharsets.UTF_8));
            try {
                pushBuilds(dev, repo, kafkaPort, out);
            } finally {
                dev.close();
            }
        }
    }

    private void pushBuilds(Main dev, TestRepo repo, int kafkaPort, ByteArrayOutputStream out) throws Exception {
        dev.run("dev", List.of("--http-port", "0", "--kafka-port", String.valueOf(kafkaPort),
                "--data", temp.resolve("dev").toString(), "--workers", "1"));
        Matcher ready = Pattern.compile("buildline ready http://127\\.0\\.0\\.1:(\\d+)")
                .matcher(out.toString(StandardCharsets.UTF_8));
        assertThat(ready.find()).as("dev printed: " + out).isTrue();
        int port = Integer.parseInt(ready.group(1));
        String commit = repo.commit("one image", Map.of(
                "devspace.yaml", """
                        version: v2beta1
                        images:
                          app:
                            image: %s/buildline-it/dev-key-%s
                            context: ./app
                            dockerfile: ./app/Dockerfile
                            network: none
                        """.formatted(BuildHost.REGISTRY, RUN),
                "app/Dockerfile", "FROM " + BuildHost.BASE_IMAGE + "\nRUN echo dev-key-" + RUN + "\n"));
        String body = Webhooks.pushPayload(repo.url(), "it/app", "refs/heads/main", "0".repeat(40), commit);

        HttpResponse<String> accepted = Webhooks.postGithub(port, "push", Webhooks.sign(TestStack.SECRET, body),
                body);

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode done = Webhooks.awaitTerminal(port, Webhooks.builds(accepted.body()).get("app"));
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("succeeded");
    }
}
