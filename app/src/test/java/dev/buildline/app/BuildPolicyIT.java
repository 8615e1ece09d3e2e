package dev.buildline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.buildline.app.cli.PolicyFiles;
import dev.buildline.common.config.InClusterConfig;
import dev.buildline.common.messages.BuildRequest;
import dev.buildline.common.messages.Json;
import dev.buildline.common.messages.Topics;
import dev.buildline.common.policy.BuilderProfiles;
import dev.buildline.common.policy.RepositoryGrants;
import dev.buildline.coordinator.intake.BuildPolicySettings;
import dev.buildline.coordinator.intake.RepositorySettings;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The build policy on real parts (a coordinator as {@code coordinator} configures it, the embedded broker, a worker on
 * dockerd, the registry on 127.0.0.1:5000): a signed push whose devspace.yaml asks for more than a plain build is a
 * 422 naming the YAML path, and nothing of it reaches build-requests, not even its harmless image; a plain build with
 * harmless flags still builds and pushes.
 */
class BuildPolicyIT {

    private static final String ZEROS = "0".repeat(40);
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String PREFIX = BuildHost.REGISTRY + "/policy-" + RUN + "/";
    private static final String SECRET_VAR = "s3cret-" + RUN;

    @TempDir
    static Path temp;
    private static TestStack stack;
    private static TestRepo repo;
    private static TestRepo unconfigured;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        BuildHost.require();
        repo = TestRepo.create(temp.resolve("repo"));
        unconfigured = TestRepo.create(temp.resolve("unconfigured"));
        Path builders = Files.writeString(temp.resolve("builders.yaml"), """
                shared:
                  namespace: buildkit
                  image: moby/buildkit:v0.13.1-rootless
                other:
                  namespace: other-team
                """);
        Path settingsFile = Files.writeString(temp.resolve("repositories.yaml"), """
                - url: %s
                  images: ["%s"]
                  vars: {TEAM_TOKEN: "%s"}
                  allow: {builders: [shared]}
                - url: %s
                """.formatted(repo.url(), PREFIX, SECRET_VAR, unconfigured.url()));
        Map<String, String> env = Map.of(PolicyFiles.BUILDERS_FILE, builders.toString());
        RepositorySettings settings = PolicyFiles.repositories(settingsFile.toString(), "test", env)
                .withPolicy(new BuildPolicySettings(List.of(),
                        BuilderProfiles.parse(Files.readString(builders), "builders.yaml"), false));
        stack = TestStack.start(temp.resolve("stack"), List.of(repo.url(), unconfigured.url()), true, settings);
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
        if (unconfigured != null) {
            unconfigured.close();
        }
    }

    /** The second image's fields (YAML flow mappings under {@code evil:}), and the path the 422 must name. */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "buildKit: {command: [sh, -c, 'id > /tmp/pwn-RUN; env']}|images.evil.buildKit.command",
            "buildKit: {args: [--output, 'type=local,dest=/tmp/out-RUN']}|images.evil.buildKit.args[0]: flag --output",
            "buildKit: {args: ['--output=type=local,dest=/tmp/out-RUN']}|images.evil.buildKit.args[0]: flag --output",
            "buildKit: {args: [-qo, 'type=local,dest=/tmp/out-RUN']}|images.evil.buildKit.args[0]: flag --output",
            "buildKit: {args: ['-otype=tar,dest=/tmp/out-RUN']}|images.evil.buildKit.args[0]: flag --output",
            "buildKit: {args: [--secret, 'id=s,src=/etc/hostname']}|images.evil.buildKit.args[0]: --secret",
            "buildKit: {args: ['--secret=id=s,env=BUILDLINE_GIT_TOKEN']}|images.evil.buildKit.args[0]: --secret",
            "buildKit: {args: ['--metadata-file=/tmp/meta-RUN']}|images.evil.buildKit.args[0]: flag --metadata-file",
            "buildKit: {args: [--iidfile, /tmp/iid-RUN]}|images.evil.buildKit.args[0]: flag --iidfile",
            "buildKit: {args: [--no-cache, --iidfile]}|images.evil.buildKit.args[1]: flag --iidfile without a value",
            "buildKit: {args: [--tag, '127.0.0.1:5000/other-team/app:latest']}|images.evil.buildKit.args[0]: flag --tag",
            "buildKit: {args: ['-t127.0.0.1:5000/other-team/app']}|images.evil.buildKit.args[0]: flag --tag",
            "buildKit: {args: [--builder, default]}|images.evil.buildKit.args[0]: flag --builder",
            "buildKit: {args: [--network, host]}|images.evil.buildKit.args[0]: network 'host'",
            "network: host|images.evil.network: network 'host'",
            "buildKit: {args: [--build-context, x=/etc]}|images.evil.buildKit.args[0]: flag --build-context",
            "buildKit: {args: [--allow, security.insecure]}|images.evil.buildKit.args[0]: flag --allow",
            "buildKit: {args: [--ssh, default]}|images.evil.buildKit.args[0]: flag --ssh",
            "buildKit: {args: [--file, /etc/passwd]}|images.evil.buildKit.args[0]: flag --file",
            "buildKit: {args: [--push]}|images.evil.buildKit.args[0]: flag --push",
            "buildKit: {args: ['--cache-to=type=local,dest=/tmp/cache-RUN']}|images.evil.buildKit.args[0]: value of --cache-to with type='local'",
            "buildKit: {args: ['--cache-from=type=registry,ref=127.0.0.1:5000/other-team/cache']}|images.evil.buildKit.args[0]: image name 127.0.0.1:5000/other-team/cache",
            "buildKit: {args: ['--οutput=type=local,dest=/tmp/out-RUN']}|images.evil.buildKit.args[0]: flag '--",
            "buildKit: {args: [/etc]}|images.evil.buildKit.args[0]: an argument that is no flag",
            "buildKit: {args: ['--', /etc]}|images.evil.buildKit.args[0]: '--' ends buildx's flags",
            "image: 127.0.0.1:5000/other-team/app|images.evil.image: image name 127.0.0.1:5000/other-team/app",
            "image: 127.0.0.1:5000/policy-RUN2/app|images.evil.image: image name 127.0.0.1:5000/policy-RUN2/app",
            "image: 127.0.0.1.nip.io:5000/policy-RUN/app|images.evil.image: image name 127.0.0.1.nip.io:5000/policy-RUN/app",
            "image: 127.0.0.1:5000/policy-RUN|images.evil.image: image name 127.0.0.1:5000/policy-RUN",
            "buildKit: {inCluster: {name: other}}|images.evil.buildKit.inCluster.name: in-cluster builder 'other'",
            "buildKit: {inCluster: {}}|images.evil.buildKit.inCluster.name",
            "buildKit: {inCluster: {name: shared, namespace: kube-system}}|images.evil.buildKit.inCluster.namespace",
            "buildKit: {inCluster: {name: shared, createArgs: ['--driver-opt=serviceaccount=admin']}}|images.evil.buildKit.inCluster.createArgs",
            "dockerfile: ../../../etc/passwd|images.evil.dockerfile"})
    void aSignedPushAskingForMoreIsRefusedWholeAndNothingIsQueued(String fields, String named) throws Exception {
        String evil = fields.replace("RUN2", RUN + "2").replace("RUN", RUN);
        String image = evil.startsWith("image:") ? "" : "image: " + PREFIX + "evil\n    ";
        String commit = repo.commit("asks for more", files("""
                version: v2beta1
                images:
                  app:
                    image: %sapp
                  evil:
                    %s%s
                """.formatted(PREFIX, image, evil)));
        long requestsBefore = stack.recordCount(Topics.defaults().buildRequests());

        HttpResponse<String> answer = push(repo, commit);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(422);
        assertThat(answer.body()).contains(named.replace("RUN2", RUN + "2").replace("RUN", RUN));
        assertThat(answer.body()).doesNotContain("/etc/hostname", "BUILDLINE_GIT_TOKEN", "id > ");
        assertThat(stack.recordCount(Topics.defaults().buildRequests())).isEqualTo(requestsBefore);
        assertThat(Path.of("/tmp/pwn-" + RUN)).doesNotExist();
        assertThat(Path.of("/tmp/out-" + RUN)).doesNotExist();
    }

    @Test
    void aPlainBuildWithHarmlessFlagsAndFlagLookingValuesBuildsAndPushes() throws Exception {
        String commit = repo.commit("harmless", files("""
                version: v2beta1
                images:
                  app:
                    image: %sapp
                    tags: [harmless]
                    buildArgs: {SMUGGLED: '--output=type=local,dest=/tmp/smuggled-%s'}
                    buildKit:
                      args: [--label, org.example.team=shop, --label, '--output=type=local,dest=/tmp/smuggled-%s',
                             --platform, linux/amd64, --no-cache]
                """.formatted(PREFIX, RUN, RUN)));

        HttpResponse<String> answer = push(repo, commit);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        JsonNode build = Webhooks.awaitTerminal(port, Webhooks.builds(answer.body()).get("app"));
        assertThat(build.path("status").asText()).as(build.toString()).isEqualTo("succeeded");
        assertThat(Webhooks.registryDigest(PREFIX + "app:harmless")).startsWith("sha256:");
        assertThat(Path.of("/tmp/smuggled-" + RUN)).doesNotExist();
    }

    @Test
    void aGrantedBuilderIsRequestedWithTheProfilesValuesAndTheRequestCarriesGrantsAndMaskedValues() throws Exception {
        String commit = repo.commit("granted builder", files("""
                version: v2beta1
                images:
                  app:
                    image: %sapp
                    buildKit:
                      inCluster: {name: shared, noLoad: true}
                """.formatted(PREFIX)));

        HttpResponse<String> answer = push(repo, commit);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        String buildId = Webhooks.builds(answer.body()).get("app");
        BuildRequest request = stack.requests().stream().filter(r -> r.buildId().equals(buildId)).findFirst()
                .orElseThrow();
        assertThat(request.config().buildKit().inCluster()).isEqualTo(new InClusterConfig("shared", "buildkit", true,
                "moby/buildkit:v0.13.1-rootless", null, false, false, true, List.of()));
        assertThat(request.grants()).isEqualTo(new RepositoryGrants(List.of(PREFIX), null,
                new RepositoryGrants.Allow(null, null, null, null, List.of("shared"))));
        assertThat(request.masked()).containsExactly(SECRET_VAR);
    }

    @Test
    void withoutAnyImagePrefixACoordinatorRefusesNamingBothSettings() throws Exception {
        String commit = unconfigured.commit("no rule", files("""
                version: v2beta1
                images:
                  app:
                    image: %sapp
                """.formatted(PREFIX)));

        HttpResponse<String> answer = push(unconfigured, commit);

        assertThat(answer.statusCode()).isEqualTo(422);
        assertThat(answer.body()).contains("images.app.image", "BUILDLINE_REPOSITORIES_FILE",
                "BUILDLINE_ALLOWED_IMAGES");
    }

    @Test
    void configChangesOverHttpAndTheTopicAndManualBuildsAreRefusedAlike() throws Exception {
        String commit = repo.commit("plain", files("""
                version: v2beta1
                images:
                  app:
                    image: %sapp
                """.formatted(PREFIX)));
        String shell = """
                version: v2beta1
                images:
                  app:
                    image: %sapp
                    buildKit: {command: [sh, -c, env]}
                """.formatted(PREFIX);
        String change = Json.toString(Map.of("repo", Map.of("url", repo.url()), "ref", "refs/heads/main",
                "commit", commit, "devspaceYaml", shell));
        long requestsBefore = stack.recordCount(Topics.defaults().buildRequests());

        HttpResponse<String> http = Webhooks.post(port, "/api/events/config-change", Map.of(), change);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                stack.bootstrap()), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.defaults().configChanges(), repo.url(), change)).get();
        }
        String refusedCommit = repo.commit("shell", files(shell));
        HttpResponse<String> manual = Webhooks.post(port, "/api/builds", Map.of(), Json.toString(Map.of(
                "repo", Map.of("url", repo.url()), "ref", "refs/heads/main", "commit", refusedCommit)));

        assertThat(http.statusCode()).isEqualTo(422);
        assertThat(http.body()).contains("images.app.buildKit.command", "allow.commands");
        assertThat(manual.statusCode()).isEqualTo(422);
        assertThat(manual.body()).contains("images.app.buildKit.command");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode failed = Json.mapper().readTree(Webhooks.get(port, "/api/builds?status=failed&repo="
                    + URLEncoder.encode(repo.url(), StandardCharsets.UTF_8)).body()).path("builds");
            assertThat(failed).extracting(build -> build.path("error").asText())
                    .anySatisfy(error -> assertThat(error).contains("images.app.buildKit.command"));
        });
        assertThat(stack.recordCount(Topics.defaults().buildRequests())).isEqualTo(requestsBefore);
    }

    private static Map<String, String> files(String devspaceYaml) {
        return Map.of("devspace.yaml", devspaceYaml, "Dockerfile", "FROM scratch\nCOPY hello.txt /hello.txt\n",
                "hello.txt", "hello\n");
    }

    private static HttpResponse<String> push(TestRepo target, String commit) throws Exception {
        String body = Webhooks.pushPayload(target.url(), "it/policy", "refs/heads/main", ZEROS, commit);
        return Webhooks.postGithub(port, "push", Webhooks.sign(TestStack.SECRET, body), body);
    }
}
