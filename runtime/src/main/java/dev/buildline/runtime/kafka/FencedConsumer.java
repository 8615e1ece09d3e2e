package dev.buildline.runtime.kafka;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The kafka-clients consumer under a vertx-kafka-client group consumer, with two fences that library does not give.
 *
 * <p>vertx-kafka-client's rebalance listener only schedules its handlers on the context and returns, so Kafka hands a
 * revoked partition to its next owner before anything on this side has run: a build could still publish its terminal
 * event after the new owner looked, and a commit could land after the partition is gone. Here {@code hook} runs first,
 * synchronously on the polling thread inside {@code poll}, while the partitions are still this member's: that is where
 * their work is fenced off and their finished offsets committed.
 *
 * <p>A commit queued on the polling thread before a rebalance runs after it; {@link #commitSync(Map)} drops the
 * partitions this member no longer holds, so a stale offset never overwrites the new owner's.
 */
final class FencedConsumer<K, V> extends KafkaConsumer<K, V> {

    private final ConsumerRebalanceListener hook;

    FencedConsumer(Map<String, Object> config, Deserializer<K> keys, Deserializer<V> values,
                   ConsumerRebalanceListener hook) {
        super(config, keys, values);
        this.hook = hook;
    }

    @Override
    public void subscribe(Collection<String> topics, ConsumerRebalanceListener library) {
        super.subscribe(topics, new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                hook.onPartitionsRevoked(partitions);
                library.onPartitionsRevoked(partitions);
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                hook.onPartitionsLost(partitions);
                library.onPartitionsLost(partitions);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                hook.onPartitionsAssigned(partitions);
                library.onPartitionsAssigned(partitions);
            }
        });
    }

    @Override
    public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        Map<TopicPartition, OffsetAndMetadata> held = new HashMap<>(offsets);
        held.keySet().retainAll(assignment());
        if (!held.isEmpty()) {
            super.commitSync(held);
        }
    }
}
