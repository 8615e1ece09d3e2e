package dev.buildline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.buildline.common.messages.Json;
import dev.buildline.common.messages.Topics;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinator's front door with real parts: GitLab and Gitea payloads, change planning over real git
 * repositories, skipping by git tree ids after a real build, config-change events over HTTP and Kafka, manual triggers.
 */
class IntakeIT {

    private static final String ZEROS = "0".repeat(40);
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    static Path temp;
    private static TestStack stack;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        BuildHost.require();
        stack = TestStack.start(temp.resolve("stack"), List.of(temp.toUri().toString().replaceFirst("^file:/(?!/)",
                "file:///")), true);
        port = stack.port();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void gitlabPushBuildsAndAWrongTokenIsRefused() throws Exception {
        try (TestRepo repo = TestRepo.create(temp.resolve("gitlab"))) {
            String commit = repo.commit("one image", monorepo("gl", 1));
            String body = """
                    {"object_kind":"push","ref":"refs/heads/main","before":"%s","after":"%s","total_commits_count":1,
                     "project":{"path_with_namespace":"it/gitlab","git_http_url":"%s"},"commits":[]}
                    """.formatted(ZEROS, commit, repo.url());

            HttpResponse<String> wrong = Webhooks.post(port, "/webhooks/gitlab",
                    Map.of("X-Gitlab-Event", "Push Hook", "X-Gitlab-Token", "nope"), body);
            HttpResponse<String> accepted = Webhooks.post(port, "/webhooks/gitlab",
                    Map.of("X-Gitlab-Event", "Push Hook", "X-Gitlab-Token", TestStack.GITLAB_TOKEN), body);

            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.body()).contains("X-Gitlab-Token does not match");
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            assertThat(Webhooks.builds(accepted.body())).containsOnlyKeys("s0");
        }
    }

    @Test
    void giteaPushIsVerifiedByItsBareHexSignature() throws Exception {
        try (TestRepo repo = TestRepo.create(temp.resolve("gitea"))) {
            String commit = repo.commit("one image", monorepo("gt", 1));
            String body = """
                    {"ref":"refs/heads/main","before":"%s","after":"%s","total_commits":0,
                     "repository":{"full_name":"it/gitea","clone_url":"%s"},"commits":[]}
                    """.formatted(ZEROS, commit, repo.url());
            String hex = Webhooks.sign(TestStack.SECRET, body).substring("sha256=".length());

            HttpResponse<String> prefixed = Webhooks.post(port, "/webhooks/gitea",
                    Map.of("X-Gitea-Event", "push", "X-Gitea-Signature", "sha256=" + hex), body);
            HttpResponse<String> accepted = Webhooks.post(port, "/webhooks/gitea",
                    Map.of("X-Gitea-Event", "push", "X-Gitea-Signature", hex), body);

            assertThat(prefixed.statusCode()).isEqualTo(401);
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            assertThat(Webhooks.builds(accepted.body())).containsOnlyKeys("s0");
        }
    }

    @Test
    void gitlabSystemHooksCarryPushesAndAnAnnotatedTagBuildsItsCommit() throws Exception {
        try (TestRepo repo = TestRepo.create(temp.resolve("gitlab-system"))) {
            String commit = repo.commit("one image", monorepo("glsys", 1));
            String tagObject = repo.annotatedTag("v1.0.0", "release 1.0.0");
            // shaped as doc/administration/system_hooks.md "Tag events" (gitlabhq/gitlabhq): after = tag object,
            // checkout_sha = its commit, commits never listed
            String tagPush = """
                    {"event_name":"tag_push","before":"%s","after":"%s","ref":"refs/tags/v1.0.0","checkout_sha":"%s",
                     "user_id":1,"project_id":1,"project":{"path_with_namespace":"it/glsys","git_http_url":"%s",
                     "url":"git@example.com:it/glsys.git"},"repository":{"url":"ssh://git@example.com/it/glsys.git",
                     "git_http_url":"%s"},"commits":[],"total_commits_count":0}
                    """.formatted(ZEROS, tagObject, commit, repo.url(), repo.url());
            // doc/administration/system_hooks.md "Project created"
            String projectCreate = """
                    {"created_at":"2012-07-21T07:30:54Z","updated_at":"2012-07-21T07:38:22Z","event_name":"project_create",
                     "name":"StoreCloud","path":"storecloud","path_with_namespace":"jsmith/storecloud","project_id":74}
                    """;
            Map<String, String> headers = Map.of("X-Gitlab-Event", "System Hook", "X-Gitlab-Token", TestStack.GITLAB_TOKEN);

            HttpResponse<String> tag = Webhooks.post(port, "/webhooks/gitlab", headers, tagPush);
            HttpResponse<String> project = Webhooks.post(port, "/webhooks/gitlab", headers, projectCreate);

            assertThat(tag.statusCode()).as(tag.body()).isEqualTo(202);
            assertThat(tagObject).isNotEqualTo(commit);
            JsonNode build = Webhooks.awaitTerminal(port, Webhooks.builds(tag.body()).get("s0"));
            assertThat(build.path("status").asText()).as(build.toString()).isEqualTo("succeeded");
            assertThat(build.path("commit").asText()).isEqualTo(commit);
            assertThat(build.path("ref").asText()).isEqualTo("refs/tags/v1.0.0");
            assertThat(project.statusCode()).isEqualTo(202);
            assertThat(project.body()).contains("\"builds\":[]")
                    .contains("event System Hook (project_create) builds nothing");

            String next = repo.commit("change s0", Map.of("services/s0/app.txt", "v2\n"));
            // system_hooks.md "Push events": the commit is listed without added/modified/removed
            String push = """
                    {"event_name":"push","before":"%s","after":"%s","ref":"refs/heads/main","checkout_sha":"%s",
                     "user_id":4,"project_id":15,"project":{"path_with_namespace":"it/glsys","git_http_url":"%s"},
                     "repository":{"url":"git@example.com:it/glsys.git","git_http_url":"%s"},
                     "commits":[{"id":"%s","message":"change s0","timestamp":"2013-05-13T18:18:08+00:00",
                                 "author":{"name":"Example User","email":"user@example.com"}}],
                     "total_commits_count":1}
                    """.formatted(commit, next, next, repo.url(), repo.url(), next);

            HttpResponse<String> pushed = Webhooks.post(port, "/webhooks/gitlab", headers, push);

            assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(202);
            assertThat(Webhooks.builds(pushed.body())).containsOnlyKeys("s0");
        }
    }

    @Test
    void giteaFormEncodedDeliveryIsVerifiedAndBuilds() throws Exception {
        try (TestRepo repo = TestRepo.create(temp.resolve("gitea-form"))) {
            String commit = repo.commit("one image", monorepo("gtform", 1));
            String json = """
                    {"ref":"refs/heads/main","before":"%s","after":"%s",
                     "repository":{"full_name":"it/gitea-form","clone_url":"%s"},"commits":[]}
                    """.formatted(ZEROS, commit, repo.url());
            // what Gitea sends for "POST Content Type: application/x-www-form-urlencoded" (services/webhook:
            // url.Values{"payload": {content}}.Encode()), signed over the payload content
            String form = "payload=" + java.net.URLEncoder.encode(json, StandardCharsets.UTF_8);
            String hex = Webhooks.sign(TestStack.SECRET, json).substring("sha256=".length());

            HttpResponse<String> accepted = Webhooks.post(port, "/webhooks/gitea", Map.of("Content-Type",
                    "application/x-www-form-urlencoded", "X-Gitea-Event", "push", "X-Gitea-Signature", hex), form);
            HttpResponse<String> forged = Webhooks.post(port, "/webhooks/gitea", Map.of("Content-Type",
                    "application/x-www-form-urlencoded", "X-Gitea-Event", "push", "X-Gitea-Signature", "00" + hex
                    .substring(2)), form);

            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            assertThat(Webhooks.builds(accepted.body())).containsOnlyKeys("s0");
            assertThat(forged.statusCode()).isEqualTo(401);
        }
    }

    @Test
    void aRedeliveryAfterTheBuildSucceededListsItAsSucceeded() throws Exception {
        try (TestRepo repo = TestRepo.create(temp.resolve("redelivered"))) {
            String commit = repo.commit("one image", monorepo("redelivered", 1));
            String body = Webhooks.pushPayload(repo.url(), "it/redelivered", "refs/heads/main", ZEROS, commit);
            String signature = Webhooks.sign(TestStack.SECRET, body);
            HttpResponse<String> first = Webhooks.postGithub(port, "push", signature, body);
            assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
            String buildId = Webhooks.builds(first.body()).get("s0");
            assertThat(Webhooks.awaitTerminal(port, buildId).path("status").asText()).isEqualTo("succeeded");

            HttpResponse<String> again = Webhooks.postGithub(port, "push", signature, body);

            assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
            JsonNode listed = Json.mapper().readTree(again.body()).path("builds").get(0);
            assertThat(listed.path("buildId").asText()).isEqualTo(buildId);
            assertThat(listed.path("status").asText()).isEqualTo("succeeded");
        }
    }

    @Test
    void aCommitThatIsNot40HexIsMalformedNotMissing() throws Exception {
        String body = Webhooks.pushPayload(temp.toUri().toString(), "it/x", "refs/heads/main", ZEROS, "nothex");
        String manual = Json.toString(Map.of("repo", Map.of("url", temp.toUri().toString()), "ref", "refs/heads/main",
                "commit", "main"));

        HttpResponse<String> push = Webhooks.postGithub(port, "push", Webhooks.sign(TestStack.SECRET, body), body);
        HttpResponse<String> api = Webhooks.post(port, "/api/builds", Map.of(), manual);

        assertThat(push.statusCode()).as(push.body()).isEqualTo(400);
        assertThat(push.body()).contains("payload field after must be a 40-hex commit id, found 'nothex'");
        assertThat(api.statusCode()).as(api.body()).isEqualTo(400);
        assertThat(api.body()).contains("commit must be a 40-hex commit id, found 'main'");
    }

    @Test
    void pingUnknownEventsAndBranchDeletesBuildNothing() throws Exception {
        long before = stack.recordCount(Topics.defaults().buildRequests());
        String deleted = Webhooks.pushPayload("file:///nowhere/", "it/x", "refs/heads/old", "a".repeat(40), ZEROS)
                .replace("\"deleted\": false", "\"deleted\": true");

        HttpResponse<String> ping = Webhooks.postGithub(port, "ping", Webhooks.sign(TestStack.SECRET, "{}"), "{}");
        HttpResponse<String> issue = Webhooks.postGithub(port, "issues", Webhooks.sign(TestStack.SECRET, "{}"), "{}");
        // octokit/webhooks payload-examples/api.github.com/create/payload.json, trimmed to its ref fields
        String created = "{\"ref\":\"simple-tag\",\"ref_type\":\"tag\",\"master_branch\":\"master\",\"pusher_type\":\"user\"}";
        HttpResponse<String> create = Webhooks.postGithub(port, "create", Webhooks.sign(TestStack.SECRET, created), created);
        HttpResponse<String> delete = Webhooks.postGithub(port, "push", Webhooks.sign(TestStack.SECRET, deleted), deleted);

        assertThat(ping.statusCode()).isEqualTo(200);
        assertThat(issue.statusCode()).isEqualTo(202);
        assertThat(issue.body()).contains("\"builds\":[]").contains("event issues builds nothing");
        assertThat(create.statusCode()).isEqualTo(202);
        assertThat(create.body()).contains("event create builds nothing: the push event sent beside it does");
        assertThat(delete.statusCode()).isEqualTo(202);
        assertThat(delete.body()).contains("refs/heads/old was deleted");
        assertThat(stack.recordCount(Topics.defaults().buildRequests())).isEqualTo(before);
    }

    @Test
    void aPushTouchingTwoOfTenImagesBuildsThoseTwo() throws Exception {
        try (TestRepo repo = TestRepo.create(temp.resolve("mono"))) {
            String first = repo.commit("ten images", monorepo("mono", 10));
            String second = repo.commit("touch two", Map.of("services/s2/app.txt", "changed\n",
                    "services/s8/extra.txt", "new\n", "README.md", "docs\n"));
            String body = """
                    {"ref":"refs/heads/main","before":"%s","after":"%s","forced":false,
                     "repository":{"full_name":"it/mono","clone_url":"%s"},
                     "commits":[{"id":"%s","added":["services/s8/extra.txt","README.md"],"removed":[],
                                 "modified":["services/s2/app.txt"]}]}
                    """.formatted(first, second, repo.url(), second);

            HttpResponse<String> accepted = Webhooks.postGithub(port, "push", Webhooks.sign(TestStack.SECRET, body), body);

            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            assertThat(Webhooks.builds(accepted.body())).containsOnlyKeys("s2", "s8");
        }
    }

    @Test
    void aForcedPushWithoutAFileListIsPlannedFromGit() throws Exception {
        try (TestRepo repo = TestRepo.create(temp.resolve("forced"))) {
            String first = repo.commit("four images", monorepo("forced", 4));
            String second = repo.commit("touch one", Map.of("services/s1/app.txt", "changed\n"));
            String body = Webhooks.pushPayload(repo.url(), "it/forced", "refs/heads/main", first, second)
                    .replace("\"forced\": false", "\"forced\": true");

            HttpResponse<String> accepted = Webhooks.postGithub(port, "push", Webhooks.sign(TestStack.SECRET, body), body);

            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            assertThat(Webhooks.builds(accepted.body())).containsOnlyKeys("s1");
        }
    }

    @Test
    void anImageWhoseInputsDidNotChangeSinceItsLastSuccessIsSkipped() throws Exception {
        try (TestRepo repo = TestRepo.create(temp.resolve("skip"))) {
            String first = repo.commit("two images", monorepo("skip", 2));
            String firstBody = Webhooks.pushPayload(repo.url(), "it/skip", "refs/heads/main", ZEROS, first);
            Map<String, String> firstBuilds = Webhooks.builds(Webhooks.postGithub(port, "push",
                    Webhooks.sign(TestStack.SECRET, firstBody), firstBody).body());
            for (String buildId : firstBuilds.values()) {
                assertThat(Webhooks.awaitTerminal(port, buildId).path("status").asText()).isEqualTo("succeeded");
            }
            String second = repo.commit("change s1 only", Map.of("services/s1/app.txt", "v2\n"));
            // a new branch: the host gives no usable file list, so git's tree ids decide
            String body = Webhooks.pushPayload(repo.url(), "it/skip", "refs/heads/feature", ZEROS, second);

            HttpResponse<String> accepted = Webhooks.postGithub(port, "push", Webhooks.sign(TestStack.SECRET, body), body);

            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            Map<String, String> builds = Webhooks.builds(accepted.body());
            JsonNode s0 = Webhooks.awaitTerminal(port, builds.get("s0"));
            assertThat(s0.path("status").asText()).isEqualTo("skipped");
            assertThat(s0.path("error").asText()).isEqualTo("inputs unchanged since the last successful build");
            assertThat(Webhooks.awaitTerminal(port, builds.get("s1")).path("status").asText()).isEqualTo("succeeded");
        }
    }

    @Test
    void aConfigChangeBuildsOnlyTheImageWhoseConfigChanged() throws Exception {
        try (TestRepo repo = TestRepo.create(temp.resolve("config"))) {
            Map<String, String> files = monorepo("config", 3);
            String commit = repo.commit("three images", files);
            String previous = files.get("devspace.yaml");
            String changed = previous.replace("    context: ./services/s1\n",
                    "    context: ./services/s1\n    buildArgs:\n      VERSION: \"2\"\n");
            String body = Json.toString(Map.of("repo", Map.of("url", repo.url()), "ref", "refs/heads/main",
                    "commit", commit, "devspaceYaml", changed, "previousYaml", previous));
            String invalid = Json.toString(Map.of("repo", Map.of("url", repo.url()), "ref", "refs/heads/main",
                    "commit", commit, "devspaceYaml", "version: v2beta1\nimages:\n  s0:\n    image: acme/App\n"));
            String unknownField = Json.toString(Map.of("repo", Map.of("url", repo.url()), "ref", "r", "commit", commit,
                    "devspaceYaml", changed, "colour", "blue"));

            HttpResponse<String> accepted = Webhooks.post(port, "/api/events/config-change", Map.of(), body);
            HttpResponse<String> rejected = Webhooks.post(port, "/api/events/config-change", Map.of(), invalid);
            HttpResponse<String> unknown = Webhooks.post(port, "/api/events/config-change", Map.of(), unknownField);

            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            assertThat(Webhooks.builds(accepted.body())).containsOnlyKeys("s1");
            assertThat(rejected.statusCode()).isEqualTo(422);
            assertThat(rejected.body()).contains("images.s0.image: repository name must be lowercase");
            assertThat(unknown.statusCode()).isEqualTo(400);
            assertThat(unknown.body()).contains("unknown field colour");
        }
    }

    @Test
    void anInvalidConfigChangeOnTheTopicBecomesAFailedEventNamingTheYamlPath() throws Exception {
        String repoUrl;
        String commit;
        try (TestRepo repo = TestRepo.create(temp.resolve("topic"))) {
            repoUrl = repo.url();
            commit = repo.commit("one image", monorepo("topic", 1));
        }
        String value = Json.toString(Map.of("repo", Map.of("url", repoUrl), "ref", "refs/heads/main",
                "commit", commit, "devspaceYaml", "version: v2beta1\nimages:\n  api:\n    image: acme/api@sha256:00\n"));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                stack.bootstrap()), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.defaults().configChanges(), repoUrl, value)).get();
            producer.send(new ProducerRecord<>(Topics.defaults().configChanges(), repoUrl, "{not json")).get();
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode failed = Json.mapper().readTree(Webhooks.get(port, "/api/builds?status=failed&repo="
                    + java.net.URLEncoder.encode(repoUrl, StandardCharsets.UTF_8)).body()).path("builds");
            assertThat(failed).extracting(build -> build.path("error").asText())
                    .anySatisfy(error -> assertThat(error).contains("images.api.image: must not contain a digest"));
        });
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                Webhooks.get(port, "/api/builds?status=failed&limit=1000").body()).contains("body is not valid JSON"));
    }

    @Test
    void aManualTriggerBuildsTheNamedImagesAgain() throws Exception {
        try (TestRepo repo = TestRepo.create(temp.resolve("manual"))) {
            String commit = repo.commit("two images", monorepo("manual", 2));
            String body = Json.toString(Map.of("repo", Map.of("url", repo.url()), "ref", "refs/heads/main",
                    "commit", commit, "images", List.of("s1")));
            String unknown = Json.toString(Map.of("repo", Map.of("url", repo.url()), "ref", "refs/heads/main",
                    "commit", commit, "images", List.of("nope")));

            HttpResponse<String> first = Webhooks.post(port, "/api/builds", Map.of(), body);
            HttpResponse<String> again = Webhooks.post(port, "/api/builds", Map.of(), body);
            HttpResponse<String> missing = Webhooks.post(port, "/api/builds", Map.of(), unknown);

            assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
            assertThat(again.statusCode()).isEqualTo(202);
            assertThat(Webhooks.builds(first.body())).containsOnlyKeys("s1");
            assertThat(Webhooks.builds(again.body()).get("s1")).isNotEqualTo(Webhooks.builds(first.body()).get("s1"));
            assertThat(missing.statusCode()).isEqualTo(422);
            assertThat(missing.body()).contains("images.nope is not in devspace.yaml");
        }
    }

    @Test
    void aRepositoryOutsideTheAllowListIsRefusedBeforeAnyGitAccess() throws Exception {
        String body = Webhooks.pushPayload("https://evil.example/x.git", "evil/x", "refs/heads/main", ZEROS,
                "d".repeat(40));

        HttpResponse<String> response = Webhooks.postGithub(port, "push", Webhooks.sign(TestStack.SECRET, body), body);

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body()).contains("https://evil.example/x.git is not allowed by BUILDLINE_ALLOWED_REPOS");
    }

    @Test
    void aBodyOverTheCapIs413AndTheNextDeliveryIsStillAccepted() throws Exception {
        String huge = "{\"padding\":\"" + "x".repeat(26 * 1024 * 1024) + "\"}";
        long before = stack.recordCount(Topics.defaults().buildRequests());

        HttpResponse<String> tooLarge = Webhooks.postGithub(port, "push", "sha256=00", huge);

        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.body()).contains("body is larger than 26214400 bytes");
        assertThat(stack.recordCount(Topics.defaults().buildRequests())).isEqualTo(before);
        HttpResponse<String> ping = Webhooks.postGithub(port, "ping", Webhooks.sign(TestStack.SECRET, "{}"), "{}");
        assertThat(ping.statusCode()).isEqualTo(200);
    }

    /** {@code count} images under services/sN, each FROM scratch with one file, pushed to the test registry. */
    static Map<String, String> monorepo(String name, int count) {
        Map<String, String> files = new LinkedHashMap<>();
        StringBuilder yaml = new StringBuilder("version: v2beta1\nimages:\n");
        for (int i = 0; i < count; i++) {
            yaml.append("  s").append(i).append(":\n")
                    .append("    image: ").append(BuildHost.REGISTRY).append("/buildline-it/").append(name).append('-')
                    .append(RUN).append("-s").append(i).append('\n')
                    .append("    context: ./services/s").append(i).append('\n')
                    .append("    dockerfile: ./services/s").append(i).append("/Dockerfile\n")
                    .append("    buildKit: {}\n");
            files.put("services/s" + i + "/Dockerfile", "FROM scratch\nCOPY app.txt /app.txt\n");
            files.put("services/s" + i + "/app.txt", "s" + i + "\n");
        }
        files.put("devspace.yaml", yaml.toString());
        return files;
    }
}
