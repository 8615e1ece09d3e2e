package dev.buildline.coordinator.state;

import dev.buildline.runtime.kafka.LoopHealth;
import io.vertx.core.Future;

/**
 * The coordinator's readiness as its build-state view decides it: the view (what the API, the dashboard and intake's
 * dedup read) is only as good as the follower that feeds it. Not ready while the follower has not read build-events
 * up to where it stood at start, once it stopped for good, and while it is more than {@code maxLag} records behind
 * the ends of its topics ({@code BUILDLINE_FOLLOWER_MAX_LAG}).
 */
public final class ViewReadiness {

    private final EventFollower follower;
    private final long maxLag;

    public ViewReadiness(EventFollower follower, long maxLag) {
        this.follower = follower;
        this.maxLag = maxLag;
    }

    /** Succeeds with what it saw, or fails naming the follower and why. */
    public Future<String> check() {
        LoopHealth health = follower.health();
        if (health.problem().isPresent()) {
            return Future.failedFuture(health.problem().get());
        }
        if (!follower.isCaughtUp()) {
            return Future.failedFuture("still reading build-events");
        }
        return follower.lag().transform(asked -> {
            if (asked.failed()) {
                return Future.failedFuture(health.name() + " cannot tell how far behind it is: "
                        + asked.cause().getMessage());
            }
            return describe(health.name(), asked.result(), maxLag);
        });
    }

    static Future<String> describe(String follower, long lag, long maxLag) {
        if (lag > maxLag) {
            return Future.failedFuture(follower + " is " + lag + " records behind, more than "
                    + "BUILDLINE_FOLLOWER_MAX_LAG " + maxLag);
        }
        return Future.succeededFuture("caught up with build-events (" + lag + " records behind)");
    }
}
