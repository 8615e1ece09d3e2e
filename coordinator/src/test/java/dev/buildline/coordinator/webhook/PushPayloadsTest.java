package dev.buildline.coordinator.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Payloads shaped on each host's documented push events. */
class PushPayloadsTest {

    private static final String A = "a".repeat(40);
    private static final String B = "b".repeat(40);
    private static final String ZERO = "0".repeat(40);

    @Test
    void githubPushWithItsChangedFiles() {
        PushEvent push = PushPayloads.github("d-1", bytes("""
                {"ref":"refs/heads/main","before":"%s","after":"%s","deleted":false,"forced":false,
                 "repository":{"full_name":"acme/app","clone_url":"https://github.com/acme/app.git"},
                 "commits":[{"id":"1","added":["api/new.go"],"removed":["web/old.js"],"modified":["README.md"]},
                            {"id":"2","added":[],"removed":[],"modified":["api/main.go"]}]}
                """.formatted(A, B)));

        assertThat(push.provider()).isEqualTo("github");
        assertThat(push.repo().url()).isEqualTo("https://github.com/acme/app.git");
        assertThat(push.repo().name()).isEqualTo("acme/app");
        assertThat(push.ref()).isEqualTo("refs/heads/main");
        assertThat(push.before()).isEqualTo(A);
        assertThat(push.after()).isEqualTo(B);
        assertThat(push.deleted()).isFalse();
        assertThat(push.changedPaths()).containsExactlyInAnyOrder("api/new.go", "web/old.js", "README.md", "api/main.go");
        assertThat(push.pathsComplete()).isTrue();
        assertThat(push.deliveryId()).isEqualTo("d-1");
    }

    @Test
    void githubTagPushNewBranchAndForcedPushHaveNoTrustworthyFileList() {
        PushEvent tag = PushPayloads.github("d", bytes(github("refs/tags/v1.0", ZERO, B, false, false, "[]")));
        PushEvent forced = PushPayloads.github("d", bytes(github("refs/heads/main", A, B, false, true, "[]")));

        assertThat(tag.ref()).isEqualTo("refs/tags/v1.0");
        assertThat(tag.created()).isTrue();
        assertThat(tag.pathsComplete()).isFalse();
        assertThat(forced.pathsComplete()).isFalse();
    }

    @Test
    void githubListCutAt2048CommitsIsIncomplete() {
        StringBuilder commits = new StringBuilder("[");
        for (int i = 0; i < PushPayloads.GITHUB_MAX_COMMITS; i++) {
            commits.append(i == 0 ? "" : ",").append("{\"modified\":[\"f").append(i).append("\"]}");
        }
        PushEvent push = PushPayloads.github("d", bytes(github("refs/heads/main", A, B, false, false, commits + "]")));

        assertThat(push.pathsComplete()).isFalse();
    }

    @Test
    void githubBranchDeletion() {
        PushEvent push = PushPayloads.github("d", bytes(github("refs/heads/old", A, ZERO, true, false, "[]")));

        assertThat(push.deleted()).isTrue();
    }

    @Test
    void giteaPushCutByTotalCommits() {
        PushEvent push = PushPayloads.gitea("g-1", bytes("""
                {"ref":"refs/heads/main","before":"%s","after":"%s","total_commits":30,
                 "repository":{"full_name":"acme/app","clone_url":"https://gitea.example/acme/app.git"},
                 "commits":[{"id":"1","added":["a.txt"],"removed":[],"modified":[]}]}
                """.formatted(A, B)));

        assertThat(push.provider()).isEqualTo("gitea");
        assertThat(push.repo().url()).isEqualTo("https://gitea.example/acme/app.git");
        assertThat(push.changedPaths()).containsExactly("a.txt");
        assertThat(push.pathsComplete()).isFalse();
    }

    @Test
    void gitlabPushAndTagPush() {
        PushEvent push = PushPayloads.gitlab("l-1", bytes("""
                {"object_kind":"push","ref":"refs/heads/main","before":"%s","after":"%s","total_commits_count":1,
                 "project":{"path_with_namespace":"acme/app","git_http_url":"https://gitlab.example/acme/app.git"},
                 "commits":[{"id":"1","added":["api/x.go"],"modified":[],"removed":[]}]}
                """.formatted(A, B)));
        PushEvent tag = PushPayloads.gitlab("l-2", bytes("""
                {"object_kind":"tag_push","ref":"refs/tags/v2","before":"%s","after":"%s","total_commits_count":0,
                 "project":{"path_with_namespace":"acme/app","git_http_url":"https://gitlab.example/acme/app.git"},
                 "commits":[]}
                """.formatted(ZERO, B)));
        PushEvent truncated = PushPayloads.gitlab("l-3", bytes("""
                {"ref":"refs/heads/main","before":"%s","after":"%s","total_commits_count":40,
                 "project":{"git_http_url":"https://gitlab.example/acme/app.git"},"commits":[{"added":["x"]}]}
                """.formatted(A, B)));

        assertThat(push.repo().name()).isEqualTo("acme/app");
        assertThat(push.changedPaths()).containsExactly("api/x.go");
        assertThat(push.pathsComplete()).isTrue();
        assertThat(tag.ref()).isEqualTo("refs/tags/v2");
        assertThat(tag.created()).isTrue();
        assertThat(truncated.pathsComplete()).isFalse();
    }

