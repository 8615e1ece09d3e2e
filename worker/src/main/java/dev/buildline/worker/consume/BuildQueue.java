package dev.buildline.worker.consume;

import dev.buildline.worker.build.Stop;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The claimed builds of this worker, one queue per key: keys run in parallel (bounded by the pool), the jobs of one key
 * one after another in claim order. A newer job of a key supersedes the older ones by policy; cancels, revokes and
 * drains reach jobs here. Stopping a process can take seconds, so stoppers run on their own executor.
 */
public final class BuildQueue {

    private static final Logger LOGGER = LoggerFactory.getLogger(BuildQueue.class);

    private static final Duration TERMINAL_SEND_WAIT = Duration.ofSeconds(30);

    private final ExecutorService pool;
    private final Executor stoppers;
    private final SupersedePolicy policy;
    private final Consumer<BuildJob> task;
    private final Map<String, Deque<BuildJob>> byKey = new HashMap<>();
    private boolean draining;

    /** {@code task} runs each job on the pool and must not throw. */
    public BuildQueue(ExecutorService pool, Executor stoppers, SupersedePolicy policy, Consumer<BuildJob> task) {
        this.pool = pool;
        this.stoppers = stoppers;
        this.policy = policy;
        this.task = task;
    }

    public synchronized void submit(BuildJob job) {
        Deque<BuildJob> queue = byKey.get(job.key());
        if (queue != null) {
            supersedeOlder(queue, job);
            queue.addLast(job);
            return;
        }
        queue = new ArrayDeque<>();
        queue.add(job);
        byKey.put(job.key(), queue);
        pool.execute(() -> runHead(job.key()));
    }

    private void supersedeOlder(Deque<BuildJob> queue, BuildJob newer) {
        if (policy == SupersedePolicy.OFF) {
            return;
        }
        for (BuildJob older : queue) {
            // a redelivered copy of the same build is not newer; idempotency ends it instead
            if (older.buildId().equals(newer.buildId())
                    || older.started() && policy != SupersedePolicy.CANCEL_RUNNING) {
                continue;
            }
            stop(older, Stop.superseded("superseded by build " + newer.buildId() + " of commit "
                    + newer.request().commit()));
        }
    }

    /** Stops every job of this build; false when this worker holds none. */
    public synchronized boolean cancel(String buildId, String reason) {
        boolean found = false;
        for (Deque<BuildJob> queue : byKey.values()) {
            for (BuildJob job : queue) {
                if (job.buildId().equals(buildId)) {
                    stop(job, Stop.cancelled(reason));
                    found = true;
                }
            }
        }
        return found;
    }

    /**
     * Tells the jobs of these partitions to stop without a terminal event, and returns without waiting for their
     * processes: the partitions go back to the group at once. Only a terminal event already being published is
     * waited for (its send), so the next owner, which reads build-events before it builds, sees it and does not
     * build again.
     */
    public void abandon(Collection<TopicPartition> partitions, String reason) {
        if (partitions.isEmpty()) {
            return;
        }
        List<BuildJob> revoked;
        synchronized (this) {
            revoked = jobs(job -> partitions.contains(job.partition()));
        }
        revoked.forEach(job -> stop(job, Stop.abandoned(reason)));
        for (BuildJob job : revoked) {
            try {
                if (!job.awaitTerminalSent(TERMINAL_SEND_WAIT.toMillis())) {
                    LOGGER.warn("{}: its terminal event is still being sent after {} s", job,
                            TERMINAL_SEND_WAIT.toSeconds());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Claimed jobs that hold a build thread now: building, or waiting out the backoff before a retry. */
    public synchronized int running() {
        return jobs(BuildJob::started).size();
    }

    /** Claimed jobs waiting for a build thread or for the jobs of their key claimed before them. */
    public synchronized int waiting() {
        return jobs(job -> !job.started()).size();
    }

    /** From now on no waiting job starts: it is abandoned when its turn comes. */
    public synchronized void drain() {
        draining = true;
    }

    public boolean awaitEmpty(Duration wait) throws InterruptedException {
        return awaitNone(job -> true, wait);
    }

    public void abandonAll(String reason) {
        List<BuildJob> all;
        synchronized (this) {
            all = jobs(job -> true);
        }
        all.forEach(job -> stop(job, Stop.abandoned(reason)));
    }

    private synchronized boolean awaitNone(Predicate<BuildJob> which, Duration wait) throws InterruptedException {
        long until = System.nanoTime() + wait.toNanos();
        while (anyJob(which)) {
            long left = (until - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    private void runHead(String key) {
        BuildJob job;
        synchronized (this) {
            job = byKey.get(key).peekFirst();
            if (draining && !job.started()) {
                job.requestStop(Stop.abandoned("worker draining"));
            }
            job.markStarted();
        }
        try {
            task.accept(job);
        } catch (RuntimeException e) {
            LOGGER.error("{} ended with an unexpected error; its record stays uncommitted", job, e);
        } finally {
            boolean more;
            synchronized (this) {
                Deque<BuildJob> queue = byKey.get(key);
                queue.pollFirst();
                more = !queue.isEmpty();
                if (!more) {
                    byKey.remove(key);
                }
                notifyAll();
            }
            if (more) {
                pool.execute(() -> runHead(key));
            }
        }
    }

    private void stop(BuildJob job, Stop reason) {
        Runnable stopper = job.requestStop(reason);
        if (stopper != null) {
            LOGGER.atInfo().addKeyValue("buildId", job.buildId()).log("{} told to stop: {}", job, reason.reason());
            stoppers.execute(stopper);
        }
    }

    private boolean anyJob(Predicate<BuildJob> which) {
        return byKey.values().stream().flatMap(Deque::stream).anyMatch(which);
    }

    private List<BuildJob> jobs(Predicate<BuildJob> which) {
        return byKey.values().stream().flatMap(Deque::stream).filter(which).toList();
    }
}
