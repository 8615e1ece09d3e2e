package dev.buildline.coordinator.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.buildline.common.messages.BuildStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One image's recent builds in one repository, as {@code GET /api/images} shows them: the builds newest first (at
 * most the limit asked for), how many the view holds, and the success rate, {@code succeeded / (succeeded + failed)}
 * over all of them; cancelled, superseded and skipped builds say nothing about the image and are left out of it
 * (null when none succeeded or failed).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ImageHistory(String repo, String repoName, String image, int total, int succeeded, int failed,
                           Double successRate, Instant lastBuildAt, List<Point> builds) {

    /** One build in the history: what the chart draws (a point for each build with a duration) and links to. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Point(String buildId, BuildStatus status, String commit, String ref, Long durationMs,
                        Instant startedAt, Instant finishedAt, int attempt) {
    }

    private static final Comparator<BuildView> NEWEST_FIRST = Comparator.comparing(ImageHistory::when,
            Comparator.nullsLast(Comparator.reverseOrder())).thenComparing(BuildView::buildId);

    /**
     * Histories of every image in {@code builds} that matches {@code filter} (its status is ignored: a history holds
     * every status), the most recently built image first, with at most {@code limit} builds each.
     */
    public static List<ImageHistory> of(List<BuildView> builds, BuildFilter filter, int limit) {
        BuildFilter anyStatus = new BuildFilter(null, filter.image(), filter.repo());
        Map<String, List<BuildView>> byImage = new LinkedHashMap<>();
        for (BuildView build : builds) {
            if (build.image() != null && anyStatus.matches(build)) {
                byImage.computeIfAbsent(build.repo() + "#" + build.image(), key -> new ArrayList<>()).add(build);
            }
        }
        List<ImageHistory> histories = new ArrayList<>();
        for (List<BuildView> list : byImage.values()) {
            list.sort(NEWEST_FIRST);
            int succeeded = (int) list.stream().filter(b -> b.status() == BuildStatus.SUCCEEDED).count();
            int failed = (int) list.stream().filter(b -> b.status() == BuildStatus.FAILED).count();
            BuildView newest = list.get(0);
            List<Point> points = list.stream().limit(limit).map(b -> new Point(b.buildId(), b.status(), b.commit(),
                    b.ref(), b.durationMs(), b.startedAt(), b.finishedAt(), b.attempt())).toList();
            histories.add(new ImageHistory(newest.repo(), newest.repoName(), newest.image(), list.size(), succeeded,
                    failed, succeeded + failed == 0 ? null : (double) succeeded / (succeeded + failed), when(newest),
                    points));
        }
        histories.sort(Comparator.comparing(ImageHistory::lastBuildAt, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(h -> Objects.toString(h.image(), "")));
        return histories;
    }

    private static Instant when(BuildView build) {
        return build.startedAt() != null ? build.startedAt() : build.updatedAt();
    }
}
