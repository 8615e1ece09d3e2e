package dev.buildline.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.buildline.common.messages.Topics;
import dev.buildline.coordinator.intake.RepositorySettings;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinator's doors tried as a stranger would, through its HTTP endpoint with a real broker and real git
 * repositories: API writes a web page on another site could send, webhooks signed with the wrong repository's
 * secret, and made-up webhook providers against the metrics.
 */
class DoorsIT {

    private static final String ZEROS = "0".repeat(40);
    private static final String OWN_SECRET = "own-repository-secret";
    private static final String OTHER_SECRET = "other-repository-secret";

    @TempDir
    static Path temp;
    private static TestStack stack;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        String base = TestRepo.url(temp);
        // every repository under own/ has its own secret, under other/ another one; the rest take the global one
        RepositorySettings repositories = RepositorySettings.parse("""
                - url: %sown/
                  webhookSecretEnv: OWN_WEBHOOK_SECRET
                - url: %sother/
                  webhookSecretEnv: OTHER_WEBHOOK_SECRET
                """.formatted(base, base), "repositories.yaml", "devspace.yaml",
                Map.of("OWN_WEBHOOK_SECRET", OWN_SECRET, "OTHER_WEBHOOK_SECRET", OTHER_SECRET), null, null);
        stack = TestStack.start(temp.resolve("stack"), List.of(base), false, repositories);
        port = stack.port();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aWriteThatIsNotJsonOrComesFromAnotherSiteQueuesNothing() throws Exception {
        try (TestRepo repo = TestRepo.create(temp.resolve("plain/api"))) {
            String commit = repo.commit("one image", IntakeIT.monorepo("doors-api", 1));
            String body = """
                    {"repo": {"url": "%s"}, "ref": "refs/heads/main", "commit": "%s"}""".formatted(repo.url(), commit);
            long queued = queued();

            HttpResponse<String> plain = Webhooks.post(port, "/api/builds", Map.of("Content-Type", "text/plain"), body);
            HttpResponse<String> form = Webhooks.post(port, "/api/events/config-change",
                    Map.of("Content-Type", "application/x-www-form-urlencoded"), "devspaceYaml=x");
            HttpResponse<String> crossSite = Webhooks.post(port, "/api/builds",
                    Map.of("Origin", "https://evil.example"), body);
            HttpResponse<String> cancel = Webhooks.post(port, "/api/builds/any/cancel",
                    Map.of("Content-Type", "text/plain"), "");

            assertThat(plain.statusCode()).isEqualTo(415);
            assertThat(plain.body()).contains("writes under /api take Content-Type: application/json, got text/plain");
            assertThat(form.statusCode()).isEqualTo(415);
            assertThat(cancel.statusCode()).isEqualTo(415);
            assertThat(crossSite.statusCode()).isEqualTo(403);
            assertThat(crossSite.body()).contains("Origin https://evil.example may not write to this API");
            assertThat(rebound(body)).as("a page whose name was rebound to 127.0.0.1 (this API has no token)")
                    .startsWith("HTTP/1.1 403 ");
            assertThat(queued()).as("nothing reached build-requests").isEqualTo(queued);

            HttpResponse<String> dashboard = Webhooks.post(port, "/api/builds",
                    Map.of("Origin", "http://127.0.0.1:" + port), body);
            assertThat(dashboard.statusCode()).as(dashboard.body()).isEqualTo(202);
            assertThat(queued()).isEqualTo(queued + 1);
        }
    }

    @Test
    void aRepositoryWithItsOwnSecretRefusesTheGlobalOneAndAnotherRepositorysOnGithub() throws Exception {
        try (TestRepo own = TestRepo.create(temp.resolve("own/github"));
             TestRepo plain = TestRepo.create(temp.resolve("plain/github"))) {
            String ownBody = Webhooks.pushPayload(own.url(), "own/github", "refs/heads/main", ZEROS,
                    own.commit("one image", IntakeIT.monorepo("doors-gh", 1)));
            String plainBody = Webhooks.pushPayload(plain.url(), "plain/github", "refs/heads/main", ZEROS,
                    plain.commit("one image", IntakeIT.monorepo("doors-gh-plain", 1)));
            long queued = queued();

            List<Integer> refused = List.of(
                    github(Webhooks.sign(TestStack.SECRET, ownBody), ownBody),
                    github(Webhooks.sign(OTHER_SECRET, ownBody), ownBody),
                    github(Webhooks.sign(OWN_SECRET, plainBody), plainBody));

            assertThat(refused).containsOnly(401);
            assertThat(queued()).isEqualTo(queued);
            assertThat(github(Webhooks.sign(OWN_SECRET, ownBody), ownBody)).isEqualTo(202);
            assertThat(github(Webhooks.sign(TestStack.SECRET, plainBody), plainBody)).isEqualTo(202);
            assertThat(queued()).isEqualTo(queued + 2);
        }
    }

