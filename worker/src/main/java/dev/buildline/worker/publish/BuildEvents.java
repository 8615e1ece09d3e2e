package dev.buildline.worker.publish;

import dev.buildline.common.messages.BuildEvent;
import dev.buildline.common.messages.BuildRequest;
import dev.buildline.common.messages.BuildStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Makes the events this worker publishes about a build, each with a fresh event id and this worker's name. */
public final class BuildEvents {

    private final String workerId;
    private final Clock clock;

    public BuildEvents(String workerId, Clock clock) {
        this.workerId = workerId;
        this.clock = clock;
    }

    /** An event; {@code finished} set means a terminal one and gives its duration. */
    public BuildEvent of(BuildRequest request, int attempt, BuildStatus status, List<String> tags, Instant started,
                         Instant finished, String digest, String error, List<String> command) {
        Long duration = finished == null || started == null ? null : Duration.between(started, finished).toMillis();
        return new BuildEvent(BuildEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), request.buildId(),
                request.image(), request.repo(), request.ref(), request.commit(), status, tags, digest, started,
                finished, duration, error, attempt, command, workerId, request.inputs(), clock.instant());
    }

    public Instant now() {
        return clock.instant();
    }

    public Clock clock() {
        return clock;
    }
}
