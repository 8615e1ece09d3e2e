package dev.buildline.common.messages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The factories write the fields the API and the dashboard show, as the positional constructor did. */
class BuildEventTest {

    private static final RepoRef REPO = new RepoRef("https://github.com/acme/app.git", "acme/app");
    private static final Instant NOW = Instant.parse("2026-12-01T19:00:00Z");

    @Test
    void queuedWaitsForAWorkerWithItsTagsAndNoTimesYet() throws Exception {
        BuildEvent queued = BuildEvent.queued("b1", "api", REPO, "refs/heads/main", "c0ffee",
                List.of("registry/api:abc1234"), "inputs-1", NOW);

        JsonNode json = Json.mapper().readTree(Json.toBytes(queued));

        assertThat(json.path("status").asText()).isEqualTo("queued");
        assertThat(json.path("schemaVersion").asInt()).isEqualTo(BuildEvent.SCHEMA_VERSION);
        assertThat(json.path("tags").get(0).asText()).isEqualTo("registry/api:abc1234");
        assertThat(json.path("attempt").asInt()).isEqualTo(1);
        assertThat(json.path("startedAt").isNull()).isTrue();
        assertThat(json.path("finishedAt").isNull()).isTrue();
        assertThat(json.path("inputs").asText()).isEqualTo("inputs-1");
        assertThat(queued.eventId()).isNotEqualTo(BuildEvent.queued("b1", "api", REPO, "refs/heads/main", "c0ffee",
                List.of(), "inputs-1", NOW).eventId());
    }

    @Test
    void skippedAndRejectedEndAtOnceWithTheirReason() {
        BuildEvent skipped = BuildEvent.skipped("b2", "api", REPO, "refs/heads/main", "c0ffee", "inputs-1",
                "inputs unchanged since the last successful build", NOW);
        BuildEvent rejected = BuildEvent.rejected("b3", REPO, null, null, "config change rejected: not YAML", NOW);

        assertThat(skipped.status()).isEqualTo(BuildStatus.SKIPPED);
        assertThat(skipped.finishedAt()).isEqualTo(NOW);
        assertThat(skipped.durationMs()).isZero();
        assertThat(skipped.error()).isEqualTo("inputs unchanged since the last successful build");
        assertThat(rejected.status()).isEqualTo(BuildStatus.FAILED);
        assertThat(rejected.image()).isNull();
        assertThat(rejected.error()).isEqualTo("config change rejected: not YAML");
        assertThat(rejected.finishedAt()).isEqualTo(NOW);
    }
}