    @Test
    void aRepositoryWithItsOwnSecretRefusesTheGlobalTokenAndAnotherRepositorysOnGitlab() throws Exception {
        try (TestRepo own = TestRepo.create(temp.resolve("own/gitlab"))) {
            String body = """
                    {"object_kind":"push","ref":"refs/heads/main","before":"%s","after":"%s","total_commits_count":1,
                     "project":{"path_with_namespace":"own/gitlab","git_http_url":"%s"},"commits":[]}
                    """.formatted(ZEROS, own.commit("one image", IntakeIT.monorepo("doors-gl", 1)), own.url());
            long queued = queued();

            HttpResponse<String> global = gitlab(TestStack.GITLAB_TOKEN, body);
            HttpResponse<String> other = gitlab(OTHER_SECRET, body);

            assertThat(global.statusCode()).isEqualTo(401);
            assertThat(global.body()).contains("X-Gitlab-Token does not match");
            assertThat(other.statusCode()).isEqualTo(401);
            assertThat(queued()).isEqualTo(queued);
            assertThat(gitlab(OWN_SECRET, body).statusCode()).isEqualTo(202);
            assertThat(queued()).isEqualTo(queued + 1);
        }
    }

    @Test
    void aRepositoryWithItsOwnSecretRefusesTheGlobalOneAndAnotherRepositorysOnGitea() throws Exception {
        try (TestRepo own = TestRepo.create(temp.resolve("own/gitea"))) {
            String body = """
                    {"ref":"refs/heads/main","before":"%s","after":"%s","total_commits":0,
                     "repository":{"full_name":"own/gitea","clone_url":"%s"},"commits":[]}
                    """.formatted(ZEROS, own.commit("one image", IntakeIT.monorepo("doors-gt", 1)), own.url());
            long queued = queued();

            assertThat(gitea(TestStack.SECRET, body)).isEqualTo(401);
            assertThat(gitea(OTHER_SECRET, body)).isEqualTo(401);
            assertThat(queued()).isEqualTo(queued);
            assertThat(gitea(OWN_SECRET, body)).isEqualTo(202);
            assertThat(queued()).isEqualTo(queued + 1);
        }
    }

    @Test
    void madeUpWebhookProvidersAddNoLabelValues() throws Exception {
        double othersBefore = Scrape.of(port).sum("buildline_webhooks_total", Map.of("provider", "other"));

        for (int i = 0; i < 300; i++) {
            HttpResponse<String> answer = Webhooks.post(port, "/webhooks/made-up-" + i, Map.of(), "{}");
            assertThat(answer.statusCode()).isEqualTo(404);
        }

        Scrape after = Scrape.of(port);
        assertThat(after.labelValues("buildline_webhooks_total", "provider"))
                .isSubsetOf("github", "gitlab", "gitea", "other").contains("other");
        assertThat(after.sum("buildline_webhooks_total", Map.of("provider", "other")) - othersBefore)
                .isEqualTo(300.0);
        assertThat(after.text()).doesNotContain("made-up-");
    }

    private static int github(String signature, String body) throws Exception {
        return Webhooks.postGithub(port, "push", signature, body).statusCode();
    }

    private static HttpResponse<String> gitlab(String token, String body) throws Exception {
        return Webhooks.post(port, "/webhooks/gitlab", Map.of("X-Gitlab-Event", "Push Hook", "X-Gitlab-Token", token),
                body);
    }

    private static int gitea(String secret, String body) throws Exception {
        String hex = Webhooks.sign(secret, body).substring("sha256=".length());
        return Webhooks.post(port, "/webhooks/gitea", Map.of("X-Gitea-Event", "push", "X-Gitea-Signature", hex), body)
                .statusCode();
    }

    /**
     * The status line a browser gets for a JSON POST from a page whose own name now resolves to 127.0.0.1 (DNS
     * rebinding): same-origin to the browser, so it sends its own name as {@code Host} and {@code Origin}. Written on
     * a socket, since Java's HTTP client does not let a caller set {@code Host}.
     */
    private static String rebound(String body) throws Exception {
        String site = "rebound.example:" + port;
        byte[] json = body.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/builds HTTP/1.1\r\nHost: " + site + "\r\nOrigin: http://" + site
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + json.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(json);
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().findFirst()
                    .orElse("");
        }
    }

    private static long queued() {
        return stack.recordCount(Topics.defaults().buildRequests());
    }
}
