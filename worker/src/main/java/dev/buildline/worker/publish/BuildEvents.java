package dev.buildline.worker.publish;

import dev.buildline.common.mask.Masker;
import dev.buildline.common.messages.BuildEvent;
import dev.buildline.common.messages.BuildRequest;
import dev.buildline.common.messages.BuildStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Makes the events this worker publishes about a build, each with a fresh event id and this worker's name, and with
 * the repository's settings values masked in its error and command (what the API and dashboard show).
 */
public final class BuildEvents {

    private final String workerId;
    private final Clock clock;
    private final Function<BuildRequest, Masker> maskers;

    public BuildEvents(String workerId, Clock clock) {
        this(workerId, clock, request -> Masker.NONE);
    }

    /** @param maskers the masker of each request's build ({@code BuildGrants::masker}) */
    public BuildEvents(String workerId, Clock clock, Function<BuildRequest, Masker> maskers) {
        this.workerId = workerId;
        this.clock = clock;
        this.maskers = maskers;
    }

    /** An event; {@code finished} set means a terminal one and gives its duration. */
    public BuildEvent of(BuildRequest request, int attempt, BuildStatus status, List<String> tags, Instant started,
                         Instant finished, String digest, String error, List<String> command) {
        Long duration = finished == null || started == null ? null : Duration.between(started, finished).toMillis();
        Masker masker = error == null && command == null ? Masker.NONE : maskers.apply(request);
        return new BuildEvent(BuildEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), request.buildId(),
                request.image(), request.repo(), request.ref(), request.commit(), status, tags, digest, started,
                finished, duration, masker.mask(error), attempt, masker.mask(command), workerId, request.inputs(), clock.instant());
    }

    public Instant now() {
        return clock.instant();
    }

    public Clock clock() {
        return clock;
    }
}
