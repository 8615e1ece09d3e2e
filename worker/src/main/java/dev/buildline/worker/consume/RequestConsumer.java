package dev.buildline.worker.consume;

import dev.buildline.common.messages.BuildRequest;
import dev.buildline.common.messages.Topics;
import dev.buildline.runtime.kafka.GroupConsumerVerticle;
import dev.buildline.runtime.kafka.KafkaClients;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The verticle that claims build requests in the workers' group and hands them to the {@link BuildQueue}, each one
 * admitted first ({@link RequestAdmission}: a coordinator's signature, a readable body, the build policy) or refused
 * ({@link RefusedRequests}: dead letter and failed event, nothing run); the builds
 * run on the queue's pool, never on the event loop. A record is done (committable) once its build's terminal event or
 * its dead letter was acknowledged. When more than {@code maxInFlight} are claimed, the partitions are paused rather
 * than buffered without bound. A revoked or lost partition's builds are abandoned before the partition leaves: told to
 * stop (a terminal event already on its way is waited for), no terminal event, records left uncommitted for the new
 * owner. Only an error the consumer cannot go on from ends it, and {@link #health()} then says why.
 */
public final class RequestConsumer extends GroupConsumerVerticle {

    private static final Logger LOGGER = LoggerFactory.getLogger(RequestConsumer.class);
    private static final Duration ABANDON_WAIT = Duration.ofSeconds(15);

    private final BuildQueue queue;
    private final RequestAdmission admission;
    private final RefusedRequests refused;
    private final Executor deadLetters;
    private final FinishedJobs finished;

    /**
     * @param admission   decides, before anything else, whether a record may become a build (signature, body, policy)
     * @param refused     where a refused record goes (dead letter and failed event)
     * @param deadLetters where refused records are sent (blocking sends)
     */
    public RequestConsumer(KafkaClients kafka, String groupId, String clientId, Duration sessionTimeout, Topics topics,
                           BuildQueue queue, FinishedJobs finished, RequestAdmission admission,
                           RefusedRequests refused, Executor deadLetters, int maxInFlight) {
        super("request consumer", kafka, new Options(topics.buildRequests(), Map.of(
                "group.id", groupId,
                "max.poll.records", "50",
                // a joining or leaving worker moves only the partitions that change owner; the others keep building
                "partition.assignment.strategy", CooperativeStickyAssignor.class.getName(),
                "session.timeout.ms", Long.toString(sessionTimeout.toMillis()),
                "heartbeat.interval.ms", Long.toString(Math.max(500, sessionTimeout.toMillis() / 5)),
                "client.id", clientId), maxInFlight, Integer.MAX_VALUE));
        this.queue = queue;
        this.finished = finished;
        this.admission = admission;
        this.refused = refused;
        this.deadLetters = deadLetters;
    }

    @Override
    protected Future<Void> handle(ConsumerRecord<String, byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        RequestAdmission.Verdict verdict = admission.admit(record);
        if (verdict instanceof RequestAdmission.Refused refusal) {
            // left unfinished when not acknowledged: the partition's commit waits, and a restart reads it again
            return Future.fromCompletionStage(CompletableFuture.runAsync(
                    () -> refused.refuse(record.key(), record.value(), refusal), deadLetters));
        }
        BuildRequest request = ((RequestAdmission.Admitted) verdict).request();
        String key = record.key() == null ? request.key() : record.key();
        BuildJob job = new BuildJob(partition, record.offset(), key, request);
        Future<Void> done = finished.claim(job);
        queue.submit(job);
        return done;
    }

    @Override
    protected void revoking(Collection<TopicPartition> partitions) {
        // stopping builds takes seconds; the partitions go back now and nothing they publish counts
        queue.abandon(partitions, "partition revoked");
        finished.forget(partitions);
    }

    @Override
    protected void lost(Collection<TopicPartition> partitions) {
        queue.abandon(partitions, "partition lost");
        finished.forget(partitions);
    }

    @Override
    protected void stoppedFor(String why, Throwable cause) {
        LOGGER.error("request consumer stopped; this worker claims no more builds and its liveness fails: {}", why,
                cause);
    }

    /**
     * Stops claiming, lets claimed builds finish within {@code grace}, then abandons the rest (their records stay
     * uncommitted for another worker). The caller then undeploys this verticle, which commits and leaves the group.
     */
    public void drain(Duration grace) throws InterruptedException {
        stopClaiming();
        queue.drain();
        LOGGER.info("draining: no new builds; waiting up to {} s for running ones", grace.toSeconds());
        if (!queue.awaitEmpty(grace)) {
            queue.abandonAll("worker stopped after a drain of " + grace.toSeconds() + " s");
            queue.awaitEmpty(ABANDON_WAIT);
        }
    }
}
