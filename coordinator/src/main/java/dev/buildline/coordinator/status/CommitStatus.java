package dev.buildline.coordinator.status;

import dev.buildline.common.messages.BuildStatus;
import java.time.Instant;

/**
 * One transition of one image's status on one commit, host-neutral: {@code context} is {@code buildline/<image>},
 * {@code ref} the short branch or tag name (GitLab wants it), {@code targetUrl} the build's dashboard page or null.
 * {@code buildId}, {@code attempt}, {@code buildStatus} and {@code time} order transitions, so an older one is never
 * posted after a newer one.
 */
public record CommitStatus(String repoUrl, String project, String sha, String ref, String context, CommitState state,
                           String description, String targetUrl, String buildId, int attempt, BuildStatus buildStatus,
                           Instant time) {

    /** Where a status lands: one (repository, commit, context), at most one request in flight for it. */
    public String slot() {
        return repoUrl + "#" + sha + "#" + context;
    }
}
