package dev.buildline.runtime.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * Per partition, which offsets were handed out and which are finished. The committable offset is the one after the
 * highest offset below which every record is finished, so a crash never skips an unfinished build.
 * Not thread-safe: {@link GroupConsumerVerticle} guards it with its lock.
 */
public final class OffsetTracker {

    private final Map<TopicPartition, TreeMap<Long, Boolean>> pending = new HashMap<>();
    private final Map<TopicPartition, Long> committable = new HashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();

    public void started(TopicPartition partition, long offset) {
        pending.computeIfAbsent(partition, p -> new TreeMap<>()).put(offset, Boolean.FALSE);
    }

    /** Marks a record finished; ignored when the partition was revoked meanwhile. */
    public void finished(TopicPartition partition, long offset) {
        TreeMap<Long, Boolean> offsets = pending.get(partition);
        if (offsets == null || !offsets.containsKey(offset)) {
            return;
        }
        offsets.put(offset, Boolean.TRUE);
        while (!offsets.isEmpty() && offsets.firstEntry().getValue()) {
            long done = offsets.pollFirstEntry().getKey();
            committable.put(partition, done + 1);
        }
    }

    /** Offsets to commit now: those that moved since the last {@link #committed} of that partition. */
    public Map<TopicPartition, Long> toCommit() {
        Map<TopicPartition, Long> moved = new HashMap<>();
        committable.forEach((partition, offset) -> {
            if (!offset.equals(committed.get(partition))) {
                moved.put(partition, offset);
            }
        });
        return moved;
    }

    /** Remembers offsets the group acknowledged; a commit that failed is simply not reported, so it is due again. */
    public void committed(Map<TopicPartition, Long> acknowledged) {
        acknowledged.forEach((partition, offset) -> {
            if (committable.containsKey(partition)) {
                committed.put(partition, offset);
            }
        });
    }

    public void forget(TopicPartition partition) {
        pending.remove(partition);
        committable.remove(partition);
        committed.remove(partition);
    }

    /** Records of this partition handed out and not finished yet. */
    public int inFlight(TopicPartition partition) {
        TreeMap<Long, Boolean> offsets = pending.get(partition);
        return offsets == null ? 0 : (int) offsets.values().stream().filter(done -> !done).count();
    }

    public int inFlight() {
        int count = 0;
        for (TreeMap<Long, Boolean> offsets : pending.values()) {
            for (Boolean done : offsets.values()) {
                if (!done) {
                    count++;
                }
            }
        }
        return count;
    }
}
