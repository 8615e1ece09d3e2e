package dev.buildline.worker.incluster;

import dev.buildline.worker.incluster.model.BuilderKey;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Which builders this worker's builds are running on right now. A recreate first reserves the builder here: it waits
 * until no build of this worker uses it, and while it holds the reservation no new build starts on it.
 */
final class BuildersInUse {

    private static final class Slot {
        int builds;
        boolean recreating;
    }

    private final Map<BuilderKey, Slot> slots = new HashMap<>();

    synchronized void use(BuilderKey key, long deadlineNanos, Duration timeout) throws InterruptedException {
        Slot slot = slot(key);
        while (slot.recreating) {
            awaitUntil(key, deadlineNanos, timeout, "it is being recreated by another build on this worker");
        }
        slot.builds++;
    }

    synchronized void release(BuilderKey key) {
        Slot slot = slot(key);
        if (slot.builds > 0) {
            slot.builds--;
        }
        notifyAll();
    }

    synchronized void reserveForRecreate(BuilderKey key, long deadlineNanos, Duration timeout) throws InterruptedException {
        Slot slot = slot(key);
        while (slot.recreating || slot.builds > 0) {
            awaitUntil(key, deadlineNanos, timeout, slot.recreating
                    ? "it is being recreated by another build on this worker"
                    : "it must be recreated, but " + slot.builds + " build(s) on this worker still run on the old one");
        }
        slot.recreating = true;
    }

    synchronized void endRecreate(BuilderKey key) {
        slot(key).recreating = false;
        notifyAll();
    }

    synchronized int builds(BuilderKey key) {
        return slot(key).builds;
    }

    private Slot slot(BuilderKey key) {
        return slots.computeIfAbsent(key, ignored -> new Slot());
    }

    private void awaitUntil(BuilderKey key, long deadlineNanos, Duration timeout, String reason) throws InterruptedException {
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining <= 0) {
            throw new BuilderNotReadyException(key, timeout, reason);
        }
        TimeUnit.NANOSECONDS.timedWait(this, remaining);
    }
}
