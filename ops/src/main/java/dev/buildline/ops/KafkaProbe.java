package dev.buildline.ops;

import dev.buildline.runtime.kafka.KafkaClients;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * Asks the Kafka cluster, without blocking, whether it answers (readiness) and how far the workers' group is behind
 * on build-requests (queue lag), for coordinator and worker alike. One admin client; results come back on the given
 * Vert.x context.
 */
public final class KafkaProbe implements AutoCloseable {

    private static final int TIMEOUT_MS = 3000;

    private final KafkaClients kafka;
    private final Admin admin;
    private final Context context;

    public KafkaProbe(KafkaClients kafka, Context context) {
        this.kafka = kafka;
        this.admin = kafka.admin(Map.of(
                "client.id", "buildline-probe",
                "request.timeout.ms", String.valueOf(TIMEOUT_MS),
                "default.api.timeout.ms", String.valueOf(TIMEOUT_MS)));
        this.context = context;
    }

    /** Succeeds with what answered ("1 broker(s), cluster ..."), fails with why nothing did (a refused login named). */
    public Future<String> check() {
        var cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS));
        return bridge(cluster.nodes()).compose(nodes -> bridge(cluster.clusterId())
                .map(id -> nodes.size() + " broker(s), cluster " + id))
                .recover(cause -> Future.failedFuture(kafka.explain(cause)));
    }

    /** Lag per partition of {@code topic} for consumer group {@code group}. */
    public Future<Map<Integer, Long>> lag(String topic, String group) {
        return bridge(admin.describeTopics(List.of(topic)).allTopicNames()).compose(described -> {
            List<TopicPartition> partitions = described.get(topic).partitions().stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            ListOffsetsOptions options = new ListOffsetsOptions();
            Future<Map<Integer, Long>> ends = offsets(partitions, OffsetSpec.latest(), options);
            Future<Map<Integer, Long>> starts = offsets(partitions, OffsetSpec.earliest(), options);
            Future<Map<TopicPartition, OffsetAndMetadata>> committed = bridge(admin.listConsumerGroupOffsets(group,
                    new ListConsumerGroupOffsetsOptions().timeoutMs(TIMEOUT_MS)).partitionsToOffsetAndMetadata());
            return Future.all(ends, starts, committed).map(all -> {
                Map<Integer, Long> committedByPartition = new HashMap<>();
                committed.result().forEach((partition, offset) -> {
                    if (offset != null && partition.topic().equals(topic)) {
                        committedByPartition.put(partition.partition(), offset.offset());
                    }
                });
                return QueueLag.of(ends.result(), starts.result(), committedByPartition);
            });
        });
    }

    private Future<Map<Integer, Long>> offsets(List<TopicPartition> partitions, OffsetSpec spec,
                                               ListOffsetsOptions options) {
        Map<TopicPartition, OffsetSpec> request = partitions.stream().collect(Collectors.toMap(p -> p, p -> spec));
        return bridge(admin.listOffsets(request, options).all()).map(result -> result.entrySet().stream()
                .collect(Collectors.toMap(entry -> entry.getKey().partition(), entry -> entry.getValue().offset())));
    }

    private <T> Future<T> bridge(KafkaFuture<T> future) {
        CompletionStage<T> stage = future.toCompletionStage();
        return Future.fromCompletionStage(stage, context);
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
