package dev.buildline.worker.consume;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ExecutorService;

/**
 * Runs tasks in parallel across keys and one after another, in submission order, within a key. The pool bounds
 * the parallelism; tasks of a busy key wait in that key's queue, not in the pool.
 */
public final class KeyOrderedExecutor {

    private final ExecutorService pool;
    private final Map<String, Queue<Runnable>> waiting = new HashMap<>();

    public KeyOrderedExecutor(ExecutorService pool) {
        this.pool = pool;
    }

    public synchronized void submit(String key, Runnable task) {
        Queue<Runnable> queue = waiting.get(key);
        if (queue != null) {
            queue.add(task);
            return;
        }
        waiting.put(key, new ArrayDeque<>());
        pool.execute(() -> runThenNext(key, task));
    }

    private void runThenNext(String key, Runnable task) {
        try {
            task.run();
        } finally {
            Runnable next;
            synchronized (this) {
                next = waiting.get(key).poll();
                if (next == null) {
                    waiting.remove(key);
                }
            }
            if (next != null) {
                Runnable following = next;
                pool.execute(() -> runThenNext(key, following));
            }
        }
    }
}
