package dev.buildline.worker.incluster;

import dev.buildline.worker.incluster.KubernetesBuilderApi.LeaseRecord;
import dev.buildline.worker.incluster.model.BuilderKey;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster-wide mutex per builder: a coordination.k8s.io Lease next to the Deployment, so that among all workers on
 * all machines exactly one creates or recreates a builder at a time. A holder that dies is taken over once its Lease
 * has not changed for its whole duration, timed on this machine's clock (as client-go's leader election does), so
 * clock skew between machines does not matter. Holders do not renew: what happens under the Lease is a handful of
 * API calls, far shorter than its duration; should a holder overrun, the 409s on create still keep one Deployment.
 */
final class BuilderLock {

    private static final Logger LOGGER = LoggerFactory.getLogger(BuilderLock.class);
    private static final long POLL_MILLIS = 100;

    private final KubernetesBuilderApi api;
    private final String holder;
    private final int durationSeconds;

    BuilderLock(KubernetesBuilderApi api, String holder, Duration leaseDuration) {
        this.api = api;
        this.holder = holder;
        this.durationSeconds = (int) Math.max(1, leaseDuration.toSeconds());
    }

    /** Holds the lock until {@link Held#close()}; throws when another worker keeps it past the deadline. */
    Held acquire(BuilderKey key, long deadlineNanos, Duration timeout) throws InterruptedException {
        String seenVersion = null;
        long seenAt = 0;
        while (true) {
            LeaseRecord mine = api.createLease(key, holder, durationSeconds);
            if (mine != null) {
                return new Held(key, mine.resourceVersion());
            }
            LeaseRecord current = api.readLease(key);
            if (current != null) {
                long now = System.nanoTime();
                if (!Objects.equals(current.resourceVersion(), seenVersion)) {
                    seenVersion = current.resourceVersion();
                    seenAt = now;
                } else if (now - seenAt > TimeUnit.SECONDS.toNanos(Math.max(1, current.durationSeconds()))) {
                    LOGGER.atInfo().addKeyValue("builder", key).addKeyValue("previousHolder", current.holder())
                            .log("taking over the builder lease from a holder that stopped renewing");
                    LeaseRecord taken = api.takeOverLease(key, holder, durationSeconds, current.resourceVersion());
                    if (taken != null) {
                        return new Held(key, taken.resourceVersion());
                    }
                }
                if (System.nanoTime() - deadlineNanos > 0) {
                    throw new BuilderNotReadyException(key, timeout, "another worker (" + current.holder()
                            + ") is still creating or recreating it (Lease " + key.leaseName() + ")");
                }
            }
            TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
        }
    }

    final class Held implements AutoCloseable {

        private final BuilderKey key;
        private final String resourceVersion;

        private Held(BuilderKey key, String resourceVersion) {
            this.key = key;
            this.resourceVersion = resourceVersion;
        }

        /** A Lease that cannot be deleted now only delays other workers until it expires. */
        @Override
        public void close() {
            try {
                api.deleteLease(key, resourceVersion);
            } catch (BuilderApiException e) {
                LOGGER.atWarn().addKeyValue("builder", key).addKeyValue("expiresInSeconds", durationSeconds)
                        .setCause(e).log("could not release the builder lease; other workers wait until it expires");
            }
        }
    }
}
