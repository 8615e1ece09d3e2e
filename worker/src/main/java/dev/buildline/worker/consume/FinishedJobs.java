package dev.buildline.worker.consume;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Jobs whose terminal event was acknowledged, handed from build threads to the consumer thread that commits. */
public final class FinishedJobs {

    private final Queue<BuildJob> jobs = new ConcurrentLinkedQueue<>();

    public void add(BuildJob job) {
        jobs.add(job);
    }

    void moveTo(OffsetTracker offsets) {
        for (BuildJob job; (job = jobs.poll()) != null; ) {
            offsets.finished(job.partition(), job.offset());
        }
    }
}
