package dev.buildline.coordinator.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.buildline.common.messages.BuildEvent;
import dev.buildline.common.messages.BuildLogChunk;
import dev.buildline.common.messages.BuildStatus;
import dev.buildline.common.messages.RepoRef;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BuildStateViewTest {

    private static final RepoRef REPO = new RepoRef("https://git.example/acme/app.git", "acme/app");
    private final BuildStateView view = new BuildStateView(3);

    @Test
    void lateQueuedEventDoesNotTurnARunningBuildBack() {
        view.apply(event("b1", BuildStatus.RUNNING, 1, 10, null));
        view.apply(event("b1", BuildStatus.QUEUED, 1, 5, null));

        assertThat(view.get("b1")).get().extracting(BuildView::status).isEqualTo(BuildStatus.RUNNING);
    }

    @Test
    void terminalEventKeepsFieldsItLeavesOutAndAddsItsOwn() {
        view.apply(event("b1", BuildStatus.RUNNING, 1, 10, null));
        view.apply(event("b1", BuildStatus.SUCCEEDED, 1, 20, "sha256:abc"));

        BuildView build = view.get("b1").orElseThrow();
        assertThat(build.status()).isEqualTo(BuildStatus.SUCCEEDED);
        assertThat(build.digest()).isEqualTo("sha256:abc");
        assertThat(build.repo()).isEqualTo(REPO.url());
        assertThat(build.startedAt()).isEqualTo(Instant.ofEpochSecond(10));
    }

    @Test
    void aNewAttemptRestartsTheStatus() {
        view.apply(event("b1", BuildStatus.FAILED, 1, 10, null));
        view.apply(event("b1", BuildStatus.RUNNING, 2, 20, null));

        assertThat(view.get("b1")).get().extracting(BuildView::status, BuildView::attempt)
                .containsExactly(BuildStatus.RUNNING, 2);
    }

    @Test
    void listFiltersAndKeepsTheNewestWithinItsBound() {
        for (int i = 1; i <= 4; i++) {
            view.apply(event("b" + i, i % 2 == 0 ? BuildStatus.FAILED : BuildStatus.SUCCEEDED, 1, i, null));
        }

        assertThat(view.get("b1")).isEmpty();
        assertThat(view.list(null, null, null, 10)).extracting(BuildView::buildId).containsExactly("b4", "b3", "b2");
        assertThat(view.list(BuildStatus.FAILED, null, null, 10)).extracting(BuildView::buildId)
                .containsExactly("b4", "b2");
        assertThat(view.list(null, "api", null, 10)).extracting(BuildView::buildId).containsExactly("b4", "b3", "b2");
        assertThat(view.list(null, "web", null, 10)).isEmpty();
        assertThat(view.list(null, null, "acme/app", 1)).extracting(BuildView::buildId).containsExactly("b4");
    }

    @Test
    void logKeepsLinesInOrder() {
        view.appendLog(new BuildLogChunk(1, "b1", 1, 0, List.of("#1 one", "#2 two"), Instant.EPOCH));
        view.appendLog(new BuildLogChunk(1, "b1", 1, 1, List.of("#3 three"), Instant.EPOCH));

        assertThat(view.logLines("b1")).containsExactly("#1 one", "#2 two", "#3 three");
    }

    private static BuildEvent event(String id, BuildStatus status, int attempt, long second, String digest) {
        Instant time = Instant.ofEpochSecond(second);
        return new BuildEvent(1, id + status + attempt, id, "api", REPO, "refs/heads/main", "c0ffee", status,
                List.of("acme/api:abcdefg"), digest, status == BuildStatus.RUNNING ? time : null,
                status.isTerminal() ? time : null, status.isTerminal() ? 1000L : null, null, attempt, null, "w", "inputs-1", time);
    }
}