    @Test
    void gitlabBranchDeletionHasAZeroAfter() {
        PushEvent push = PushPayloads.gitlab("l", bytes("""
                {"ref":"refs/heads/gone","before":"%s","after":"%s",
                 "project":{"git_http_url":"https://gitlab.example/acme/app.git"},"commits":[]}
                """.formatted(A, ZERO)));

        assertThat(push.deleted()).isTrue();
    }

    @Test
    void namesTheMissingField() {
        assertThatThrownBy(() -> PushPayloads.github("d", bytes("{\"ref\":\"refs/heads/main\",\"after\":\"x\"}")))
                .isInstanceOf(RequestRejectedException.class)
                .hasMessage("payload field repository.clone_url is missing or not a string");
        assertThatThrownBy(() -> PushPayloads.gitlab("d", bytes("{\"ref\":\"refs/heads/main\",\"after\":\"x\"}")))
                .hasMessage("payload field project.git_http_url is missing or not a string");
        assertThatThrownBy(() -> PushPayloads.github("d", bytes("[1,2]")))
                .hasMessage("payload is not a JSON object");
        assertThatThrownBy(() -> PushPayloads.gitea("d", bytes("{\"ref\":")))
                .hasMessageStartingWith("payload is not valid JSON");
    }

    private static String github(String ref, String before, String after, boolean deleted, boolean forced,
                                 String commits) {
        return """
                {"ref":"%s","before":"%s","after":"%s","deleted":%s,"forced":%s,
                 "repository":{"full_name":"acme/app","clone_url":"https://github.com/acme/app.git"},"commits":%s}
                """.formatted(ref, before, after, deleted, forced, commits);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    // --- shapes from the hosts' own fixtures and documentation (payloads/*, each naming its source) ---

    @Test
    void githubBranchCreatedWithItsCommitListed() {
        PushEvent push = PushPayloads.github("d", Fixtures.payload("github/push-new-branch.json"));

        assertThat(push.after()).isEqualTo("6113728f27ae82c7b1a177c8d03f9e96e0adf246");
        assertThat(push.created()).isTrue();
        assertThat(push.pathsComplete()).as("a new branch: git decides what changed").isFalse();
        assertThat(push.repo().url()).isEqualTo("https://github.com/Codertocat/Hello-World.git");
    }

    @Test
    void githubBranchCreatedAtAnExistingCommitHasNoCommitsButAHeadCommit() {
        PushEvent push = PushPayloads.github("d", Fixtures.payload("github/push-branch-created-at-existing-commit.json"));

        assertThat(push.deleted()).isFalse();
        assertThat(push.after()).isEqualTo("6113728f27ae82c7b1a177c8d03f9e96e0adf246");
        assertThat(push.changedPaths()).isEmpty();
        assertThat(push.pathsComplete()).isFalse();
    }

    @Test
    void githubBranchMovedToAnExistingCommitListsNoCommitsSoGitDecides() {
        PushEvent push = PushPayloads.github("d", Fixtures.payload("github/push-moved-to-existing-commit.json"));

        assertThat(push.created()).isFalse();
        assertThat(push.changedPaths()).isEmpty();
        // an empty list is not "nothing changed": the paths come from git (before..after)
        assertThat(push.pathsComplete()).isFalse();
    }

    @Test
    void githubTagDeletedHasANullHeadCommit() {
        PushEvent push = PushPayloads.github("d", Fixtures.payload("github/push-tag-deleted.json"));

        assertThat(push.deleted()).isTrue();
        assertThat(push.ref()).isEqualTo("refs/tags/simple-tag");
        assertThat(push.after()).isEqualTo(ZERO);
    }

    @Test
    void githubAnnotatedTagBuildsTheCommitNotTheTagObject() {
        PushEvent push = PushPayloads.github("d", bytes("""
                {"ref":"refs/tags/v1.0","before":"%s","after":"%s","created":true,"deleted":false,"forced":false,
                 "repository":{"full_name":"acme/app","clone_url":"https://github.com/acme/app.git"},
                 "commits":[],"head_commit":{"id":"%s"}}
                """.formatted(ZERO, A, B)));

        assertThat(push.after()).isEqualTo(B);
    }

    @Test
    void giteaPushWithoutAHeadCommitKeyOnAHostWithAPort() {
        PushEvent push = PushPayloads.gitea("g", Fixtures.payload("gitea/push.json"));

        assertThat(push.after()).isEqualTo("bffeb74224043ba2feb48d137756c8a9331c449a");
        assertThat(push.before()).isEqualTo("28e1879d029cb852e4844d9c718537df08844e03");
        assertThat(push.repo().url()).isEqualTo("http://localhost:3000/gitea/webhooks.git");
        assertThat(push.repo().name()).isEqualTo("gitea/webhooks");
    }

    @Test
    void giteaOnAnIpHostWithAnApiUrlAndMoreCommitsThanListed() {
        PushEvent push = PushPayloads.gitea("g", Fixtures.payload("gitea/push-ip-host-cut.json"));

        // repository.url is Gitea's API URL: the clone URL is what git can fetch
        assertThat(push.repo().url()).isEqualTo("http://192.168.1.20:3000/gitea/webhooks.git");
        assertThat(push.pathsComplete()).isFalse();
    }

    @Test
    void gitlabPushHookCountsMoreCommitsThanItListsAndHasNoHeadCommit() {
        PushEvent push = PushPayloads.gitlab("l", Fixtures.payload("gitlab/push-hook.json"));

        assertThat(push.after()).isEqualTo("da1560886d4f094c3e6c9ef40349f7d38b5d27d7");
        assertThat(push.changedPaths()).containsExactlyInAnyOrder("CHANGELOG", "app/controller/application.rb");
        assertThat(push.pathsComplete()).as("total_commits_count 4, two listed").isFalse();
        // repository.url is the SSH URL: git_http_url is what is fetched
        assertThat(push.repo().url()).isEqualTo("http://example.com/mike/diaspora.git");
        assertThat(push.repo().name()).isEqualTo("mike/diaspora");
    }

    @Test
    void gitlabBranchDeletedHasANullCheckoutSha() {
        PushEvent push = PushPayloads.gitlab("l", Fixtures.payload("gitlab/push-hook-branch-deleted.json"));

        assertThat(push.deleted()).isTrue();
        assertThat(push.ref()).isEqualTo("refs/heads/feature");
    }

    @Test
    void gitlabNestedSubgroupsOnASelfHostedIpAndPort() {
        PushEvent push = PushPayloads.gitlab("l", Fixtures.payload("gitlab/push-hook-subgroup-self-hosted.json"));

        assertThat(push.repo().url()).isEqualTo("http://10.0.0.5:8929/platform/team/services/api.git");
        assertThat(push.repo().name()).isEqualTo("platform/team/services/api");
    }

    @Test
    void gitlabSystemHookPushListsCommitsWithoutFilesSoGitDecides() {
        PushEvent push = PushPayloads.gitlab("l", Fixtures.payload("gitlab/system-hook-push.json"));

        assertThat(push.after()).isEqualTo("da1560886d4f094c3e6c9ef40349f7d38b5d27d7");
        assertThat(push.before()).isEqualTo("95790bf891e76fee5e1747ab589903a6a1f80f22");
        assertThat(push.repo().url()).isEqualTo("http://example.com/mike/diaspora.git");
        assertThat(push.changedPaths()).isEmpty();
        // one commit listed, without added/modified/removed: that is no file list, so the paths come from git
        assertThat(push.pathsComplete()).isFalse();
    }

    @Test
    void gitlabAnnotatedTagBuildsAndReportsCheckoutShaNotTheTagObject() {
        PushEvent tag = PushPayloads.gitlab("l", Fixtures.payload("gitlab/system-hook-tag-push.json"));

        assertThat(tag.after()).isEqualTo("5937ac0a7beb003549fc5fd26fc247adbce4a52e");
        assertThat(tag.ref()).isEqualTo("refs/tags/v1.0.0");
        assertThat(tag.created()).isTrue();
        assertThat(tag.repo().url()).isEqualTo("http://example.com/jsmith/example.git");
    }

    @Test
    void aCommitThatIsNot40HexIsMalformed() {
        assertThatThrownBy(() -> PushPayloads.github("d", bytes(github("refs/heads/main", A, "nothex", false, false,
                "[]"))))
                .isInstanceOf(RequestRejectedException.class)
                .hasMessage("payload field after must be a 40-hex commit id, found 'nothex'")
                .extracting(e -> ((RequestRejectedException) e).status()).isEqualTo(400);
        assertThatThrownBy(() -> PushPayloads.gitlab("d", bytes("""
                {"ref":"refs/tags/v1","before":"%s","after":"%s","checkout_sha":"main",
                 "project":{"git_http_url":"https://gitlab.example/acme/app.git"}}
                """.formatted(ZERO, A))))
                .hasMessage("payload field checkout_sha must be a 40-hex commit id, found 'main'");
        assertThat(PushPayloads.commitId("DA1560886D4F094C3E6C9EF40349F7D38B5D27D7", "commit"))
                .isEqualTo("da1560886d4f094c3e6c9ef40349f7d38b5d27d7");
    }
}
