package dev.buildline.worker.state;

import dev.buildline.common.messages.BuildControl;
import dev.buildline.common.messages.BuildEvent;
import dev.buildline.common.messages.Json;
import dev.buildline.common.messages.Topics;
import dev.buildline.runtime.kafka.KafkaClients;
import dev.buildline.worker.consume.LoopHealth;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads all of build-events and build-control from the beginning, outside any group, so every worker knows every
 * terminal outcome (idempotency) and sees every cancel. A build thread that must not act on stale knowledge asks
 * {@link #awaitCaughtUp} to wait until everything on both topics at that moment has been read.
 */
public final class StateFollower implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(StateFollower.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Topics topics;
    private final BuildOutcomes outcomes;
    private Consumer<String> onCancel;
    private final Thread thread;
    private final Queue<CompletableFuture<Void>> waiters = new ConcurrentLinkedQueue<>();
    private volatile boolean running = true;
    private final LoopHealth health = new LoopHealth("state follower");
    private static final Duration END_OFFSETS_TIMEOUT = Duration.ofSeconds(5);

    private record Target(Map<TopicPartition, Long> ends, List<CompletableFuture<Void>> waiters) {
    }

    public StateFollower(KafkaClients kafka, Topics topics, String clientId, BuildOutcomes outcomes) {
        this.consumer = kafka.consumer(Map.of(
                "enable.auto.commit", "false",
                "auto.offset.reset", "earliest",
                "client.id", clientId),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.topics = topics;
        this.outcomes = outcomes;
        this.thread = new Thread(this::run, "buildline-state-follower");
        this.thread.setDaemon(true);
    }

    /** {@code onCancel} gets the build id of every cancel, on the follower's thread, and must not block. */
    public void start(Consumer<String> onCancel) {
        this.onCancel = onCancel;
        thread.start();
    }

    /**
     * Blocks until everything on build-events and build-control when called has been read (so a cancel sent before
     * the request is known); throws when that takes too long.
     */
    public void awaitCaughtUp(Duration timeout) {
        CompletableFuture<Void> caughtUp = new CompletableFuture<>();
        waiters.add(caughtUp);
        try {
            caughtUp.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw new IllegalStateException("build-events not read up to its end within " + timeout.toSeconds()
                    + " s, so this worker cannot tell whether the build already ended", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading build-events", e);
        }
    }

    private void run() {
        List<Target> targets = new ArrayList<>();
        try {
            List<TopicPartition> partitions = new ArrayList<>(partitions(topics.buildEvents()));
            partitions.addAll(partitions(topics.buildControl()));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running) {
                if (!waiters.isEmpty()) {
                    targets.add(target(partitions));
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    handle(record);
                }
                completeReached(targets);
            }
        } catch (WakeupException e) {
            if (running) {
                stopped("woken up unexpectedly", e);
            }
        } catch (RuntimeException | Error e) {
            stopped(e.toString(), e);
            if (e instanceof Error error) {
                throw error;
            }
        } finally {
            targets.forEach(target -> target.waiters().forEach(w -> w.completeExceptionally(
                    new IllegalStateException("state follower stopped"))));
            consumer.close();
        }
    }

    /** The topics' ends for the waiters so far; a broker that does not answer now is asked again on the next turn. */
    private Target target(List<TopicPartition> partitions) {
        Map<TopicPartition, Long> ends;
        try {
            ends = consumer.endOffsets(partitions, END_OFFSETS_TIMEOUT);
        } catch (RetriableException e) {
            LOGGER.info("cannot read the ends of build-events and build-control yet: {}", e.getMessage());
            return new Target(Map.of(), List.of());
        }
        List<CompletableFuture<Void>> now = new ArrayList<>();
        for (CompletableFuture<Void> waiter; (waiter = waiters.poll()) != null; ) {
            now.add(waiter);
        }
        return new Target(ends, now);
    }

    private void stopped(String why, Throwable cause) {
        health.stopped(why);
        LOGGER.error("state follower stopped; builds cannot tell whether they already ended, and liveness fails: {}",
                why, cause);
    }

    /** Why the follower stopped for good, or empty while it reads (or was closed on purpose). */
    public LoopHealth health() {
        return health;
    }

    private List<TopicPartition> partitions(String topic) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
            partitions.add(new TopicPartition(topic, info.partition()));
        }
        return partitions;
    }

    private void completeReached(List<Target> targets) {
        for (Iterator<Target> it = targets.iterator(); it.hasNext(); ) {
            Target target = it.next();
            if (target.ends().entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue())) {
                target.waiters().forEach(waiter -> waiter.complete(null));
                it.remove();
            }
        }
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        try {
            if (record.topic().equals(topics.buildEvents())) {
                outcomes.apply(Json.read(record.value(), BuildEvent.class));
                return;
            }
            BuildControl control = Json.read(record.value(), BuildControl.class);
            if (control.action() == BuildControl.Action.CANCEL && control.buildId() != null) {
                outcomes.cancelRequested(control.buildId());
                onCancel.accept(control.buildId());
            }
        } catch (Json.MalformedMessageException e) {
            LOGGER.warn("skipping unreadable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
