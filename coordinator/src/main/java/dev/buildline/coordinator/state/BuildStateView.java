package dev.buildline.coordinator.state;

import dev.buildline.common.messages.BuildEvent;
import dev.buildline.common.messages.BuildLogChunk;
import dev.buildline.common.messages.BuildStatus;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Every build this coordinator has seen on build-events, the most recently updated kept when the bound is reached,
 * and the tail of each build's log. Fed by one follower thread, read by HTTP handlers; all access is synchronized on this view.
 */
public final class BuildStateView {

    public static final int LOG_LINES_KEPT = 5000;
    private static final Comparator<BuildView> NEWEST_FIRST =
            Comparator.comparing(BuildView::updatedAt, Comparator.nullsLast(Comparator.reverseOrder()));

    private final int maxBuilds;
    private static final Comparator<BuildView> OLDEST_FIRST = Comparator.comparing(BuildView::updatedAt,
            Comparator.nullsFirst(Comparator.naturalOrder())).thenComparing(BuildView::buildId);

    private final Map<String, BuildView> builds = new LinkedHashMap<>();
    private final NavigableSet<BuildView> byAge = new TreeSet<>(OLDEST_FIRST);
    private final Map<String, Deque<String>> logs = new LinkedHashMap<>();
    private final List<Consumer<BuildView>> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, List<Consumer<List<String>>>> logFollowers = new HashMap<>();
    /** repo url#image → inputs identity of its last successful build; small, never evicted with the builds. */
    private final Map<String, String> lastSucceededInputs = new HashMap<>();

    public BuildStateView(int maxBuilds) {
        this.maxBuilds = maxBuilds;
    }

    /** Listeners hear of the change inside the lock, so every listener sees the changes of one build in order. */
    public synchronized void apply(BuildEvent event) {
        BuildView current = builds.get(event.buildId());
        BuildView updated = current == null ? BuildView.of(event) : current.apply(event);
        if (updated == current) {
            return;
        }
        if (current != null) {
            byAge.remove(current);
        }
        builds.put(event.buildId(), updated);
        byAge.add(updated);
        if (event.status() == BuildStatus.SUCCEEDED && event.inputs() != null && event.repo() != null) {
            lastSucceededInputs.put(event.repo().url() + "#" + event.image(), event.inputs());
        }
        evict();
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
        logFollowers.getOrDefault(chunk.buildId(), List.of()).forEach(follower -> follower.accept(chunk.lines()));
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

    /**
     * The log so far and every later line of {@code buildId}, handed to {@code follower} on the follower's thread
     * (it must not block) until the returned follow is closed.
     */
    public synchronized LogFollow followLog(String buildId, Consumer<List<String>> follower) {
        logFollowers.computeIfAbsent(buildId, id -> new CopyOnWriteArrayList<>()).add(follower);
        return new LogFollow(logLines(buildId), () -> {
            synchronized (this) {
                List<Consumer<List<String>>> followers = logFollowers.get(buildId);
                if (followers != null && followers.remove(follower) && followers.isEmpty()) {
                    logFollowers.remove(buildId);
                }
            }
        });
    }

    /** The builds matching {@code filter}, most recently updated first, {@code limit} of them from {@code offset}. */
    public synchronized BuildPage page(BuildFilter filter, int offset, int limit) {
        List<BuildView> matching = new ArrayList<>();
        for (BuildView view : builds.values()) {
            if (filter.matches(view)) {
                matching.add(view);
            }
        }
        matching.sort(NEWEST_FIRST);
        int from = Math.min(offset, matching.size());
        int to = Math.min(matching.size(), from + limit);
        return new BuildPage(matching.size(), offset, limit, matching.subList(from, to));
    }

    /** Every build the view holds, in no particular order: a copy, for summaries drawn outside the lock. */
    public synchronized List<BuildView> snapshot() {
        return List.copyOf(builds.values());
    }

    /** How many builds the view holds in each status (every status present, zero when none). */
    public synchronized Map<BuildStatus, Integer> countByStatus() {
        Map<BuildStatus, Integer> counts = new EnumMap<>(BuildStatus.class);
        for (BuildStatus status : BuildStatus.values()) {
            counts.put(status, 0);
        }
        builds.values().forEach(build -> counts.merge(build.status(), 1, Integer::sum));
        return counts;
    }

    /**
     * Called with every change, on the thread that applied it; listeners must not block. Running the returned action
     * removes the listener.
     */
    public Runnable onChange(Consumer<BuildView> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /**
     * Drops the least recently updated builds beyond the bound. Not the first inserted: after a restart the view is
     * rebuilt partition by partition, so the order of arrival says nothing about a build's age.
     */
    private void evict() {
        while (builds.size() > maxBuilds) {
            BuildView oldest = byAge.pollFirst();
            builds.remove(oldest.buildId());
            logs.remove(oldest.buildId());
        }
    }
}
