package dev.buildline.app;

import dev.buildline.common.config.BuildKitConfig;
import dev.buildline.common.config.ImageConfig;
import dev.buildline.common.messages.BuildControl;
import dev.buildline.common.messages.BuildEvent;
import dev.buildline.common.messages.BuildIds;
import dev.buildline.common.messages.BuildRequest;
import dev.buildline.common.messages.Json;
import dev.buildline.common.messages.RepoRef;
import dev.buildline.common.messages.RequestKey;
import dev.buildline.common.messages.Topics;
import dev.buildline.common.policy.ImagePrefix;
import dev.buildline.common.policy.RepositoryGrants;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Puts build requests (as the coordinator makes them), raw records and control messages on the topics, and reads a
 * consumer group's progress. Records sent in one {@link #send} call travel in one batch, so a worker sees them in
 * one poll. Every record it puts on build-requests is signed with {@link #KEY}, as a coordinator signs with its
 * BUILDLINE_REQUEST_KEY; the workers of the ITs verify with the same key.
 */
final class Requests implements AutoCloseable {

    /** The request key of the ITs' coordinators and workers. */
    static final String KEY_TEXT = "it-request-key-shared-by-coordinators-and-workers";
    static final RequestKey KEY = RequestKey.of(KEY_TEXT);

    private final KafkaProducer<String, byte[]> producer;
    private final String bootstrap;
    private final Topics topics;

    Requests(String bootstrap, Topics topics) {
        this.bootstrap = bootstrap;
        this.topics = topics;
        this.producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "acks", "all", "linger.ms", "200"),
                new StringSerializer(), new ByteArraySerializer());
    }

    static ImageConfig image(String name, String image, String dockerfile, String context, boolean skipPush,
                             List<String> command) {
        return new ImageConfig(name, image, null, dockerfile, context, null, null, "none", skipPush, null,
                new BuildKitConfig(command, null, null, null));
    }

    /**
     * A request as a coordinator signs it for a repository whose operator granted what {@code image} asks for (its
     * command, the flags of its buildKit.args, any image name): these ITs' subject is the worker, not the policy
     * (BuildPolicyIT, RequestSignatureIT and PolicyRecheckTest prove the refusals).
     */
    static BuildRequest request(String repoUrl, String commit, ImageConfig image, String tag) {
        String buildId = BuildIds.buildId(repoUrl, commit, image.name(), BuildIds.configHash(image));
        return new BuildRequest(BuildRequest.SCHEMA_VERSION, buildId, "it-" + buildId, new RepoRef(repoUrl, "it/repo"),
                "refs/heads/main", commit, image.name(), image, "devspace.yaml", List.of(tag), null, Instant.now(),
                grantedAsAsked(image), null);
    }

    private static RepositoryGrants grantedAsAsked(ImageConfig image) {
        List<String> flags = image.buildKit().args().stream()
                .filter(arg -> arg.startsWith("--"))
                .map(arg -> arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg)
                .distinct()
                .toList();
        return new RepositoryGrants(List.of(ImagePrefix.ANY.text()), null, new RepositoryGrants.Allow(
                List.of(image.buildKit().command()), flags, List.of(), Map.of(), List.of()));
    }

    /** Sends all requests together and waits for Kafka's acknowledgement; where each record landed, in order. */
    List<RecordMetadata> send(BuildRequest... requests) throws Exception {
        List<Future<RecordMetadata>> sent = new java.util.ArrayList<>();
        for (BuildRequest request : requests) {
            sent.add(producer.send(signed(request.key(), Json.toBytes(request))));
        }
        producer.flush();
        List<RecordMetadata> landed = new java.util.ArrayList<>();
        for (Future<RecordMetadata> future : sent) {
            landed.add(future.get());
        }
        return landed;
    }

    /** The key of {@link #padEvents}' records: a build that does not exist. */
    static final String PADDING = "it-padding";

    /**
     * Puts {@code count} queued events of a build that does not exist on build-events, spread over {@code partitions}
     * partitions: reading them takes a fresh follower a while.
     */
    void padEvents(int count, int partitions) {
        byte[] value = Json.toBytes(BuildEvent.queued(PADDING, "padding", new RepoRef("file:///padding", "padding"),
                "refs/heads/padding", "0".repeat(40), List.of(), null, Instant.now()));
        for (int i = 0; i < count; i++) {
            producer.send(new ProducerRecord<>(topics.buildEvents(), i % partitions, PADDING, value));
        }
        producer.flush();
    }

    /** Members the group has now. */
    int members(String groupId) throws Exception {
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
            return admin.describeConsumerGroups(List.of(groupId)).all().get().get(groupId).members().size();
        }
    }

    /** The offset the group committed for one partition of build-requests, or 0 when it committed none. */
    long committed(String groupId, int partition) throws Exception {
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
            OffsetAndMetadata committed = admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get()
                    .get(new TopicPartition(topics.buildRequests(), partition));
            return committed == null ? 0 : committed.offset();
        }
    }

    void sendRaw(String key, byte[] value) throws Exception {
        producer.send(signed(key, value)).get();
    }

    /** A build-requests record with the header a coordinator adds: {@link #KEY}'s signature of its value. */
    private ProducerRecord<String, byte[]> signed(String key, byte[] value) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topics.buildRequests(), key, value);
        record.headers().add(RequestKey.HEADER, KEY.sign(value).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return record;
    }

    /** Sends a record as it is, headers included, and waits for Kafka's acknowledgement. */
    RecordMetadata sendRecord(ProducerRecord<String, byte[]> record) throws Exception {
        return producer.send(record).get();
    }

    void cancel(String buildId) throws Exception {
        producer.send(new ProducerRecord<>(topics.buildControl(), buildId,
                Json.toBytes(BuildControl.cancel(buildId, "it", Instant.now())))).get();
    }

    /** True when the group has committed every partition of build-requests up to its end. */
    boolean allCommitted(String groupId) throws Exception {
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
            List<TopicPartition> partitions = admin.describeTopics(List.of(topics.buildRequests())).allTopicNames().get()
                    .get(topics.buildRequests()).partitions().stream()
                    .map(p -> new TopicPartition(topics.buildRequests(), p.partition())).toList();
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(
                    partitions.stream().collect(java.util.stream.Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                    .all().get();
            return partitions.stream().allMatch(p -> ends.get(p).offset() == 0
                    || committed.get(p) != null && committed.get(p).offset() == ends.get(p).offset());
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
