package dev.buildline.worker;

import dev.buildline.worker.consume.LoopHealth;
import java.util.List;

/** What a worker's {@code /health/live} and {@code /health/ready} read from it. */
public interface WorkerHealth {

    /** The worker's consume loops; one that stopped for good says why. */
    List<LoopHealth> loops();

    /** Partitions of build-requests this worker holds now. */
    int assignedPartitions();
}
