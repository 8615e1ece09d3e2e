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
        view.apply(event("b1", BuildStatus.RUNNING, 1, 10, null));
        view.apply(event("b1", BuildStatus.QUEUED, 2, 20, null));

        assertThat(view.get("b1")).get().extracting(BuildView::status, BuildView::attempt)
                .containsExactly(BuildStatus.QUEUED, 2);
    }

    @Test
    void theFirstTerminalEventIsFinalWhateverComesAfterIt() {
        // a worker gave up waiting for its succeeded (two brokers away), which Kafka still took, and then announced
        // the retry: the API said queued for a pushed image, for ever, also after a restart (the same events again)
        List<List<BuildEvent>> cases = List.of(
                List.of(event("b1", BuildStatus.SUCCEEDED, 1, 10, "sha256:abc"), event("b1", BuildStatus.QUEUED, 2, 11, null)),
                List.of(event("b1", BuildStatus.SUCCEEDED, 1, 10, "sha256:abc"), event("b1", BuildStatus.RUNNING, 2, 11, null)),
                List.of(event("b1", BuildStatus.SUCCEEDED, 1, 10, "sha256:abc"), event("b1", BuildStatus.FAILED, 2, 11, null)),
                List.of(event("b1", BuildStatus.SUCCEEDED, 1, 10, "sha256:abc"), event("b1", BuildStatus.CANCELLED, 1, 11, null)));
        for (List<BuildEvent> events : cases) {
            BuildStateView fresh = new BuildStateView(3);
            events.forEach(fresh::apply);

            assertThat(fresh.get("b1")).as(events.get(1).status() + " at attempt " + events.get(1).attempt()).get()
                    .extracting(BuildView::status, BuildView::attempt, BuildView::digest)
                    .containsExactly(BuildStatus.SUCCEEDED, 1, "sha256:abc");
        }
    }

    @Test
    void aRefusedForgeryNeitherEndsNorHidesTheSignedBuildOfItsId() {
        // a worker's failed event for an unsigned record is attempt 0; the coordinator's build of that id goes on
        view.apply(event("b1", BuildStatus.FAILED, 0, 5, null));
        view.apply(event("b1", BuildStatus.QUEUED, 1, 6, null));
        view.apply(event("b1", BuildStatus.SUCCEEDED, 1, 20, "sha256:abc"));
        view.apply(event("b1", BuildStatus.FAILED, 0, 30, null));

        assertThat(view.get("b1")).hasValueSatisfying(build -> {
            assertThat(build.status()).isEqualTo(BuildStatus.SUCCEEDED);
            assertThat(build.attempt()).isEqualTo(1);
        });
    }

    @Test
    void listFiltersAndKeepsTheNewestWithinItsBound() {
        for (int i = 1; i <= 4; i++) {
            view.apply(event("b" + i, i % 2 == 0 ? BuildStatus.FAILED : BuildStatus.SUCCEEDED, 1, i, null));
        }

        assertThat(view.get("b1")).isEmpty();
        assertThat(ids(BuildFilter.ANY, 10)).containsExactly("b4", "b3", "b2");
        assertThat(ids(new BuildFilter(BuildStatus.FAILED, null, null), 10))
                .containsExactly("b4", "b2");
        assertThat(ids(new BuildFilter(null, "api", null), 10)).containsExactly("b4", "b3", "b2");
        assertThat(ids(new BuildFilter(null, "web", null), 10)).isEmpty();
        assertThat(ids(new BuildFilter(null, null, "acme/app"), 1)).containsExactly("b4");
    }

    @Test
    void theBoundDropsTheLeastRecentlyUpdatedNotTheFirstRead() {
        // after a restart partitions are read one after the other: the newest build can come first
        view.apply(event("newest", BuildStatus.SUCCEEDED, 1, 50, null));
        for (int i = 1; i <= 3; i++) {
            view.apply(event("b" + i, BuildStatus.SUCCEEDED, 1, i, null));
        }
        view.appendLog(new BuildLogChunk(1, "b2", 1, 0, List.of("#1 gone with its build"), Instant.EPOCH));
        view.apply(event("b4", BuildStatus.SUCCEEDED, 1, 4, null));

        assertThat(ids(BuildFilter.ANY, 10)).containsExactly("newest", "b4", "b3");
        assertThat(view.logLines("b2")).isEmpty();
    }

    @Test
    void logKeepsLinesInOrder() {
        view.appendLog(new BuildLogChunk(1, "b1", 1, 0, List.of("#1 one", "#2 two"), Instant.EPOCH));
        view.appendLog(new BuildLogChunk(1, "b1", 1, 1, List.of("#3 three"), Instant.EPOCH));

        assertThat(view.logLines("b1")).containsExactly("#1 one", "#2 two", "#3 three");
    }

    @Test
    void pagesCountEveryMatchAndShowTheRequestedSlice() {
        BuildStateView big = new BuildStateView(10);
        for (int i = 1; i <= 5; i++) {
            big.apply(event("b" + i, BuildStatus.SUCCEEDED, 1, i, null));
        }

        BuildPage second = big.page(BuildFilter.ANY, 2, 2);
        BuildPage past = big.page(BuildFilter.ANY, 9, 2);

        assertThat(second.total()).isEqualTo(5);
        assertThat(second.builds()).extracting(BuildView::buildId).containsExactly("b3", "b2");
        assertThat(past.total()).isEqualTo(5);
        assertThat(past.builds()).isEmpty();
    }

    @Test
    void countsBuildsInEveryStatus() {
        view.apply(event("b1", BuildStatus.RUNNING, 1, 1, null));
        view.apply(event("b2", BuildStatus.FAILED, 1, 2, null));
        view.apply(event("b3", BuildStatus.FAILED, 1, 3, null));

        assertThat(view.countByStatus()).containsEntry(BuildStatus.RUNNING, 1).containsEntry(BuildStatus.FAILED, 2)
                .containsEntry(BuildStatus.SUCCEEDED, 0).hasSize(BuildStatus.values().length);
    }

    @Test
    void followingALogGivesTheLinesSoFarThenEachNewChunkUntilClosed() {
        view.appendLog(new BuildLogChunk(1, "b1", 1, 0, List.of("#1 one"), Instant.EPOCH));
        List<String> followed = new java.util.ArrayList<>();

        LogFollow follow = view.followLog("b1", followed::addAll);
        view.appendLog(new BuildLogChunk(1, "b1", 1, 1, List.of("#2 two"), Instant.EPOCH));
        view.appendLog(new BuildLogChunk(1, "other", 1, 0, List.of("not mine"), Instant.EPOCH));
        follow.close();
        view.appendLog(new BuildLogChunk(1, "b1", 1, 2, List.of("#3 after close"), Instant.EPOCH));

        assertThat(follow.linesSoFar()).containsExactly("#1 one");
        assertThat(followed).containsExactly("#2 two");
    }

    @Test
    void listenersHearEachChangeUntilTheyUnsubscribe() {
        List<BuildStatus> heard = new java.util.ArrayList<>();
        Runnable unsubscribe = view.onChange(build -> heard.add(build.status()));

        view.apply(event("b1", BuildStatus.RUNNING, 1, 1, null));
        view.apply(event("b1", BuildStatus.QUEUED, 1, 0, null));
        view.apply(event("b1", BuildStatus.SUCCEEDED, 1, 2, null));
        unsubscribe.run();
        view.apply(event("b2", BuildStatus.RUNNING, 1, 3, null));

        assertThat(heard).containsExactly(BuildStatus.RUNNING, BuildStatus.SUCCEEDED);
    }

    private static BuildEvent event(String id, BuildStatus status, int attempt, long second, String digest) {
        Instant time = Instant.ofEpochSecond(second);
        return new BuildEvent(1, id + status + attempt, id, "api", REPO, "refs/heads/main", "c0ffee", status,
                List.of("acme/api:abcdefg"), digest, status == BuildStatus.RUNNING ? time : null,
                status.isTerminal() ? time : null, status.isTerminal() ? 1000L : null, null, attempt, null, "w", "inputs-1", time);
    }

    /** Build ids of the first page of {@code filter}, as the list API shows them. */
    private List<String> ids(BuildFilter filter, int limit) {
        return view.page(filter, 0, limit).builds().stream().map(BuildView::buildId).toList();
    }
}
