package dev.buildline.runtime.kafka;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaReadStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one shape of a consumer in a group: vertx-kafka-client polls on its own thread and hands each batch to this
 * verticle's context; every record goes to {@link #handle}, whose Future says when the record is done. Offsets are
 * committed by hand, only up to the first record not done yet, so a crash never skips unfinished work.
 *
 * <p>Back-pressure is per partition: a partition with {@code maxPerPartition} records waiting or in hand is paused, and
 * every partition is paused while {@code maxInFlight} are; a paused partition is still polled (no fetch), so the member
 * stays in the group however long the work takes. Records a poll returns beyond the limits wait here, in offset order.
 *
 * <p>Rebalances are handled on the polling thread, inside {@code poll}, while the partitions still belong here (see
 * {@link FencedConsumer}): a revoked partition is first taken out of what this member owns (records of it still on
 * their way are dropped), then {@link #revoking} fences its work, then its finished offsets are committed, then it is
 * forgotten. vertx-kafka-client's own revoke handler would run later, after the partition had a new owner.
 */
public abstract class GroupConsumerVerticle extends VerticleBase {

    private static final Logger LOGGER = LoggerFactory.getLogger(GroupConsumerVerticle.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration COMMIT_INTERVAL = Duration.ofSeconds(1);
    private static final Duration REVOKE_COMMIT_TIMEOUT = Duration.ofSeconds(10);

    /**
     * @param config the consumer's own settings (group.id, client.id, assignor...); manual commits are always set
     * @param maxInFlight records in hand (handed out, not done) over all partitions before every partition pauses
     * @param maxPerPartition records waiting or in hand per partition before that partition pauses
     */
    public record Options(String topic, Map<String, String> config, int maxInFlight, int maxPerPartition) {
    }

    private final KafkaClients kafka;
    private final Options options;
    private final String name;
    private final LoopHealth health;
    private final Object lock = new Object();
    private final Set<TopicPartition> owned = new HashSet<>();
    private final OffsetTracker offsets = new OffsetTracker();
    private final Map<TopicPartition, Deque<ConsumerRecord<String, byte[]>>> waiting = new HashMap<>();
    private final Set<TopicPartition> paused = new HashSet<>();
    private final Promise<Void> firstAssignment = Promise.promise();
    private volatile boolean stopping;
    private volatile boolean claiming = true;
    private KafkaConsumer<String, byte[]> consumer;
    private KafkaReadStream<String, byte[]> stream;
    private boolean committing;
    private long commitTimer;

    protected GroupConsumerVerticle(String name, KafkaClients kafka, Options options) {
        this.name = name;
        this.kafka = kafka;
        this.options = options;
        this.health = new LoopHealth(name);
    }

    /** Why this consumer stopped for good, or empty while it consumes (or was closed on purpose). */
    public LoopHealth health() {
        return health;
    }

    /**
     * Called on this verticle's context for each record of an owned partition, in offset order per partition; must not
     * block. The Future succeeds when the record may be committed; one that fails or never completes leaves it (and
     * every later record of its partition) uncommitted, for a restart or the partition's next owner.
     */
    protected abstract Future<Void> handle(ConsumerRecord<String, byte[]> record);

    /**
     * Called on the polling thread while {@code partitions} still belong here, before their finished offsets are
     * committed: stop their work so nothing of it counts any more. May block for as long as that takes.
     */
    protected void revoking(Collection<TopicPartition> partitions) {
    }

    /** Called on the polling thread when the group took {@code partitions} away without a revoke (this member's session ended). */
    protected void lost(Collection<TopicPartition> partitions) {
    }

    /**
     * The consumer cannot go on (refused credentials, fenced by another member with its group.instance.id, closed
     * under it, ...); {@link #health()} already says so, and it is closed after this.
     */
    protected void stoppedFor(String why, Throwable cause) {
        LOGGER.error("{} stopped: {}", name, why, cause);
    }

    @Override
    public Future<?> start() {
        consumer = kafka.groupConsumer(vertx, consumerConfig(), new Hook());
        stream = consumer.asStream();
        stream.pollTimeout(POLL);
        stream.exceptionHandler(this::failed);
        stream.batchHandler(this::received);
        commitTimer = vertx.setPeriodic(COMMIT_INTERVAL.toMillis(), timer -> commitDue());
        return stream.subscribe(Set.of(options.topic()));
    }

    private Map<String, String> consumerConfig() {
        Map<String, String> config = new HashMap<>(options.config());
        config.put("enable.auto.commit", "false");
        config.putIfAbsent("auto.offset.reset", "earliest");
        return config;
    }

    /** Completes once the group gave this member partitions for the first time. */
    public Future<Void> firstAssignment() {
        return firstAssignment.future();
    }

    /** Partitions this member owns now. */
    public int assignedPartitions() {
        return assigned().size();
    }

    public Set<TopicPartition> assigned() {
        synchronized (lock) {
            return Set.copyOf(owned);
        }
    }

    protected final boolean owns(TopicPartition partition) {
        synchronized (lock) {
            return owned.contains(partition);
        }
    }

    /** True once this verticle is being undeployed: work in hand should not be reported done any more. */
    protected final boolean stopping() {
        return stopping;
    }

    /** From now on no record is handed out; every partition is paused (the member stays in the group). */
    public void stopClaiming() {
        claiming = false;
        context.runOnContext(v -> pump());
    }

    private void received(ConsumerRecords<String, byte[]> records) {
        synchronized (lock) {
            for (ConsumerRecord<String, byte[]> record : records) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                if (owned.contains(partition)) { // else revoked while on its way here
                    waiting.computeIfAbsent(partition, p -> new ArrayDeque<>()).add(record);
                }
            }
        }
        pump();
    }

    /** On the context: hands out what the limits allow, pauses or resumes partitions, commits what is done. */
    private void pump() {
        List<ConsumerRecord<String, byte[]>> ready = new ArrayList<>();
        synchronized (lock) {
            for (Map.Entry<TopicPartition, Deque<ConsumerRecord<String, byte[]>>> entry : waiting.entrySet()) {
                Deque<ConsumerRecord<String, byte[]>> queue = entry.getValue();
                while (claiming && !queue.isEmpty() && offsets.inFlight() < options.maxInFlight()
                        && offsets.inFlight(entry.getKey()) < options.maxPerPartition()) {
                    ConsumerRecord<String, byte[]> record = queue.poll();
                    offsets.started(entry.getKey(), record.offset());
                    ready.add(record);
                }
            }
        }
        ready.forEach(this::dispatch);
        applyBackPressure();
        commitDue();
    }

    private void dispatch(ConsumerRecord<String, byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        Future<Void> done;
        try {
            done = handle(record);
        } catch (RuntimeException e) {
            done = Future.failedFuture(e);
        }
        done.onComplete(ignored -> finished(partition, record.offset()),
                cause -> LOGGER.warn("{}: {}@{} not done ({}); it stays uncommitted", name, partition, record.offset(),
                        cause.getMessage(), cause));
    }

    /** Any thread: the record is done; ignored when its partition was revoked meanwhile. */
    private void finished(TopicPartition partition, long offset) {
        synchronized (lock) {
            offsets.finished(partition, offset);
        }
        if (!stopping) {
            context.runOnContext(v -> pump());
        }
    }

    private void applyBackPressure() {
        Set<TopicPartition> pause = new HashSet<>();
        Set<TopicPartition> resume = new HashSet<>();
        synchronized (lock) {
            int held = offsets.inFlight() + waiting.values().stream().mapToInt(Deque::size).sum();
            boolean full = !claiming || held >= options.maxInFlight();
            for (TopicPartition partition : owned) {
                Deque<ConsumerRecord<String, byte[]>> queue = waiting.get(partition);
                boolean hold = full || offsets.inFlight(partition) + (queue == null ? 0 : queue.size())
                        >= options.maxPerPartition();
                if (hold && paused.add(partition)) {
                    pause.add(partition);
                } else if (!hold && paused.remove(partition)) {
                    resume.add(partition);
                }
            }
        }
        // a partition revoked in between is no longer this consumer's to pause: that failure means nothing
        if (!pause.isEmpty()) {
            stream.pause(pause).onFailure(e -> LOGGER.debug("{}: pause of {} skipped: {}", name, pause, e.getMessage()));
        }
        if (!resume.isEmpty()) {
            stream.resume(resume).onFailure(e -> LOGGER.debug("{}: resume of {} skipped: {}", name, resume,
                    e.getMessage()));
        }
    }

    /** On the context: one commit at a time; what a failed commit covered is due again at the next turn. */
    private Future<Void> commitDue() {
        if (committing || stream == null) {
            return Future.succeededFuture();
        }
        Map<TopicPartition, Long> due;
        synchronized (lock) {
            due = offsets.toCommit();
            due.keySet().retainAll(owned);
        }
        if (due.isEmpty()) {
            return Future.succeededFuture();
        }
        committing = true;
        return stream.commit(asOffsets(due)).<Void>mapEmpty().onComplete(done -> {
            committing = false;
            synchronized (lock) {
                offsets.committed(due);
            }
        }, cause -> {
            committing = false;
            LOGGER.debug("{}: commit deferred ({}); tried again at the next turn", name, cause.getMessage());
        });
    }

    private static Map<TopicPartition, OffsetAndMetadata> asOffsets(Map<TopicPartition, Long> due) {
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        due.forEach((partition, offset) -> commit.put(partition, new OffsetAndMetadata(offset)));
        return commit;
    }

    private void failed(Throwable cause) {
        // commits, pauses and polls interrupted by a rebalance or a close come here too; they are routine, unless
        // the consumer was closed while this loop should run: then nothing polls any more
        boolean closedUnderIt = cause instanceof IllegalStateException && String.valueOf(cause.getMessage())
                .contains("already been closed");
        if (!closedUnderIt && (cause instanceof WakeupException || cause instanceof InterruptException
                || cause instanceof RetriableException || cause instanceof CommitFailedException
                || cause instanceof RebalanceInProgressException || cause instanceof IllegalStateException)
                || stopping) {
            LOGGER.debug("{}: {}", name, cause.toString());
            return;
        }
        health.stopped(cause.toString());
        stoppedFor(cause.toString(), cause);
        stopping = true;
        context.runOnContext(v -> consumer.close());
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(commitTimer);
        committing = false;
        return commitDue().eventually(() -> {
            stopping = true;
            return consumer.close();
        });
    }

    /** Runs on the polling thread, inside poll (see the class comment). */
    private final class Hook implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            synchronized (lock) {
                owned.addAll(partitions);
            }
            if (!partitions.isEmpty()) {
                LOGGER.info("{}: assigned {}", name, partitions);
                context.runOnContext(v -> firstAssignment.tryComplete());
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            disown(partitions);
            revoking(partitions);
            Map<TopicPartition, Long> due;
            synchronized (lock) {
                due = offsets.toCommit();
                due.keySet().retainAll(partitions);
            }
            try {
                if (!due.isEmpty()) {
                    consumer.unwrap().commitSync(asOffsets(due), REVOKE_COMMIT_TIMEOUT);
                }
            } catch (RuntimeException e) {
                LOGGER.info("{}: commit of revoked {} refused ({}); their next owner reads those records again", name,
                        due.keySet(), e.getMessage());
            }
            forget(partitions);
            LOGGER.info("{}: revoked {}", name, partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            disown(partitions);
            lost(partitions);
            forget(partitions);
            LOGGER.info("{}: lost {}", name, partitions);
        }

        private void disown(Collection<TopicPartition> partitions) {
            synchronized (lock) {
                owned.removeAll(partitions);
                partitions.forEach(waiting::remove);
            }
        }

        private void forget(Collection<TopicPartition> partitions) {
            synchronized (lock) {
                partitions.forEach(offsets::forget);
                paused.removeAll(partitions);
            }
        }
    }
}
