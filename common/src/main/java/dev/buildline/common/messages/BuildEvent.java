package dev.buildline.common.messages;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

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
}
