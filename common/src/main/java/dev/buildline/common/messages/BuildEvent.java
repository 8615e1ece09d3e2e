package dev.buildline.common.messages;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A status change of one build; the body of a {@code build-events} record keyed by buildId. {@code inputs} repeats the
 * request's inputs identity, so a later change with the same identity can be skipped.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record BuildEvent(
        int schemaVersion,
        String eventId,
        String buildId,
        String image,
        RepoRef repo,
        String ref,
        String commit,
        BuildStatus status,
        List<String> tags,
        String digest,
        Instant startedAt,
        Instant finishedAt,
        Long durationMs,
        String error,
        int attempt,
        List<String> command,
        String worker,
        String inputs,
        Instant time) {

    public static final int SCHEMA_VERSION = 1;

    public BuildEvent {
        tags = tags == null ? List.of() : List.copyOf(tags);
        command = command == null ? null : List.copyOf(command);
    }

    /** What intake publishes beside a build request: the build waits for a worker, tagged {@code references}. */
    public static BuildEvent queued(String buildId, String image, RepoRef repo, String ref, String commit,
                                    List<String> references, String inputs, Instant now) {
        return new BuildEvent(SCHEMA_VERSION, UUID.randomUUID().toString(), buildId, image, repo, ref, commit,
                BuildStatus.QUEUED, references, null, null, null, null, null, 1, null, null, inputs, now);
    }

    /** A build intake decided not to run, ended at once with {@code reason}. */
    public static BuildEvent skipped(String buildId, String image, RepoRef repo, String ref, String commit,
                                     String inputs, String reason, Instant now) {
        return new BuildEvent(SCHEMA_VERSION, UUID.randomUUID().toString(), buildId, image, repo, ref, commit,
                BuildStatus.SKIPPED, List.of(), null, null, now, 0L, reason, 1, null, null, inputs, now);
    }

    /** Input that never became a build (no image known), ended {@code failed} at once with {@code problem}. */
    public static BuildEvent rejected(String buildId, RepoRef repo, String ref, String commit, String problem,
                                      Instant now) {
        return new BuildEvent(SCHEMA_VERSION, UUID.randomUUID().toString(), buildId, null, repo, ref, commit,
                BuildStatus.FAILED, List.of(), null, null, now, 0L, problem, 1, null, null, null, now);
    }
}
