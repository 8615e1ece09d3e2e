package dev.buildline.worker.state;

import dev.buildline.common.messages.BuildEvent;
import dev.buildline.common.messages.BuildStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What this worker knows about every build from build-events and build-control: the terminal status if there is one,
 * the attempts seen, and whether a cancel was asked. Bounded: the oldest builds are forgotten first. Thread-safe.
 */
public final class BuildOutcomes {

    private final int maxBuilds;
    private final Map<String, Known> builds;

    private record Known(BuildStatus terminal, int nextAttempt, boolean cancelRequested) {
    }

    public BuildOutcomes(int maxBuilds) {
        this.maxBuilds = maxBuilds;
        this.builds = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Known> eldest) {
                return size() > BuildOutcomes.this.maxBuilds;
            }
        };
    }

    public synchronized void apply(BuildEvent event) {
        if (event.attempt() < 1) {
            // a refused unsigned record's event (attempt 0: never attempted) names a build id nobody vouches for; it
            // must not end or skip the build a coordinator publishes under that id
            return;
        }
        Known known = builds.getOrDefault(event.buildId(), new Known(null, 1, false));
        // after a running attempt n, the next one is n + 1; a retry announces its attempt with queued
        int next = Math.max(known.nextAttempt(), event.status() == BuildStatus.RUNNING ? event.attempt() + 1
                : event.attempt());
        BuildStatus terminal = known.terminal() != null ? known.terminal()
                : event.status().isTerminal() ? event.status() : null;
        builds.put(event.buildId(), new Known(terminal, next, known.cancelRequested()));
    }

    public synchronized void cancelRequested(String buildId) {
        Known known = builds.getOrDefault(buildId, new Known(null, 1, false));
        builds.put(buildId, new Known(known.terminal(), known.nextAttempt(), true));
    }

    /** The first terminal status published for the build, if any. */
    public synchronized Optional<BuildStatus> terminal(String buildId) {
        Known known = builds.get(buildId);
        return Optional.ofNullable(known == null ? null : known.terminal());
    }

    /** True when any event or control message of the build was seen. */
    public synchronized boolean known(String buildId) {
        return builds.containsKey(buildId);
    }

    public synchronized int nextAttempt(String buildId) {
        Known known = builds.get(buildId);
        return known == null ? 1 : known.nextAttempt();
    }

    public synchronized boolean isCancelRequested(String buildId) {
        Known known = builds.get(buildId);
        return known != null && known.cancelRequested();
    }
}
