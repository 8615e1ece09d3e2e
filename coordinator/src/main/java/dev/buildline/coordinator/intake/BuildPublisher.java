package dev.buildline.coordinator.intake;

import dev.buildline.common.messages.BuildControl;
import dev.buildline.common.messages.BuildEvent;
import dev.buildline.common.messages.BuildRequest;
import dev.buildline.common.messages.CloudEventHeaders;
import dev.buildline.common.messages.Json;
import dev.buildline.common.messages.RequestKey;
import dev.buildline.common.messages.Topics;
import dev.buildline.coordinator.state.OwnEvents;
import dev.buildline.runtime.kafka.KafkaClients;
import io.vertx.core.Future;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes build requests and their {@code queued} events. The producer is idempotent with acks=all, and its
 * delivery timeout stays under a git host's webhook timeout, so a broker that cannot take a request gives a failed
 * future (503) rather than a hook that times out. Every request is signed ({@link RequestKey}): workers build only
 * records whose exact bytes this coordinator's key signed.
 */
public final class BuildPublisher {

    private static final Logger LOGGER = LoggerFactory.getLogger(BuildPublisher.class);
    public static final String SOURCE = "/buildline/coordinator";

    private final KafkaProducer<String, byte[]> producer;
    private final Topics topics;
    private final Outcomes outcomes;
    private final OwnEvents own;
    private final RequestKey key;

    /**
     * @param own keeps each event sent until this coordinator's follower reads it back
     * @param key signs every build request (BUILDLINE_REQUEST_KEY)
     */
    public BuildPublisher(KafkaProducer<String, byte[]> producer, Topics topics, Outcomes outcomes, OwnEvents own,
                          RequestKey key) {
        // a failed send already fails its future (a 503 for the sender); the stream-level report would repeat it
        this.producer = producer.exceptionHandler(cause -> LOGGER.debug("producer: {}", cause.getMessage()));
        this.topics = topics;
        this.outcomes = outcomes;
        this.own = own;
        this.key = key;
    }

    /** Hears how each publish ended, for metrics. Called on the event loop; must not block. */
    public interface Outcomes {
        default void requestPublished(BuildRequest request) {
        }

        default void publishFailed(Throwable cause) {
        }
    }

    public static Map<String, String> producerConfig(KafkaClients kafka) {
        return kafka.producerConfig(Map.of(
                "acks", "all",
                "enable.idempotence", "true",
                "linger.ms", "0",
                "request.timeout.ms", "3000",
                "delivery.timeout.ms", "6000",
                "max.block.ms", "3000",
                "key.serializer", "org.apache.kafka.common.serialization.StringSerializer",
                "value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer"));
    }

    /**
     * Completes once Kafka acknowledged the request and then its queued event. The order matters: a build id on
     * build-events is how intake knows a build was published, so its request must be durable first. A request whose
     * event was lost is published again on the next delivery, and workers build one build id once.
     */
    public Future<Void> publish(BuildRequest request, BuildEvent queued) {
        byte[] value = Json.toBytes(request);
        KafkaProducerRecord<String, byte[]> requestRecord =
                KafkaProducerRecord.create(topics.buildRequests(), request.key(), value);
        requestRecord.addHeader(RequestKey.HEADER, key.sign(value));
        return producer.send(requestRecord)
                .compose(acknowledged -> publishEvent(queued))
                .onSuccess(done -> outcomes.requestPublished(request))
                .onFailure(outcomes::publishFailed)
                .recover(cause -> Future.failedFuture(new PublishFailedException(request.buildId(), cause)));
    }

    public Future<Void> publishEvent(BuildEvent event) {
        byte[] value = Json.toBytes(event);
        KafkaProducerRecord<String, byte[]> record =
                KafkaProducerRecord.create(topics.buildEvents(), event.buildId(), value);
        CloudEventHeaders.of(event, SOURCE).forEach(record::addHeader);
        own.sending(event, value);
        return producer.send(record).onFailure(cause -> own.failed(event, value)).mapEmpty();
    }

    /** Publishes a control message (e.g. cancel) for every worker to read; completes once Kafka acknowledged it. */
    public Future<Void> publishControl(BuildControl control) {
        return producer.send(KafkaProducerRecord.create(topics.buildControl(), control.buildId(), Json.toBytes(control)))
                .<Void>mapEmpty()
                .recover(cause -> Future.failedFuture(new PublishFailedException(control.buildId(), cause)));
    }

    /** Kafka did not acknowledge a request in time; the git host should retry the delivery. */
    public static final class PublishFailedException extends RuntimeException {
        public PublishFailedException(String buildId, Throwable cause) {
            super("Kafka did not acknowledge build " + buildId + ": " + cause.getMessage(), cause);
        }
    }

    public Future<Void> close() {
        return producer.close();
    }
}
