package dev.buildline.coordinator.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.buildline.common.messages.BuildStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Each host's request for a status, as its API documents it (pure: no HTTP). */
class StatusHostTest {

    private static final String SHA = "6dcb09b5b57875f334f61aebed695e2e4193db5e";

    private static CommitStatus status(CommitState state, String description) {
        return new CommitStatus("https://example/x.git", "acme/shop", SHA, "main", "buildline/web", state, description,
                "https://buildline.example.com/builds/b1", "b1", 1, BuildStatus.RUNNING, Instant.EPOCH);
    }

    @Test
    void eachHostNamesTheStatesInItsOwnWords() {
        assertThat(java.util.Arrays.stream(CommitState.values()).map(StatusHost.GITHUB::state))
                .containsExactly("pending", "pending", "success", "failure", "error", "error");
        assertThat(java.util.Arrays.stream(CommitState.values()).map(StatusHost.GITLAB::state))
                .containsExactly("pending", "running", "success", "failed", "failed", "canceled");
        assertThat(java.util.Arrays.stream(CommitState.values()).map(StatusHost.GITEA::state))
                .containsExactly("pending", "pending", "success", "failure", "error", "warning");
    }

    @Test
    void githubEnterpriseBaseUrlAndBearerToken() {
        HostRequest request = StatusHost.GITHUB.request("https://ghe.example.com/api/v3/", "acme/shop", "ghp_t",
                status(CommitState.RUNNING, "Building on worker-1"));

        assertThat(request.url()).isEqualTo("https://ghe.example.com/api/v3/repos/acme/shop/statuses/" + SHA);
        assertThat(request.headers()).containsEntry("Authorization", "Bearer ghp_t")
                .containsEntry("Accept", "application/vnd.github+json").containsEntry("User-Agent", "buildline");
        assertThat(request.body()).containsExactly(
                java.util.Map.entry("state", "pending"), java.util.Map.entry("context", "buildline/web"),
                java.util.Map.entry("target_url", "https://buildline.example.com/builds/b1"),
                java.util.Map.entry("description", "Building on worker-1"));
        assertThat(request.toString()).doesNotContain("ghp_t");
    }

    @Test
    void gitlabTakesTheUrlEncodedPathTheRefAndTheNameAsContext() {
        HostRequest request = StatusHost.GITLAB.request("https://gitlab.example.com/api/v4", "group/sub/shop",
                "glpat-t", status(CommitState.CANCELLED, "Cancelled"));

        assertThat(request.url())
                .isEqualTo("https://gitlab.example.com/api/v4/projects/group%2Fsub%2Fshop/statuses/" + SHA);
        assertThat(request.headers()).containsEntry("PRIVATE-TOKEN", "glpat-t").doesNotContainKey("Authorization");
        assertThat(request.body()).containsEntry("state", "canceled").containsEntry("ref", "main")
                .containsEntry("name", "buildline/web").doesNotContainKey("context");
    }

    @Test
    void giteaUsesTheTokenScheme() {
        HostRequest request = StatusHost.GITEA.request("https://gitea.example.com/api/v1", "acme/shop", "gt",
                status(CommitState.CANCELLED, "Superseded by a newer push"));

        assertThat(request.url()).isEqualTo("https://gitea.example.com/api/v1/repos/acme/shop/statuses/" + SHA);
        assertThat(request.headers()).containsEntry("Authorization", "token gt");
        assertThat(request.body()).containsEntry("state", "warning").containsEntry("context", "buildline/web");
    }

    @Test
    void descriptionsKeepToTheHostsLimitOnOneLine() {
        String long200 = "buildx exited with code 1 " + "x".repeat(200) + "\n#7 ERROR: process did not complete";
        String github = (String) StatusHost.GITHUB.request("https://api.github.com", "acme/shop", "t",
                status(CommitState.FAILURE, long200)).body().get("description");
        assertThat(github).hasSize(140).startsWith("buildx exited with code 1 xxx").endsWith("…");
        String gitlab = (String) StatusHost.GITLAB.request("https://gitlab.com/api/v4", "acme/shop", "t",
                status(CommitState.FAILURE, long200)).body().get("description");
        assertThat(gitlab).hasSize(255).doesNotContain("\n");
        assertThat(StatusHost.shorten("short\n  reason", 140)).isEqualTo("short reason");
    }

    @Test
    void aProjectThatIsNotOwnerAndNameIsRefusedForGithubAndGitea() {
        assertThatThrownBy(() -> StatusHost.GITHUB.request("https://api.github.com", "group/sub/shop", "t",
                status(CommitState.PENDING, "Queued"))).hasMessage("'group/sub/shop' is not owner/name");
        assertThatThrownBy(() -> StatusHost.fromWire("bitbucket"))
                .hasMessage("unknown host 'bitbucket' (known: github, gitlab, gitea, forgejo)");
        assertThat(StatusHost.fromWire("Forgejo")).isEqualTo(StatusHost.GITEA);
    }
}
