package dev.buildline.common.messages;

import java.time.Instant;

/** A request to act on one build (today only {@code cancel}); the body of a {@code build-control} record keyed by buildId. */
public record BuildControl(int schemaVersion, String buildId, String action, Instant requestedAt) {

    public static final int SCHEMA_VERSION = 1;
    public static final String CANCEL = "cancel";

    public static BuildControl cancel(String buildId, Instant requestedAt) {
        return new BuildControl(SCHEMA_VERSION, buildId, CANCEL, requestedAt);
    }
}
