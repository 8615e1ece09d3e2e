package dev.buildline.coordinator.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.buildline.common.messages.BuildEvent;
import dev.buildline.common.messages.BuildStatus;
import dev.buildline.common.messages.RepoRef;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class OwnEventsTest {

    private static final RepoRef REPO = new RepoRef("https://git.example/acme/app.git", "acme/app");
    private final BuildStateView view = new BuildStateView(10);
    private final OwnEvents own = new OwnEvents(view);

    @Test
    void anAcknowledgedEventIsInTheViewAndItsRecordIsPassedOverOnce() {
        own.applied(queued("b1"), 2, 7);

        assertThat(view.get("b1")).get().extracting(BuildView::status).isEqualTo(BuildStatus.QUEUED);
        assertThat(own.passOver(2, 7)).isTrue();
        assertThat(own.pending()).isZero();
    }

    @Test
    void recordsItDidNotApplyAreReadOnOtherPartitionsAndOffsets() {
        own.applied(queued("b1"), 2, 7);

        assertThat(own.passOver(1, 7)).isFalse();
        assertThat(own.passOver(2, 6)).isFalse();
        assertThat(own.passOver(2, 7)).isTrue();
        assertThat(own.passOver(2, 8)).isFalse();
    }

    @Test
    void aRecordTheFollowerReadBeforeTheAcknowledgementIsNotMarked() {
        assertThat(own.passOver(0, 3)).isFalse();

        own.applied(queued("b1"), 0, 3);

        assertThat(own.pending()).isZero();
        assertThat(view.get("b1")).isPresent();
    }

    @Test
    void aMarkTheFollowerPassedWithoutMeetingItIsDropped() {
        own.applied(queued("b1"), 0, 3);
        own.applied(queued("b2"), 0, 5);

        assertThat(own.passOver(0, 4)).isFalse();

        assertThat(own.pending()).isEqualTo(1);
        assertThat(own.passOver(0, 5)).isTrue();
        assertThat(own.pending()).isZero();
    }

    private static BuildEvent queued(String buildId) {
        return BuildEvent.queued(buildId, "api", REPO, "refs/heads/main", "c".repeat(40),
                List.of("registry.example/api:1"), "inputs", Instant.ofEpochSecond(1));
    }
}
