package dev.buildline.runtime.kafka;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaReadStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one shape of a follower: every partition of some topics read from the beginning, outside any group, each record
 * handed to {@link #handle} on this verticle's context. {@link #caughtUp()} says when everything on the topics at the
 * moment it was asked has been handled.
 *
 * <p>The ends are asked for over an admin client's own connection. The follower's consumer keeps a fetch open at the
 * broker for up to {@code fetch.max.wait.ms} (500 ms) while nothing arrives, and a broker answers one request of a
 * connection at a time, so asking the consumer itself queued every question behind that fetch.
 *
 * <p>An admin client of kafka-clients 4.x keeps the leaders it found for each partition and asks them again, without
 * a new lookup, until they answer with an error (KAFKA-20673, fixed after 4.1.1): with one broker away, every question
 * went to the dead leader until it came back, and no build started. So each question has a deadline of its own, and
 * an admin client that missed one is replaced by a fresh one, which looks the leaders up again, before it is asked
 * once more.
 */
public abstract class FollowerVerticle extends VerticleBase {

    private static final Logger LOGGER = LoggerFactory.getLogger(FollowerVerticle.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    /** The longest wait for the ends of the topics from one admin client. */
    static final Duration ENDS_TIMEOUT = Duration.ofSeconds(5);

    private record Waiter(Map<TopicPartition, Long> ends, Promise<Void> caughtUp) {
    }

    private final String name;
    private final KafkaClients kafka;
    private final List<String> topics;
    private final String clientId;
    private final LoopHealth health;
    private final Map<TopicPartition, Long> handledTo = new HashMap<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private volatile Set<TopicPartition> partitions = Set.of();
    private volatile Admin admin;
    private KafkaConsumer<String, byte[]> consumer;
    private volatile boolean stopping;

    protected FollowerVerticle(String name, KafkaClients kafka, List<String> topics, String clientId) {
        this.name = name;
        this.kafka = kafka;
        this.topics = topics;
        this.clientId = clientId;
        this.health = new LoopHealth(name);
    }

    /** Why this follower stopped for good, or empty while it reads (or was closed on purpose). */
    public LoopHealth health() {
        return health;
    }

    /**
     * Records of the topics not handled yet: their ends now minus what was handled (on the context). Fails when the
     * ends cannot be asked.
     */
    public Future<Long> lag() {
        return offsets(OffsetSpec.latest()).map(ends -> ends.entrySet().stream()
                .mapToLong(end -> Math.max(0, end.getValue() - handledTo.getOrDefault(end.getKey(), 0L))).sum());
    }

    /** Called on the context for every record, in offset order per partition; must not block. */
    protected abstract void handle(ConsumerRecord<String, byte[]> record);

    /**
     * The follower cannot go on (refused credentials, its consumer closed under it, ...); {@link #health()} already
     * says so, and it is closed after this.
     */
    protected void stoppedFor(String why, Throwable cause) {
        LOGGER.error("{} stopped: {}", name, why, cause);
    }

    @Override
    public Future<?> start() {
        admin = newAdmin();
        consumer = kafka.follower(vertx, Map.of(
                "enable.auto.commit", "false",
                "auto.offset.reset", "earliest",
                "client.id", clientId));
        KafkaReadStream<String, byte[]> stream = consumer.asStream();
        stream.exceptionHandler(this::failed);
        stream.batchHandler(this::received);
        return onContext(admin.describeTopics(topics).allTopicNames().toCompletionStage())
                .compose(described -> {
                    Set<TopicPartition> all = new HashSet<>();
                    for (TopicDescription topic : described.values()) {
                        topic.partitions().forEach(info -> all.add(new TopicPartition(topic.name(), info.partition())));
                    }
                    partitions = Set.copyOf(all);
                    return offsets(OffsetSpec.earliest());
                })
                .compose(beginnings -> {
                    // a partition whose records are all deleted has nothing to read: it starts caught up
                    handledTo.putAll(beginnings);
                    return stream.assign(partitions);
                });
    }

    /**
     * Completes once every record on the topics when this was called has been handled (on the context); fails when
     * the follower stopped. Callable from any thread.
     */
    public Future<Void> caughtUp() {
        return offsets(OffsetSpec.latest()).compose(ends -> {
            Promise<Void> promise = Promise.promise();
            if (stopping) {
                promise.fail(new IllegalStateException(name + " stopped"));
            } else {
                waiters.add(new Waiter(ends, promise));
                completeReached();
            }
            return promise.future();
        });
    }

    /** The offsets, asked again of a fresh admin client when the current one did not answer in time. */
    private Future<Map<TopicPartition, Long>> offsets(OffsetSpec spec) {
        Admin asked = admin;
        return offsets(asked, spec).recover(failure -> {
            LOGGER.warn("{}: no answer from the admin client in {} s ({}); asking a fresh one", name,
                    ENDS_TIMEOUT.toSeconds(), failure.toString());
            return offsets(replace(asked), spec);
        });
    }

    private Future<Map<TopicPartition, Long>> offsets(Admin asked, OffsetSpec spec) {
        Map<TopicPartition, OffsetSpec> query = new HashMap<>();
        partitions.forEach(partition -> query.put(partition, spec));
        ListOffsetsOptions options = new ListOffsetsOptions().timeoutMs((int) ENDS_TIMEOUT.toMillis());
        return onContext(asked.listOffsets(query, options).all().toCompletionStage()).map(found -> {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            found.forEach((partition, info) -> offsets.put(partition, info.offset()));
            return offsets;
        });
    }

    /** The admin client that replaced {@code failed} (the first caller to see it fail makes it); closes the old. */
    private synchronized Admin replace(Admin failed) {
        if (admin == failed && !stopping) {
            admin = newAdmin();
            vertx.executeBlocking(() -> {
                failed.close(Duration.ZERO);
                return null;
            });
        }
        return admin;
    }

    private Admin newAdmin() {
        return kafka.admin(Map.of("client.id", clientId + "-ends"));
    }

    private <T> Future<T> onContext(java.util.concurrent.CompletionStage<T> stage) {
        return Future.fromCompletionStage(stage, context);
    }

    private void received(ConsumerRecords<String, byte[]> records) {
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                handle(record);
            } catch (RuntimeException e) {
                LOGGER.warn("{}: skipping {}-{}@{}: {}", name, record.topic(), record.partition(), record.offset(),
                        e.toString());
            }
        }
        records.nextOffsets().forEach((partition, next) -> handledTo.merge(partition, next.offset(), Math::max));
        completeReached();
    }

    private void completeReached() {
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
            Waiter waiter = it.next();
            if (waiter.ends().entrySet().stream()
                    .allMatch(end -> handledTo.getOrDefault(end.getKey(), 0L) >= end.getValue())) {
                waiter.caughtUp().complete();
                it.remove();
            }
        }
    }

    private void failed(Throwable cause) {
        if (cause instanceof WakeupException || cause instanceof InterruptException || cause instanceof RetriableException
                || stopping) {
            LOGGER.debug("{}: {}", name, cause.toString());
            return;
        }
        health.stopped(cause.toString());
        stoppedFor(cause.toString(), cause);
        context.runOnContext(v -> {
            stopping = true;
            failWaiters();
            consumer.close();
        });
    }

    private void failWaiters() {
        waiters.forEach(waiter -> waiter.caughtUp().tryFail(new IllegalStateException(name + " stopped")));
        waiters.clear();
    }

    @Override
    public Future<?> stop() {
        Admin closing;
        synchronized (this) {
            stopping = true;
            closing = admin;
        }
        failWaiters();
        return consumer.close().eventually(() -> vertx.executeBlocking(() -> {
            closing.close(CLOSE_WAIT);
            return null;
        }));
    }
}
