package dev.buildline.worker.publish;

import dev.buildline.common.messages.BuildEvent;
import dev.buildline.common.messages.BuildLogChunk;
import dev.buildline.common.messages.CloudEventHeaders;
import dev.buildline.common.messages.Json;
import dev.buildline.common.messages.Topics;
import dev.buildline.runtime.kafka.KafkaClients;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The worker's writes to Kafka: build events (with CloudEvents headers), log chunks and dead letters. Event sends are
 * awaited, because a record's offset is committed only after its terminal event is acknowledged. Every event and dead
 * letter of the worker leaves here, so the {@link Published} listener (the worker's metrics) hears each one once.
 */
public final class ResultPublisher implements Publisher, AutoCloseable {

    /**
     * How long the producer tries to deliver a record before it fails it (and how long a flush can wait), and the
     * longest wait for an answer of one request within that. Below the await, so that "not acknowledged" means the
     * producer gave up on the record, not that the worker stopped listening while the producer went on and wrote it
     * later (two brokers away, a terminal event given up at 30 s still landed at 120 s, after the retry it caused).
     */
    static final int DELIVERY_TIMEOUT_MS = 25_000;
    private static final int REQUEST_TIMEOUT_MS = 10_000;
    /** A send that waits for metadata (no broker known for the partition) blocks the caller at most this long. */
    private static final int MAX_BLOCK_MS = 10_000;
    private static final long ACK_TIMEOUT_SECONDS = 30;

    /** Told of each write Kafka acknowledged, on the thread that wrote it; must not block or throw. */
    public interface Published {

        Published NONE = new Published() {
            @Override
            public void event(BuildEvent event) {
            }

            @Override
            public void deadLetter(String key, String reason) {
            }
        };

        void event(BuildEvent event);

        void deadLetter(String key, String reason);
    }

    private final KafkaProducer<String, byte[]> producer;
    private final Topics topics;
    private final String source;
    private final Published published;

    public ResultPublisher(KafkaClients kafka, Topics topics, String workerId) {
        this(kafka, topics, workerId, Published.NONE);
    }

    public ResultPublisher(KafkaClients kafka, Topics topics, String workerId, Published published) {
        this.producer = kafka.producer(Map.of(
                "acks", "all",
                "enable.idempotence", "true",
                // every event is awaited before the build goes on (running before buildx, the terminal one before
                // the commit), so a linger is only a wait: nothing else would join its batch. Log chunks are few
                // (one per 50 lines or 250 ms of a build) and gain nothing from one either.
                "linger.ms", "0",
                "delivery.timeout.ms", Integer.toString(DELIVERY_TIMEOUT_MS),
                "request.timeout.ms", Integer.toString(REQUEST_TIMEOUT_MS),
                "max.block.ms", Integer.toString(MAX_BLOCK_MS),
                "client.id", "buildline-worker-" + workerId),
                new StringSerializer(), new ByteArraySerializer());
        this.topics = topics;
        this.source = "/buildline/worker/" + workerId;
        this.published = published;
    }

    @Override
    public void event(BuildEvent event) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topics.buildEvents(), event.buildId(), Json.toBytes(event));
        CloudEventHeaders.of(event, source)
                .forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        await(producer.send(record), "build event " + event.status().wireName() + " of " + event.buildId());
        published.event(event);
    }

    @Override
    public void log(BuildLogChunk chunk) {
        producer.send(new ProducerRecord<>(topics.buildLogs(), chunk.buildId(), Json.toBytes(chunk)));
    }

    @Override
    public void deadLetter(String key, byte[] value, String reason) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topics.buildRequestsDlq(), key, value);
        record.headers().add("buildline_reason", reason.getBytes(StandardCharsets.UTF_8));
        await(producer.send(record), "dead letter for key " + key);
        published.deadLetter(key, reason);
    }

    /** Returns once every record sent so far was acknowledged or failed: within the delivery timeout. */
    @Override
    public void flush() {
        producer.flush();
    }

    private static void await(Future<RecordMetadata> send, String what) {
        try {
            send.get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException(what + ": interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new PublishException(what + " not acknowledged: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }

    /** Kafka did not acknowledge a write. */
    public static final class PublishException extends RuntimeException {
        public PublishException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
