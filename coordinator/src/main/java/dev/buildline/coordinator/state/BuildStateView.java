package dev.buildline.coordinator.state;

import dev.buildline.common.messages.BuildEvent;
import dev.buildline.common.messages.BuildLogChunk;
import dev.buildline.common.messages.BuildStatus;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Every build this coordinator has seen on build-events, newest kept when the bound is reached, and the tail of each
 * build's log. Fed by one follower thread, read by HTTP handlers; all access is synchronized on this view.
 */
public final class BuildStateView {

    public static final int LOG_LINES_KEPT = 5000;

    private final int maxBuilds;
    private final Map<String, BuildView> builds = new LinkedHashMap<>();
    private final Map<String, Deque<String>> logs = new LinkedHashMap<>();
    private final List<Consumer<BuildView>> listeners = new CopyOnWriteArrayList<>();
    /** repo url#image → inputs identity of its last successful build; small, never evicted with the builds. */
    private final Map<String, String> lastSucceededInputs = new java.util.HashMap<>();

    public BuildStateView(int maxBuilds) {
        this.maxBuilds = maxBuilds;
    }

    public void apply(BuildEvent event) {
        BuildView updated;
        synchronized (this) {
            BuildView current = builds.get(event.buildId());
            updated = current == null ? BuildView.of(event) : current.apply(event);
            if (updated == current) {
                return;
            }
            builds.put(event.buildId(), updated);
            if (event.status() == BuildStatus.SUCCEEDED && event.inputs() != null && event.repo() != null) {
                lastSucceededInputs.put(event.repo().url() + "#" + event.image(), event.inputs());
            }
            evict();
        }
        listeners.forEach(listener -> listener.accept(updated));
    }

    public synchronized void appendLog(BuildLogChunk chunk) {
        Deque<String> lines = logs.computeIfAbsent(chunk.buildId(), id -> new ArrayDeque<>());
        for (String line : chunk.lines()) {
            if (lines.size() == LOG_LINES_KEPT) {
                lines.removeFirst();
            }
            lines.addLast(line);
        }
        while (logs.size() > maxBuilds) {
            logs.remove(logs.keySet().iterator().next());
        }
    }

    public synchronized Optional<BuildView> get(String buildId) {
        return Optional.ofNullable(builds.get(buildId));
    }

    public synchronized boolean contains(String buildId) {
        return builds.containsKey(buildId);
    }

    /** Inputs identity of the image's last successful build in that repository, or null. */
    public synchronized String lastSucceededInputs(String repoUrl, String image) {
        return lastSucceededInputs.get(repoUrl + "#" + image);
    }

    public synchronized List<String> logLines(String buildId) {
        Deque<String> lines = logs.get(buildId);
        return lines == null ? List.of() : List.copyOf(lines);
    }

    /** Builds matching every given filter (null = any), most recently updated first. */
    public synchronized List<BuildView> list(BuildStatus status, String image, String repo, int limit) {
        List<BuildView> matching = new ArrayList<>();
        for (BuildView view : builds.values()) {
            if ((status == null || view.status() == status) && (image == null || image.equals(view.image()))
                    && (repo == null || repo.equals(view.repo()) || repo.equals(view.repoName()))) {
                matching.add(view);
            }
        }
        matching.sort(Comparator.comparing(BuildView::updatedAt, Comparator.nullsLast(Comparator.reverseOrder())));
        return matching.size() > limit ? List.copyOf(matching.subList(0, limit)) : matching;
    }

    /** Called with every change, on the follower's thread; listeners must not block. */
    public void onChange(Consumer<BuildView> listener) {
        listeners.add(listener);
    }

    private void evict() {
        while (builds.size() > maxBuilds) {
            builds.remove(builds.keySet().iterator().next());
        }
    }
}
