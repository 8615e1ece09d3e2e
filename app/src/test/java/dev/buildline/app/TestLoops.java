package dev.buildline.app;

import dev.buildline.worker.WorkerHealth;
import dev.buildline.runtime.kafka.LoopHealth;
import java.util.List;

/**
 * A worker's two consume loops as their {@link LoopHealth} reports them, holding 3 partitions: for tests of what
 * serves a worker's health, which stop a loop as a loop that dies stops it.
 */
final class TestLoops implements WorkerHealth {

    final LoopHealth requests = new LoopHealth("request consumer");
    final LoopHealth follower = new LoopHealth("state follower");

    @Override
    public List<LoopHealth> loops() {
        return List.of(requests, follower);
    }

    @Override
    public int assignedPartitions() {
        return 3;
    }
}
