package dev.buildline.coordinator.state;

import dev.buildline.common.messages.BuildEvent;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * The build-events records this coordinator published and applied to its view itself, by partition and offset, so
 * its follower passes over them instead of parsing and applying each one a second time.
 *
 * <p>Only a record whose acknowledgement this coordinator saw, and whose event it applied, is marked. Everything else
 * is read and applied as before: events of other coordinators and workers, this coordinator's own records published
 * before a restart, and a record whose acknowledgement was lost (Kafka wrote it, the sender saw a failure). A mark
 * for an offset the follower has already read is not kept, and a mark the follower passed without meeting (a record
 * deleted before it was read) is dropped there, so what is kept is bounded by how far the follower lags.
 */
public final class OwnEvents {

    private final BuildStateView view;
    private final Map<Integer, NavigableSet<Long>> marked = new HashMap<>();
    /** partition → the next offset the follower will read there. */
    private final Map<Integer, Long> followed = new HashMap<>();

    public OwnEvents(BuildStateView view) {
        this.view = view;
    }

    public BuildStateView view() {
        return view;
    }

    /** Applies an event Kafka acknowledged at {@code partition} / {@code offset} of build-events. */
    public void applied(BuildEvent event, int partition, long offset) {
        view.apply(event);
        synchronized (this) {
            if (offset >= followed.getOrDefault(partition, 0L)) {
                marked.computeIfAbsent(partition, p -> new TreeSet<>()).add(offset);
            }
        }
    }

    /** Called by the follower for each build-events record, in offset order: true when it was applied already. */
    synchronized boolean passOver(int partition, long offset) {
        followed.put(partition, offset + 1);
        NavigableSet<Long> offsets = marked.get(partition);
        if (offsets == null) {
            return false;
        }
        offsets.headSet(offset, false).clear();
        boolean own = offsets.remove(offset);
        if (offsets.isEmpty()) {
            marked.remove(partition);
        }
        return own;
    }

    /** How many marks are kept (the follower has not reached them yet). */
    synchronized int pending() {
        return marked.values().stream().mapToInt(NavigableSet::size).sum();
    }
}
