package dev.buildline.worker.consume;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claimed jobs and the Future the request consumer commits by: a build thread reports a job here once its terminal
 * event (or dead letter) was acknowledged. Thread-safe.
 */
public final class FinishedJobs {

    private static final Logger LOGGER = LoggerFactory.getLogger(FinishedJobs.class);

    private final Map<BuildJob, Promise<Void>> claimed = new ConcurrentHashMap<>();

    /** Completes when {@link #add} reports the job; never when the job is abandoned. */
    Future<Void> claim(BuildJob job) {
        Promise<Void> done = Promise.promise();
        claimed.put(job, done);
        return done.future();
    }

    public void add(BuildJob job) {
        Promise<Void> done = claimed.remove(job);
        if (done != null) {
            done.complete();
        } else {
            LOGGER.debug("{} finished after its partition went elsewhere", job);
        }
    }

    /** The partitions went to another worker: their jobs' outcomes no longer count here. */
    void forget(Collection<TopicPartition> partitions) {
        claimed.keySet().removeIf(job -> partitions.contains(job.partition()));
    }
}
