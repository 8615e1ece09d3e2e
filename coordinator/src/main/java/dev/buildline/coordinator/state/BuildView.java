package dev.buildline.coordinator.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.buildline.common.messages.BuildEvent;
import dev.buildline.common.messages.BuildStatus;
import java.time.Instant;
import java.util.List;

/**
 * The latest known state of one build, as {@code GET /api/builds/{id}} shows it; {@code worker} is the worker that
 * last ran it (null while it never ran).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record BuildView(
        String buildId,
        String image,
        String repo,
        String repoName,
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
        Instant updatedAt) {

    static BuildView of(BuildEvent event) {
        return new BuildView(event.buildId(), event.image(), event.repo() == null ? null : event.repo().url(),
                event.repo() == null ? null : event.repo().name(), event.ref(), event.commit(), event.status(),
                event.tags(), event.digest(), event.startedAt(), event.finishedAt(), event.durationMs(), event.error(),
                event.attempt(), event.command(), event.worker(), event.time());
    }

    /**
     * This view after {@code event}. Events of one build arrive in order on one partition, but the coordinator's
     * {@code queued} may land after a fast worker's {@code running}; a status never goes back within an attempt,
     * and fields an event leaves out keep their value. The first terminal event is final, as it is for the workers
     * (which never build a build again once one is out): a retry announced after it (a worker whose terminal event
     * Kafka took only after the worker had given up waiting for it) is history, not the build's state. A terminal
     * event of attempt 0 is a worker's refusal of a record it could not trust (unsigned or forged, under a real
     * build's id): it is shown until the real build's events come, and never ends that build.
     */
    BuildView apply(BuildEvent event) {
        boolean older = event.attempt() < attempt
                || event.attempt() == attempt && rank(event.status()) < rank(status);
        if (older || status.isTerminal() && attempt > 0) {
            return this;
        }
        BuildView next = of(event);
        return new BuildView(buildId, first(next.image, image), first(next.repo, repo), first(next.repoName, repoName),
                first(next.ref, ref), first(next.commit, commit), next.status,
                next.tags.isEmpty() ? tags : next.tags, first(next.digest, digest), first(next.startedAt, startedAt),
                next.finishedAt, next.durationMs, next.error, next.attempt, first(next.command, command),
                first(next.worker, worker), next.updatedAt);
    }

    private static int rank(BuildStatus status) {
        return switch (status) {
            case QUEUED -> 0;
            case RUNNING -> 1;
            default -> 2;
        };
    }

    private static <T> T first(T preferred, T fallback) {
        return preferred != null ? preferred : fallback;
    }
}
