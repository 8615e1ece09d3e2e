package dev.buildline.coordinator.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.buildline.common.messages.BuildEvent;
import dev.buildline.common.messages.Json;
import dev.buildline.common.messages.RepoRef;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class OwnEventsTest {

    private static final RepoRef REPO = new RepoRef("https://git.example/acme/app.git", "acme/app");
    private final OwnEvents own = new OwnEvents();

    @Test
    void aRecordOfASentEventIsReadBackAsThatEventOnce() {
        BuildEvent queued = queued("b1", 1);
        byte[] value = Json.toBytes(queued);
        own.sending(queued, value);

        assertThat(own.readBack("b1", value.clone())).contains(queued);
        assertThat(own.readBack("b1", value.clone())).isEmpty();
        assertThat(own.kept()).isZero();
    }

    @Test
    void anotherSendersRecordOfTheSameBuildIsNotTakenForIt() {
        BuildEvent queued = queued("b1", 1);
        own.sending(queued, Json.toBytes(queued));

        assertThat(own.readBack("b1", Json.toBytes(queued("b1", 2)))).isEmpty();
        assertThat(own.readBack("b2", Json.toBytes(queued))).isEmpty();
        assertThat(own.kept()).isEqualTo(1);
    }

    @Test
    void aFailedSendIsForgottenSoItsRecordIfWrittenAnywayIsParsed() {
        BuildEvent queued = queued("b1", 1);
        byte[] value = Json.toBytes(queued);
        own.sending(queued, value);

        own.failed(queued, value);

        assertThat(own.readBack("b1", value)).isEmpty();
    }

    @Test
    void aFailedSendDoesNotForgetALaterSendOfTheSameBuild() {
        BuildEvent first = queued("b1", 1);
        BuildEvent second = queued("b1", 2);
        byte[] firstValue = Json.toBytes(first);
        byte[] secondValue = Json.toBytes(second);
        own.sending(first, firstValue);
        own.sending(second, secondValue);

        own.failed(first, firstValue);

        assertThat(own.readBack("b1", secondValue)).contains(second);
    }

    @Test
    void beyondTheBoundSentEventsAreNotKept() {
        for (int i = 0; i < OwnEvents.MAX_KEPT + 5; i++) {
            BuildEvent queued = queued("b" + i, 1);
            own.sending(queued, Json.toBytes(queued));
        }

        assertThat(own.kept()).isEqualTo(OwnEvents.MAX_KEPT);
    }

    private static BuildEvent queued(String buildId, long second) {
        return BuildEvent.queued(buildId, "api", REPO, "refs/heads/main", "c".repeat(40),
                List.of("registry.example/api:1"), "inputs", Instant.ofEpochSecond(second));
    }
}
