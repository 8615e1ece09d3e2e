package dev.buildline.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.buildline.common.messages.Json;
import dev.buildline.common.messages.Topics;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * BUILDLINE_ALLOWED_REPOS as an attacker reads it, through the real webhook and API endpoints of a coordinator on the
 * embedded broker: two git hosts on loopback ({@link GitHttpHost}, git's own http-backend) that record every request,
 * the allow-list naming one repository group on one of them. Each look-alike URL is a 422 that says what is wrong,
 * nothing is queued, and neither host is asked anything.
 */
class RepoUrlIT {

    private static final String ZEROS = "0".repeat(40);

    @TempDir
    static Path temp;
    private static GitHttpHost allowedHost;
    private static GitHttpHost otherHost;
    private static TestStack stack;
    private static int port;
    private static String allowedCommit;

    @BeforeAll
    static void start() throws Exception {
        allowedHost = GitHttpHost.serve(temp.resolve("allowed-host"));
        otherHost = GitHttpHost.serve(temp.resolve("other-host"));
        try (TestRepo allowed = TestRepo.create(temp.resolve("allowed-host/team/app"));
             TestRepo privateOne = TestRepo.create(temp.resolve("allowed-host/private/app"));
             TestRepo elsewhere = TestRepo.create(temp.resolve("other-host/team/app"))) {
            allowedCommit = allowed.commit("one image", IntakeIT.monorepo("url-allowed", 1));
            privateOne.commit("one image", IntakeIT.monorepo("url-private", 1));
            elsewhere.commit("one image", IntakeIT.monorepo("url-other", 1));
        }
        stack = TestStack.start(temp.resolve("stack"), List.of(allowedHost.url("team")), false);
        port = stack.port();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        if (allowedHost != null) {
            allowedHost.close();
        }
        if (otherHost != null) {
            otherHost.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "http://localhost@127.0.0.1:OTHER/team/app        | carries a user name or password",
            "http://127.0.0.1:ALLOWED@127.0.0.1:OTHER/team/app | carries a user name or password",
            "http://127.0.0.1:ALLOWED/team/../private/app     | its path has a '..' segment",
            "http://127.0.0.1:ALLOWED/team/%2e%2e/private/app | its path has a '..' segment (written '%2e%2e')",
            "http://127.0.0.1:ALLOWED/team/%2E%2E/private/app | its path has a '..' segment (written '%2E%2E')",
            "http://127.0.0.1:ALLOWED/team//app               | its path has an empty segment",
            "http://127.0.0.1:ALLOWED/team-other/app          | is not allowed by BUILDLINE_ALLOWED_REPOS",
            "http://127.0.0.1:OTHER/team/app                  | is not allowed by BUILDLINE_ALLOWED_REPOS",
    })
    void aLookAlikeUrlIsRefusedAtEveryDoorAndNoHostIsAsked(String template, String why) throws Exception {
        String url = template.replace("ALLOWED", Integer.toString(allowedHost.port()))
                .replace("OTHER", Integer.toString(otherHost.port()));
        long queued = stack.recordCount(Topics.defaults().buildRequests());
        int allowedAsked = allowedHost.requested().size();
        String push = Webhooks.pushPayload(url, "it/app", "refs/heads/main", ZEROS, allowedCommit);
        String manual = Json.toString(Map.of("repo", Map.of("url", url), "ref", "refs/heads/main",
                "commit", allowedCommit));
        String change = Json.toString(Map.of("repo", Map.of("url", url), "ref", "refs/heads/main",
                "commit", allowedCommit, "devspaceYaml", "version: v2beta1\nimages: {}\n"));

        HttpResponse<String> webhook = Webhooks.postGithub(port, "push", Webhooks.sign(TestStack.SECRET, push), push);
        HttpResponse<String> api = Webhooks.post(port, "/api/builds", Map.of(), manual);
        HttpResponse<String> configChange = Webhooks.post(port, "/api/events/config-change", Map.of(), change);

        for (HttpResponse<String> answer : List.of(webhook, api, configChange)) {
            assertThat(answer.statusCode()).as(answer.uri() + ": " + answer.body()).isEqualTo(422);
            assertThat(answer.body()).as(answer.uri().toString()).contains(why);
        }
        assertThat(stack.recordCount(Topics.defaults().buildRequests())).isEqualTo(queued);
        assertThat(allowedHost.requested()).hasSize(allowedAsked);
        assertThat(otherHost.requested()).isEmpty();
    }

    @Test
    void theAllowedRepositoryIsFetchedFromItsOwnHostAndPathOnly() throws Exception {
        String url = allowedHost.url("team/app");
        String push = Webhooks.pushPayload(url, "it/app", "refs/heads/main", ZEROS, allowedCommit);

        HttpResponse<String> webhook = Webhooks.postGithub(port, "push", Webhooks.sign(TestStack.SECRET, push), push);

        assertThat(webhook.statusCode()).as(webhook.body()).isEqualTo(202);
        assertThat(allowedHost.requested()).isNotEmpty().allMatch(path -> path.startsWith("/team/app/"));
        assertThat(otherHost.requested()).isEmpty();
    }
}
