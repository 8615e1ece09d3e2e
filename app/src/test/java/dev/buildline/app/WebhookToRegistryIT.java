package dev.buildline.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.buildline.common.messages.Json;
import dev.buildline.common.messages.Topics;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walking skeleton end to end on real parts: a git repository, a signed GitHub push to a running coordinator,
 * requests on a real KRaft broker, a worker running the real buildx against dockerd, images pushed to the registry on
 * 127.0.0.1:5000, and the result read back through the API.
 */
class WebhookToRegistryIT {

    private static final String SECRET = TestStack.SECRET;
    private static final String ZEROS = "0".repeat(40);
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    static Path temp;
    private static TestStack stack;
    private static TestRepo repo;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        BuildHost.require();
        repo = TestRepo.create(temp.resolve("repo"));
        stack = TestStack.start(temp.resolve("stack"), List.of(repo.url()), true);
        port = stack.port();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        if (repo != null) {
            repo.close();
        }
    }

    @Test
    void signedPushBuildsAndPushesEveryImage() throws Exception {
        String scratchImage = BuildHost.REGISTRY + "/buildline-it/scratch-" + RUN;
        String busyImage = BuildHost.REGISTRY + "/buildline-it/busy-" + RUN;
        String commit = repo.commit("two images", Map.of(
                "devspace.yaml", """
                        version: v2beta1
                        images:
                          scratch:
                            image: %s
                            context: ./scratch
                            dockerfile: ./scratch/Dockerfile
                            buildKit: {}
                          busy:
                            image: %s
                            context: ./busy
                            dockerfile: ./busy/Dockerfile
                            network: none
                            buildKit: {}
                        """.formatted(scratchImage, busyImage),
                "scratch/Dockerfile", "FROM scratch\nCOPY hello.txt /hello.txt\n",
                "scratch/hello.txt", "hello from buildline\n",
                "busy/Dockerfile", "FROM " + BuildHost.BASE_IMAGE + "\nRUN echo built > /built.txt\nCOPY run.sh /run.sh\n",
                "busy/run.sh", "#!/bin/sh\necho running\n"));
        String body = Webhooks.pushPayload(repo.url(), "it/app", "refs/heads/main", ZEROS, commit);

        HttpResponse<String> accepted = Webhooks.postGithub(port, "push", Webhooks.sign(SECRET, body), body);

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        Map<String, String> buildIdByImage = Webhooks.builds(accepted.body());
        assertThat(buildIdByImage).containsOnlyKeys("scratch", "busy");
        for (Map.Entry<String, String> build : buildIdByImage.entrySet()) {
            JsonNode done = Webhooks.awaitTerminal(port, build.getValue());
            assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("succeeded");
            assertThat(done.path("image").asText()).isEqualTo(build.getKey());
            assertThat(done.path("commit").asText()).isEqualTo(commit);
            assertThat(done.path("durationMs").asLong()).isPositive();
            String tag = done.path("tags").get(0).asText();
            assertThat(tag).matches((build.getKey().equals("scratch") ? scratchImage : busyImage) + ":[a-zA-Z]{7}");
            assertThat(done.path("digest").asText()).startsWith("sha256:").isEqualTo(Webhooks.registryDigest(tag));
            assertThat(Webhooks.get(port, "/api/builds/" + build.getValue() + "/logs").body())
                    .contains("pushing");
        }
    }

    @Test
    void buildArgsTargetAndDockerignoreShapeTheImage() throws Exception {
        String image = BuildHost.REGISTRY + "/buildline-it/shaped-" + RUN;
        String commit = repo.commit("shaped image", Map.of(
                "devspace.yaml", """
                        version: v2beta1
                        images:
                          shaped:
                            image: %s
                            context: ./shaped
                            dockerfile: ./shaped/Dockerfile
                            network: none
                            target: final
                            buildArgs:
                              GREETING: hello-arg
                              UNSET: null
                            buildKit: {}
                        """.formatted(image),
                "shaped/Dockerfile", String.join("\n",
                        "FROM " + BuildHost.BASE_IMAGE + " AS base",
                        "ARG GREETING",
                        "RUN echo \"$GREETING\" > /greeting.txt",
                        "FROM scratch AS final",
                        "COPY --from=base /greeting.txt /greeting.txt",
                        "COPY . /ctx/",
                        "FROM scratch AS other",
                        "COPY . /other/", ""),
                "shaped/.dockerignore", "*.log\n!keep.log\nsecret/\n**/tmp\n",
                "shaped/app.txt", "app\n",
                "shaped/debug.log", "noise\n",
                "shaped/keep.log", "kept\n",
                "shaped/secret/key", "s3cret\n",
                "shaped/src/main.txt", "main\n",
                "shaped/src/tmp/scratch.txt", "tmp\n"));
        String body = Webhooks.pushPayload(repo.url(), "it/app", "refs/heads/main", ZEROS, commit);

        HttpResponse<String> accepted = Webhooks.postGithub(port, "push", Webhooks.sign(SECRET, body), body);

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode done = Webhooks.awaitTerminal(port, Webhooks.builds(accepted.body()).get("shaped"));
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("succeeded");
        String tag = done.path("tags").get(0).asText();
        assertThat(done.path("command")).extracting(JsonNode::asText).containsExactly(
                "docker", "buildx", "build", "--build-arg", "GREETING=hello-arg", "--network", "none", "--tag", tag,
                "--push", "--file", "Dockerfile", "--target", "final", "-");
        Map<String, String> files = RegistryImages.files(tag);
        assertThat(files.keySet()).containsExactlyInAnyOrder("greeting.txt", "ctx/.dockerignore", "ctx/Dockerfile",
                "ctx/app.txt", "ctx/keep.log", "ctx/src/main.txt");
        assertThat(files.get("greeting.txt")).isEqualTo("hello-arg\n");
    }

    /**
     * A v1beta11 file as DevSpace 5 users wrote it: build.buildKit.options give target and network, and entrypoint,
     * cmd and appendDockerfileInstructions change the Dockerfile DevSpace builds, inside the target stage.
     */
    @Test
    void entrypointCmdAndAppendedInstructionsReachThePushedImage() throws Exception {
        String image = BuildHost.REGISTRY + "/buildline-it/edited-" + RUN;
        String dockerfile = String.join("\n",
                "FROM " + BuildHost.BASE_IMAGE + " AS base",
                "RUN echo base > /base.txt",
                "FROM base AS app",
                "COPY run.sh /bin/app",
                "",
                "FROM scratch AS other",
                "COPY run.sh /other.sh", "");
        String commit = repo.commit("edited image", Map.of(
                "devspace.yaml", """
                        version: v1beta11
                        images:
                          edited:
                            image: %s
                            tags: [v1]
                            context: ./edited
                            dockerfile: ./edited/Dockerfile
                            entrypoint: [/bin/app]
                            cmd: ["--port", "8080"]
                            appendDockerfileInstructions:
                              - ENV EDITED=as-devspace-does
                            build:
                              buildKit:
                                options:
                                  target: app
                                  network: none
                        """.formatted(image),
                "edited/Dockerfile", dockerfile,
                "edited/run.sh", "#!/bin/sh\necho running \"$@\"\n"));
        String body = Webhooks.pushPayload(repo.url(), "it/app", "refs/heads/main", ZEROS, commit);

        HttpResponse<String> accepted = Webhooks.postGithub(port, "push", Webhooks.sign(SECRET, body), body);

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String buildId = Webhooks.builds(accepted.body()).get("edited");
        JsonNode done = Webhooks.awaitTerminal(port, buildId);
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("succeeded");
        assertThat(done.path("command")).extracting(JsonNode::asText).containsExactly(
                "docker", "buildx", "build", "--network", "none", "--tag", image + ":v1", "--push", "--file",
                "Dockerfile", "--target", "app", "-");
        JsonNode config = RegistryImages.runConfig(image + ":v1");
        assertThat(config.path("Entrypoint")).extracting(JsonNode::asText).containsExactly("/bin/app");
        assertThat(config.path("Cmd")).extracting(JsonNode::asText).containsExactly("--port", "8080");
        assertThat(config.path("Env")).extracting(JsonNode::asText).contains("EDITED=as-devspace-does");
        assertThat(RegistryImages.files(image + ":v1")).containsKeys("base.txt", "bin/app").doesNotContainKey("other.sh");
        assertThat(Webhooks.get(port, "/api/builds/" + buildId + "/logs").body())
                .contains("edited/Dockerfile is built with the image's entrypoint, cmd and appendDockerfileInstructions "
                        + "added to stage app, as DevSpace does");
    }

    @Test
    void failingDockerfileEndsFailedWithExitCodeAndLogTail() throws Exception {
        String commit = repo.commit("broken image", Map.of(
                "devspace.yaml", """
                        version: v2beta1
                        images:
                          broken:
                            image: %s/buildline-it/broken-%s
                            network: none
                            buildKit: {}
                        """.formatted(BuildHost.REGISTRY, RUN),
                "Dockerfile", "FROM " + BuildHost.BASE_IMAGE + "\nRUN echo about to fail && exit 3\n"));
        String body = Webhooks.pushPayload(repo.url(), "it/app", "refs/heads/main", ZEROS, commit);

        HttpResponse<String> accepted = Webhooks.postGithub(port, "push", Webhooks.sign(SECRET, body), body);

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode done = Webhooks.awaitTerminal(port, Webhooks.builds(accepted.body()).get("broken"));
        assertThat(done.path("status").asText()).isEqualTo("failed");
        assertThat(done.path("error").asText())
                .startsWith("buildx exited with code 1")
                .contains("exit code: 3");
        assertThat(done.path("digest").isNull()).isTrue();
    }

    @Test
    void wrongSignatureIsRefusedAndPublishesNothing() throws Exception {
        String commit = repo.commit("unsigned", Map.of("README.md", "x\n"));
        String body = Webhooks.pushPayload(repo.url(), "it/app", "refs/heads/main", ZEROS, commit);
        long before = requestCount();

        HttpResponse<String> wrong = Webhooks.postGithub(port, "push", Webhooks.sign("not-the-secret", body), body);
        HttpResponse<String> missing = Webhooks.postGithub(port, "push", null, body);

        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("does not match");
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.body()).contains("missing X-Hub-Signature-256");
        assertThat(requestCount()).isEqualTo(before);
    }

    @Test
    void malformedJsonIsRefusedWith400() throws Exception {
        String body = "{\"ref\": \"refs/heads/main\", ";

        HttpResponse<String> response = Webhooks.postGithub(port, "push", Webhooks.sign(SECRET, body), body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("not valid JSON");
    }

    private static long requestCount() {
        return stack.recordCount(Topics.defaults().buildRequests());
    }
}
