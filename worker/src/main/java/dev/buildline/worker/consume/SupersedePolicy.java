package dev.buildline.worker.consume;

import java.util.Locale;

/** What a newer request for the same key does to older ones (BUILDLINE_SUPERSEDE_POLICY). */
public enum SupersedePolicy {
    /** Older waiting requests end superseded, and an older running build is stopped and ends superseded. */
    CANCEL_RUNNING,
    /** Older waiting requests end superseded; a running build finishes. */
    QUEUE_ONLY,
    /** Every request is built, in order. */
    OFF;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static SupersedePolicy fromWire(String value) {
        for (SupersedePolicy policy : values()) {
            if (policy.wireName().equals(value)) {
                return policy;
            }
        }
        throw new IllegalArgumentException("supersede policy must be cancel-running, queue-only or off, got " + value);
    }
}
