package dev.buildline.coordinator.status;

/**
 * What a commit status says, before a host names it: {@link StatusHost#state} turns it into the host's own word
 * (GitHub and Gitea have no {@code running}; only GitLab has {@code canceled}).
 */
public enum CommitState {
    /** queued: waiting for a worker */
    PENDING,
    /** a worker runs the build */
    RUNNING,
    /** built (or skipped: the image at this commit is the one built before) */
    SUCCESS,
    /** buildx ran and said no: the Dockerfile or the context is at fault */
    FAILURE,
    /** Buildline could not run the build (git, the builder, a request that kept failing the worker) */
    ERROR,
    /** stopped before its end: cancelled by a user, or superseded by a newer push of the same image */
    CANCELLED
}
