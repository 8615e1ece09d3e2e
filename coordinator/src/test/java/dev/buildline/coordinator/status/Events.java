package dev.buildline.coordinator.status;

import dev.buildline.common.messages.BuildEvent;
import dev.buildline.common.messages.BuildStatus;
import dev.buildline.common.messages.RepoRef;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Build events as the coordinator (queued, skipped) and the worker (running, the end) publish them. */
final class Events {

    static final String SHA = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
    private static Instant clock = Instant.parse("2026-12-01T10:00:00Z");

    private Events() {
    }

    static BuildEvent event(RepoRef repo, String buildId, String image, BuildStatus status, int attempt, String error) {
        clock = clock.plusSeconds(1);
        boolean ended = status.isTerminal();
        return new BuildEvent(BuildEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), buildId, image, repo,
                "refs/heads/main", SHA, status, List.of("127.0.0.1:5000/acme/" + image + ":abcdefg"),
                status == BuildStatus.SUCCEEDED ? "sha256:4c2f00aa11bb22cc33dd44ee55ff66778899aabbccddeeff0011223344556677" : null,
                status == BuildStatus.QUEUED ? null : clock.minusSeconds(3), ended ? clock : null,
                ended ? 3000L : null, error, attempt, null,
                status == BuildStatus.QUEUED ? null : "worker-1", "inputs", clock);
    }

    static BuildEvent event(RepoRef repo, String buildId, String image, BuildStatus status) {
        return event(repo, buildId, image, status, 1, null);
    }
}
