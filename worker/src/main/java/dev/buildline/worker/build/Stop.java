package dev.buildline.worker.build;

import dev.buildline.common.messages.BuildStatus;

/**
 * Why a build was told to stop. Cancelled and superseded builds end with that status; an abandoned build (partition
 * revoked, worker draining) publishes nothing and leaves its record for the next owner.
 */
public record Stop(Kind kind, String reason) {

    /** The kinds, in the order of precedence: a later kind never replaces an earlier one, except abandon. */
    public enum Kind {
        CANCELLED(BuildStatus.CANCELLED),
        SUPERSEDED(BuildStatus.SUPERSEDED),
        ABANDONED(null);

        private final BuildStatus status;

        Kind(BuildStatus status) {
            this.status = status;
        }

        /** The terminal status, or null when the build must end without an event. */
        public BuildStatus status() {
            return status;
        }
    }

    public static Stop cancelled(String reason) {
        return new Stop(Kind.CANCELLED, reason);
    }

    public static Stop superseded(String reason) {
        return new Stop(Kind.SUPERSEDED, reason);
    }

    public static Stop abandoned(String reason) {
        return new Stop(Kind.ABANDONED, reason);
    }

    public boolean abandoned() {
        return kind == Kind.ABANDONED;
    }
}
