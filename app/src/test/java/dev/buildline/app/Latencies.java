package dev.buildline.app;

import java.util.Arrays;

/** Durations of one measured operation, and the figures the benchmarks print for them (nearest-rank, in ms). */
final class Latencies {

    private long[] nanos;
    private int count;

    Latencies(int expected) {
        this.nanos = new long[Math.max(expected, 16)];
    }

    /** Safe from any thread: HTTP clients and producer callbacks add their samples concurrently. */
    synchronized void add(long durationNanos) {
        if (count == nanos.length) {
            nanos = Arrays.copyOf(nanos, count * 2);
        }
        nanos[count++] = durationNanos;
    }

    synchronized int count() {
        return count;
    }

    /** The sample at or below which {@code percent} of all samples lie. */
    synchronized double percentileMillis(double percent) {
        if (count == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percent / 100.0 * count);
        return sorted[Math.min(Math.max(rank, 1), count) - 1] / 1e6;
    }

    double medianMillis() {
        return percentileMillis(50);
    }

    double maxMillis() {
        return percentileMillis(100);
    }
}
