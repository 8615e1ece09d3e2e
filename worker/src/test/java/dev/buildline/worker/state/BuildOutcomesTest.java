package dev.buildline.worker.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.buildline.common.messages.BuildEvent;
import dev.buildline.common.messages.BuildStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BuildOutcomesTest {

    private final BuildOutcomes outcomes = new BuildOutcomes(2);

    @Test
    void theFirstTerminalStatusStaysAndLaterOnesDoNotReplaceIt() {
        outcomes.apply(event("b1", BuildStatus.QUEUED, 1));
        assertThat(outcomes.terminal("b1")).isEmpty();

        outcomes.apply(event("b1", BuildStatus.SUCCEEDED, 1));
        outcomes.apply(event("b1", BuildStatus.FAILED, 2));

        assertThat(outcomes.terminal("b1")).contains(BuildStatus.SUCCEEDED);
    }

    @Test
    void aRefusedUnsignedRecordsEventNeitherEndsNorCountsAsTheBuild() {
        outcomes.apply(event("b1", BuildStatus.FAILED, 0));

        assertThat(outcomes.terminal("b1")).isEmpty();
        assertThat(outcomes.known("b1")).isFalse();
        outcomes.apply(event("b1", BuildStatus.QUEUED, 1));
        assertThat(outcomes.known("b1")).isTrue();
        assertThat(outcomes.nextAttempt("b1")).isEqualTo(1);
    }

    @Test
    void theNextAttemptFollowsTheLastRunningOrRetryAnnouncement() {
        assertThat(outcomes.nextAttempt("b1")).isEqualTo(1);
        outcomes.apply(event("b1", BuildStatus.QUEUED, 1));
        assertThat(outcomes.nextAttempt("b1")).isEqualTo(1);
        outcomes.apply(event("b1", BuildStatus.RUNNING, 1));
        assertThat(outcomes.nextAttempt("b1")).isEqualTo(2);
        outcomes.apply(event("b1", BuildStatus.QUEUED, 3));
        assertThat(outcomes.nextAttempt("b1")).isEqualTo(3);
    }

    @Test
    void remembersCancelsAndForgetsTheOldestBuildsBeyondTheBound() {
        outcomes.cancelRequested("b1");
        outcomes.apply(event("b2", BuildStatus.SUCCEEDED, 1));
        assertThat(outcomes.isCancelRequested("b1")).isTrue();

        outcomes.apply(event("b3", BuildStatus.SUCCEEDED, 1));

        assertThat(outcomes.isCancelRequested("b1")).isFalse();
        assertThat(outcomes.terminal("b3")).contains(BuildStatus.SUCCEEDED);
    }

    private static BuildEvent event(String buildId, BuildStatus status, int attempt) {
        return new BuildEvent(BuildEvent.SCHEMA_VERSION, "e", buildId, "app", null, "main", "c", status, null, null,
                null, null, null, null, attempt, null, "w", null, Instant.EPOCH);
    }
}
