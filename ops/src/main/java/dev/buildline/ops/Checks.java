package dev.buildline.ops;

import dev.buildline.runtime.kafka.LoopHealth;
import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Named health checks, run afresh on every request to {@code /health/*}: each succeeds with what it saw ("1 broker(s)",
 * "running") or fails with why. A process's liveness and readiness are each one of these.
 */
@FunctionalInterface
public interface Checks {

    /** Starts every check now; the map keeps the order the checks are listed in. */
    Map<String, Future<String>> run();

    /** No checks: live (or ready) while the process answers at all. */
    static Checks none() {
        return LinkedHashMap::new;
    }

    /**
     * One check per loop, named after it ("build-events follower" → {@code build-events-follower}): failed with the
     * reason once the loop stopped for good, else "running".
     */
    static Checks loops(Supplier<List<LoopHealth>> loops) {
        return () -> {
            Map<String, Future<String>> checks = new LinkedHashMap<>();
            for (LoopHealth loop : loops.get()) {
                checks.put(loop.name().replace(' ', '-'), loop.problem()
                        .<Future<String>>map(problem -> Future.failedFuture(problem))
                        .orElseGet(() -> Future.succeededFuture("running")));
            }
            return checks;
        };
    }

    /** These checks and then {@code more}'s, as one list (one process serving another's health, as {@code dev} does). */
    default Checks and(Checks more) {
        return () -> {
            Map<String, Future<String>> all = new LinkedHashMap<>(run());
            all.putAll(more.run());
            return all;
        };
    }
}
