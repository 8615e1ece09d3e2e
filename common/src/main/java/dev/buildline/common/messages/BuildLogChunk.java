package dev.buildline.common.messages;

import java.time.Instant;
import java.util.List;

/** Consecutive output lines of one build; the body of a {@code build-logs} record keyed by buildId. */
public record BuildLogChunk(int schemaVersion, String buildId, int attempt, long seq, List<String> lines, Instant time) {

    public static final int SCHEMA_VERSION = 1;

    public BuildLogChunk {
        lines = List.copyOf(lines);
    }
}
