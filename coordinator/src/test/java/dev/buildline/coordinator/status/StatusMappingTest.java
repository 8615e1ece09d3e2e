package dev.buildline.coordinator.status;

import static dev.buildline.coordinator.status.Events.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.buildline.common.messages.BuildEvent;
import dev.buildline.common.messages.BuildStatus;
import dev.buildline.common.messages.RepoRef;
import org.junit.jupiter.api.Test;

/** What each build status shows on the commit (pure). */
class StatusMappingTest {

    private static final RepoRef REPO = new RepoRef("https://github.com/acme/shop.git", "acme/shop");

    private static CommitStatus map(BuildEvent event) {
        return StatusMapping.of(event, "acme/shop", "https://buildline.example.com/").orElseThrow();
    }

    @Test
    void everyStatusHasItsStateAndAShortReason() {
        assertThat(map(event(REPO, "b1", "web", BuildStatus.QUEUED))).satisfies(s -> {
            assertThat(s.state()).isEqualTo(CommitState.PENDING);
            assertThat(s.description()).isEqualTo("Queued");
            assertThat(s.context()).isEqualTo("buildline/web");
            assertThat(s.ref()).isEqualTo("main");
            assertThat(s.targetUrl()).isEqualTo("https://buildline.example.com/builds/b1");
        });
        assertThat(map(event(REPO, "b1", "web", BuildStatus.RUNNING)).description()).isEqualTo("Building on worker-1");
        assertThat(map(event(REPO, "b1", "web", BuildStatus.QUEUED, 2, null)).description())
                .isEqualTo("Queued again (attempt 2)");
        assertThat(map(event(REPO, "b1", "web", BuildStatus.SUCCEEDED))).satisfies(s -> {
            assertThat(s.state()).isEqualTo(CommitState.SUCCESS);
            assertThat(s.description()).isEqualTo("Built in 3 s, pushed sha256:4c2f00aa11bb");
        });
        assertThat(map(event(REPO, "b1", "web", BuildStatus.SKIPPED)).state()).isEqualTo(CommitState.SUCCESS);
    }

    @Test
    void aFailureOfTheBuildItselfIsAFailureAndAnythingElseAnError() {
        CommitStatus buildx = map(event(REPO, "b1", "web", BuildStatus.FAILED, 1,
                "buildx exited with code 1\n#5 [2/2] RUN false\n#5 ERROR: process did not complete successfully"));
        assertThat(buildx.state()).isEqualTo(CommitState.FAILURE);
        assertThat(buildx.description()).isEqualTo("buildx exited with code 1");

        CommitStatus internal = map(event(REPO, "b1", "web", BuildStatus.FAILED, 3,
                "request sent to the dead-letter topic: git host unreachable"));
        assertThat(internal.state()).isEqualTo(CommitState.ERROR);
        assertThat(internal.description()).isEqualTo("request sent to the dead-letter topic: git host unreachable");
    }

    @Test
    void aWorkersRefusalOfAnUnsignedRecordSetsNoCommitStatus() {
        assertThat(StatusMapping.of(event(REPO, "forged", "web", BuildStatus.FAILED, 0,
                "refused build request at buildline.build-requests-1@3: unsigned build request: no "
                        + "buildline-signature header"), "acme/shop", null)).isEmpty();
    }

    @Test
    void cancelledAndSupersededSayWhy() {
        CommitStatus cancelled = map(event(REPO, "b1", "web", BuildStatus.CANCELLED, 1, "cancelled by a user"));
        assertThat(cancelled.state()).isEqualTo(CommitState.CANCELLED);
        assertThat(cancelled.description()).isEqualTo("Cancelled: cancelled by a user");
        assertThat(map(event(REPO, "b1", "web", BuildStatus.SUPERSEDED)).description())
                .isEqualTo("Superseded by a newer push");
    }

    @Test
    void anEventWithoutAnImageShowsNothingAndNoPublicUrlMeansNoLink() {
        BuildEvent rejected = BuildEvent.rejected("b9", REPO, "refs/heads/main", Events.SHA, "devspace.yaml: bad",
                java.time.Instant.now());
        assertThat(StatusMapping.of(rejected, "acme/shop", null)).isEmpty();
        assertThat(StatusMapping.of(event(REPO, "b1", "web", BuildStatus.QUEUED), "acme/shop", null).orElseThrow()
                .targetUrl()).isNull();
    }
}
