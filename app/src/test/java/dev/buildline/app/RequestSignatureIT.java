package dev.buildline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.buildline.common.messages.Json;
import dev.buildline.common.messages.RequestKey;
import dev.buildline.common.messages.Topics;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka is a transport, not trust: someone who can write build-requests copies a real request, makes its command a
 * shell and gives it a new build id, signed the old way, not at all, or with a key of their own. On a real broker
 * with a real coordinator and worker, none of them runs; each lands in build-requests.dlq with its reason, and the API
 * shows a failed build naming it. The coordinator's own, signed request builds.
 */
class RequestSignatureIT {

    private static final String ZEROS = "0".repeat(40);
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final Topics TOPICS = Topics.defaults();

    @TempDir
    static Path temp;
    private static TestStack stack;
    private static TestRepo repo;
    private static Requests requests;

    @BeforeAll
    static void start() throws Exception {
        BuildHost.require();
        repo = TestRepo.create(temp.resolve("repo"));
        stack = TestStack.start(temp.resolve("stack"), List.of(repo.url()), true);
        requests = new Requests(stack.bootstrap(), TOPICS);
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable resource : new AutoCloseable[] {requests, stack, repo}) {
            if (resource != null) {
                resource.close();
            }
        }
    }

    @Test
    void forgedCopiesOfASignedRequestRunNothingAndAreDeadLetteredWithTheirReason() throws Exception {
        String image = BuildHost.REGISTRY + "/buildline-it/signed-" + RUN;
        String commit = repo.commit("one image", Map.of(
                "devspace.yaml", """
                        version: v2beta1
                        images:
                          app:
                            image: %s
                            context: ./app
                            dockerfile: ./app/Dockerfile
                            network: none
                        """.formatted(image),
                "app/Dockerfile", "FROM " + BuildHost.BASE_IMAGE + "\nRUN echo signed-" + RUN + " > /signed.txt\n"));
        String body = Webhooks.pushPayload(repo.url(), "it/app", "refs/heads/main", ZEROS, commit);
        HttpResponse<String> accepted = Webhooks.postGithub(stack.port(), "push",
                Webhooks.sign(TestStack.SECRET, body), body);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String realId = Webhooks.builds(accepted.body()).get("app");
        JsonNode real = Webhooks.awaitTerminal(stack.port(), realId);
        assertThat(real.path("status").asText()).as(real.toString()).isEqualTo("succeeded");

        ConsumerRecord<String, byte[]> original = requestRecord(realId);
        Path marker = temp.resolve("forged-ran");
        byte[] altered = forged(original.value(), "forged-altered-" + RUN, marker);
        byte[] unsigned = forged(original.value(), "forged-unsigned-" + RUN, marker);
        byte[] otherKey = forged(original.value(), "forged-other-key-" + RUN, marker);
        byte[] sameId = forged(original.value(), realId, marker);
        String signature = header(original, RequestKey.HEADER);

        requests.sendRecord(withSignature(original.key(), altered, signature));
        requests.sendRecord(withSignature(original.key(), unsigned, null));
        requests.sendRecord(withSignature(original.key(), otherKey, RequestKey.random().sign(otherKey)));
        requests.sendRecord(withSignature(original.key(), sameId, signature));

        Map<String, String> reasons = Map.of(
                "forged-altered-" + RUN, "does not match its bytes",
                "forged-unsigned-" + RUN, "unsigned build request: no buildline-signature header",
                "forged-other-key-" + RUN, "does not match its bytes");
        for (Map.Entry<String, String> forgery : reasons.entrySet()) {
            JsonNode shown = Webhooks.awaitTerminal(stack.port(), forgery.getKey());
            assertThat(shown.path("status").asText()).as(shown.toString()).isEqualTo("failed");
            assertThat(shown.path("attempt").asInt()).as("never attempted").isZero();
            assertThat(shown.path("error").asText()).startsWith("refused build request at " + TOPICS.buildRequests())
                    .contains(forgery.getValue());
        }
        List<ConsumerRecord<String, byte[]>> dead = deadLetters(4);
        assertThat(dead).extracting(ConsumerRecord::value).containsExactlyInAnyOrder(altered, unsigned, otherKey,
                sameId);
        assertThat(dead).extracting(record -> header(record, "buildline_reason"))
                .allSatisfy(reason -> assertThat(reason).startsWith("refused build request at "));
        assertThat(marker).as("the forged command ran on the worker").doesNotExist();
        // the copy that kept the real build's id published nothing about it: the real build stays as it ended
        JsonNode after = Json.mapper().readTree(Webhooks.get(stack.port(), "/api/builds/" + realId).body());
        assertThat(after.path("status").asText()).isEqualTo("succeeded");
        assertThat(after.path("error").isNull() || after.path("error").isMissingNode()).as(after.toString()).isTrue();
    }

    /** The original's value with a new build id and a command that would leave {@code marker} on the worker. */
    private static byte[] forged(byte[] original, String buildId, Path marker) throws Exception {
        ObjectNode request = (ObjectNode) Json.mapper().readTree(original);
        request.put("buildId", buildId);
        ObjectNode buildKit = request.with("config").with("buildKit");
        buildKit.putArray("command").add("sh").add("-c").add("touch " + marker + "; env");
        return Json.mapper().writeValueAsBytes(request);
    }

    private static ProducerRecord<String, byte[]> withSignature(String key, byte[] value, String signature) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(TOPICS.buildRequests(), key, value);
        if (signature != null) {
            record.headers().add(RequestKey.HEADER, signature.getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return record.headers().lastHeader(name) == null ? null
                : new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    /** The coordinator's record of a build on build-requests, as anyone who can read the topic sees it. */
    private static ConsumerRecord<String, byte[]> requestRecord(String buildId) {
        return readAll(TOPICS.buildRequests(), records -> records.stream()
                .anyMatch(r -> new String(r.value(), StandardCharsets.UTF_8).contains(buildId)))
                .stream().filter(r -> new String(r.value(), StandardCharsets.UTF_8).contains(buildId))
                .findFirst().orElseThrow();
    }

    private static List<ConsumerRecord<String, byte[]>> deadLetters(int count) {
        return readAll(TOPICS.buildRequestsDlq(), records -> records.size() >= count);
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(String topic,
            java.util.function.Predicate<List<ConsumerRecord<String, byte[]>>> enough) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                stack.bootstrap()), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return enough.test(records);
            });
        }
        return records;
    }
}
