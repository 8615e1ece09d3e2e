package dev.buildline.common.messages;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Locale;

/**
 * An instruction about one build; the body of a {@code build-control} record keyed by buildId. Every worker reads
 * all of them (no shared group), and the one holding the build acts on it.
 */
public record BuildControl(int schemaVersion, String buildId, Action action, String requestedBy, Instant requestedAt) {

    public static final int SCHEMA_VERSION = 1;

    public static BuildControl cancel(String buildId, String requestedBy, Instant requestedAt) {
        return new BuildControl(SCHEMA_VERSION, buildId, Action.CANCEL, requestedBy, requestedAt);
    }

    /** What to do with the build. */
    public enum Action {
        CANCEL;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Action fromWire(String value) {
            for (Action action : values()) {
                if (action.wireName().equals(value)) {
                    return action;
                }
            }
            throw new IllegalArgumentException("unknown build control action: " + value);
        }
    }
}
