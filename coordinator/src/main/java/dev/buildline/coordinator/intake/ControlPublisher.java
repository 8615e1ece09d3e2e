package dev.buildline.coordinator.intake;

import dev.buildline.common.messages.BuildControl;
import dev.buildline.common.messages.Json;
import dev.buildline.common.messages.Topics;
import io.vertx.core.Future;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;

/** Publishes control messages (cancel) on build-control, keyed by buildId, for the worker that runs the build. */
public final class ControlPublisher {

    private final KafkaProducer<String, byte[]> producer;
    private final Topics topics;

    public ControlPublisher(KafkaProducer<String, byte[]> producer, Topics topics) {
        this.producer = producer;
        this.topics = topics;
    }

    /** Completes once Kafka acknowledged the message. */
    public Future<Void> publish(BuildControl control) {
        return producer.send(KafkaProducerRecord.create(topics.buildControl(), control.buildId(), Json.toBytes(control)))
                .mapEmpty();
    }
}
