package dev.buildline.common.messages;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The life of one build. Terminal statuses end it; the dashboard tells superseded from cancelled. */
public enum BuildStatus {
    QUEUED(false),
    RUNNING(false),
    SUCCEEDED(true),
    FAILED(true),
    CANCELLED(true),
    SUPERSEDED(true),
    SKIPPED(true);

    private final boolean terminal;

    BuildStatus(boolean terminal) {
        this.terminal = terminal;
    }

    public boolean isTerminal() {
        return terminal;
    }

    /** The lower-case name used in JSON, in CloudEvents types and in the API's status filter. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static BuildStatus fromWire(String value) {
        for (BuildStatus status : values()) {
            if (status.wireName().equals(value)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown build status: " + value);
    }

    /** CloudEvents type, e.g. {@code dev.buildline.build.succeeded}. */
    public String cloudEventType() {
        return "dev.buildline.build." + wireName();
    }
}
