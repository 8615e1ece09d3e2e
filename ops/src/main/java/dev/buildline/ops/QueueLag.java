package dev.buildline.ops;

import java.util.Map;
import java.util.TreeMap;

/** How many build requests wait per partition: the end offset less the workers' committed offset. */
public final class QueueLag {

    private QueueLag() {
    }

    /**
     * @param ends      end (next) offset per partition
     * @param starts    first offset still on the log per partition; where the group committed nothing, it starts there
     * @param committed the group's committed offset per partition, absent where it committed nothing
     */
    public static Map<Integer, Long> of(Map<Integer, Long> ends, Map<Integer, Long> starts, Map<Integer, Long> committed) {
        Map<Integer, Long> lag = new TreeMap<>();
        ends.forEach((partition, end) -> {
            long position = committed.getOrDefault(partition, starts.getOrDefault(partition, 0L));
            // a committed offset below the log start (records deleted by retention) waits only for what is left
            position = Math.max(position, starts.getOrDefault(partition, 0L));
            lag.put(partition, Math.max(0, end - position));
        });
        return lag;
    }
}
