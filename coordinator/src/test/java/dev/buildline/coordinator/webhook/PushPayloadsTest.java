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
}
