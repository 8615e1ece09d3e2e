package dev.buildline.worker.consume;

import dev.buildline.common.messages.BuildStatus;
import dev.buildline.worker.publish.BuildEvents;
import dev.buildline.worker.publish.Publisher;
import dev.buildline.worker.state.BuildOutcomes;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a record {@link RequestAdmission} refused goes: to build-requests.dlq as it came (its reason in the
 * {@code buildline_reason} header) and, when its build can be named, a {@code failed} event with the reason; nothing of
 * it runs. An unsigned record names a build id nobody vouches for: its event is published only when no build of that id
 * is known, and as attempt 0 (never attempted), which neither workers nor the coordinator's view let end or hide a
 * build a coordinator publishes under that id later: a forged copy of a real request cannot end the real build.
 * Blocking; runs off the event loop.
 */
public final class RefusedRequests {

    private static final Logger LOGGER = LoggerFactory.getLogger(RefusedRequests.class);
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(30);
    /** The attempt of an unsigned record's failed event: it was never attempted. */
    static final int UNSIGNED_ATTEMPT = 0;

    private final Publisher publisher;
    private final BuildEvents events;
    private final BuildOutcomes outcomes;
    private final JobRunner.CatchUp catchUp;

    public RefusedRequests(Publisher publisher, BuildEvents events, BuildOutcomes outcomes, JobRunner.CatchUp catchUp) {
        this.publisher = publisher;
        this.events = events;
        this.outcomes = outcomes;
        this.catchUp = catchUp;
    }

    /** Sends the record to the dead-letter topic, then the failed event; returns once Kafka acknowledged them. */
    public void refuse(String key, byte[] value, RequestAdmission.Refused refused) {
        LOGGER.atWarn().addKeyValue("buildId", refused.request() == null ? null : refused.request().buildId())
                .log("{}; sent to the dead-letter topic, nothing built", refused.reason());
        publisher.deadLetter(key, value, refused.reason());
        if (refused.request() == null) {
            return;
        }
        String buildId = refused.request().buildId();
        if (!refused.signed()) {
            catchUp.await(CATCH_UP_TIMEOUT);
            if (outcomes.known(buildId)) {
                LOGGER.atWarn().addKeyValue("buildId", buildId)
                        .log("the refused record names build {}, which a coordinator published; its events stay "
                                + "the coordinator's", buildId);
                return;
            }
        }
        publisher.event(events.of(refused.request(), refused.signed() ? 1 : UNSIGNED_ATTEMPT, BuildStatus.FAILED, null, null, events.now(), null,
                refused.reason(), null));
    }
}
