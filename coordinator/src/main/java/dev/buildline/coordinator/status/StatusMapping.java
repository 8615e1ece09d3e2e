package dev.buildline.coordinator.status;

import dev.buildline.common.messages.BuildEvent;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * From a build event to the commit status it shows (pure). One context per image, {@code buildline/<image>};
 * the description is the short reason; {@code target_url} is the build's dashboard page {@code <public url>/builds/<id>}.
 * <pre>
 * queued              → pending   (GitLab pending)
 * running             → pending   (GitLab running)
 * succeeded, skipped  → success   (skipped: the image at this commit is the one already built)
 * failed, buildx said no                      → failure (GitLab failed)
 * failed, Buildline could not run the build   → error   (GitLab failed)
 * cancelled, superseded → GitHub error, GitLab canceled, Gitea warning
 * </pre>
 */
public final class StatusMapping {

    public static final String CONTEXT_PREFIX = "buildline/";
    /** The worker's words when buildx itself failed the build (BuildRunner): the user's Dockerfile or context. */
    static final String BUILDX_FAILED = "buildx exited with code";

    private StatusMapping() {
    }

    /**
     * The status {@code event} shows on {@code project}, or empty when it shows none: an event without an image or a
     * commit (input that never became a build), or a worker's refusal of an unsigned record (attempt 0): its
     * repository and commit are whatever the forger wrote, and no commit's status is theirs to set.
     *
     * @param publicUrl the dashboard's public base URL, or null (then no target_url)
     */
    public static Optional<CommitStatus> of(BuildEvent event, String project, String publicUrl) {
        if (event.image() == null || event.commit() == null || event.repo() == null || event.attempt() < 1) {
            return Optional.empty();
        }
        return Optional.of(new CommitStatus(event.repo().url(), project, event.commit(), shortRef(event.ref()),
                CONTEXT_PREFIX + event.image(), state(event), description(event), targetUrl(publicUrl, event.buildId()),
                event.buildId(), event.attempt(), event.status(), event.time()));
    }

    static CommitState state(BuildEvent event) {
        return switch (event.status()) {
            case QUEUED -> CommitState.PENDING;
            case RUNNING -> CommitState.RUNNING;
            case SUCCEEDED, SKIPPED -> CommitState.SUCCESS;
            case FAILED -> event.error() != null && event.error().startsWith(BUILDX_FAILED)
                    ? CommitState.FAILURE : CommitState.ERROR;
            case CANCELLED, SUPERSEDED -> CommitState.CANCELLED;
        };
    }

    static String description(BuildEvent event) {
        String reason = firstLine(event.error());
        return switch (event.status()) {
            case QUEUED -> event.attempt() > 1 ? "Queued again (attempt " + event.attempt() + ")" : "Queued";
            case RUNNING -> "Building" + (event.worker() == null ? "" : " on " + event.worker())
                    + (event.attempt() > 1 ? " (attempt " + event.attempt() + ")" : "");
            case SUCCEEDED -> "Built" + (event.durationMs() == null ? "" : " in " + seconds(event.durationMs()))
                    + (event.digest() == null ? "" : ", pushed " + shortDigest(event.digest()));
            case SKIPPED -> "Unchanged since its last successful build; not rebuilt";
            case FAILED -> reason == null ? "Failed" : reason;
            case CANCELLED -> reason == null ? "Cancelled" : "Cancelled: " + reason;
            case SUPERSEDED -> reason == null ? "Superseded by a newer push" : "Superseded: " + reason;
        };
    }

    static String targetUrl(String publicUrl, String buildId) {
        if (publicUrl == null || publicUrl.isBlank()) {
            return null;
        }
        String base = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        return base + "/builds/" + URLEncoder.encode(buildId, StandardCharsets.UTF_8);
    }

    static String shortRef(String ref) {
        if (ref == null) {
            return null;
        }
        for (String prefix : new String[] {"refs/heads/", "refs/tags/"}) {
            if (ref.startsWith(prefix)) {
                return ref.substring(prefix.length());
            }
        }
        return ref;
    }

    private static String firstLine(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        return text.strip().lines().findFirst().orElse("").strip();
    }

    private static String seconds(long ms) {
        long s = Math.round(ms / 1000.0);
        return s < 60 ? s + " s" : (s / 60) + " min " + (s % 60) + " s";
    }

    private static String shortDigest(String digest) {
        return digest.length() > 19 ? digest.substring(0, 19) : digest;
    }
}
