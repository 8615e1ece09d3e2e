package dev.buildline.worker;

import dev.buildline.ops.Checks;
import dev.buildline.runtime.kafka.LoopHealth;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;

/** What a worker's {@code /health/live} and {@code /health/ready} read from it. */
public interface WorkerHealth {

    /** The worker's consume loops; one that stopped for good says why. */
    List<LoopHealth> loops();

    /** Partitions of build-requests this worker holds now. */
    int assignedPartitions();

    /**
     * One check per consume loop (claiming build-requests, following build-events): failed, with the reason, once the
     * loop stopped for good. The worker's liveness, and part of {@code dev}'s, which runs the worker in its process.
     */
    default Checks liveness() {
        Checks loops = Checks.loops(this::loops);
        return () -> {
            Map<String, Future<String>> checks = loops.run();
            checks.computeIfPresent("request-consumer", (name, check) -> check.map(running -> running + ", "
                    + assignedPartitions() + " partition(s) of build-requests"));
            return checks;
        };
    }
}
