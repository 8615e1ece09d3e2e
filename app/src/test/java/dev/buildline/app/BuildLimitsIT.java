package dev.buildline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.buildline.common.messages.BuildEvent;
import dev.buildline.common.messages.BuildLogChunk;
import dev.buildline.common.messages.BuildRequest;
import dev.buildline.common.messages.BuildStatus;
import dev.buildline.common.messages.Json;
import dev.buildline.common.messages.Topics;
import dev.buildline.runtime.kafka.KafkaSettings;
import dev.buildline.worker.WorkerSettings;
import dev.buildline.worker.consume.SupersedePolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-build timeout and the log cap on a real broker. The subject is process handling, so the build command is a
 * stand-in script (buildKit.command) that talks a lot or hangs.
 */
class BuildLimitsIT {

    private static final Topics TOPICS = Topics.defaults();

    @TempDir
    static Path temp;
    private static WorkerStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = WorkerStack.start(temp, bootstrap -> new WorkerSettings(KafkaSettings.plaintext(bootstrap), TOPICS, "limit-workers",
                "limit-worker", 2, temp.resolve("worker"), null, null, Duration.ofSeconds(5),
                SupersedePolicy.CANCEL_RUNNING, 3, Duration.ofSeconds(1), Duration.ofSeconds(5), 30,
                WorkerSettings.DEFAULT_SESSION_TIMEOUT, WorkerSettings.DEFAULT_GIT_PACK_CACHE_MB << 20));
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aBuildThatRunsPastTheTimeoutIsStoppedAndFailsWithTheReason() throws Exception {
        BuildRequest request = request("hang", "echo waiting for ever\nexec sleep 600\n");

        stack.requests().send(request);

        BuildEvent done = stack.events().awaitTerminal(request.buildId(), Duration.ofMinutes(2));
        assertThat(done.status()).isEqualTo(BuildStatus.FAILED);
        assertThat(done.attempt()).isEqualTo(1);
        assertThat(done.error()).startsWith("build timed out after 5 s; buildx stopped").contains("waiting for ever");
    }

    @Test
    void theLogIsCutAtTheCapAndItsTailIsKeptInTheFailedEvent() throws Exception {
        BuildRequest request = request("chatty", "for i in $(seq 1 100); do echo line $i; done\nexit 2\n");

        stack.requests().send(request);

        BuildEvent done = stack.events().awaitTerminal(request.buildId(), Duration.ofMinutes(2));
        assertThat(done.status()).isEqualTo(BuildStatus.FAILED);
        assertThat(done.error()).startsWith("buildx exited with code 2").contains("line 81").endsWith("line 100");
        List<String> published = logLines(request.buildId());
        assertThat(published).hasSize(31).startsWith("line 1")
                .endsWith("[buildline] log cut after 30 lines; the last 20 lines are kept in the build's error");
    }

    private BuildRequest request(String name, String scriptBody) throws Exception {
        Path script = temp.resolve(name + ".sh");
        Files.writeString(script, "#!/bin/sh\ncat >/dev/null\n" + scriptBody);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        String commit = stack.repo().commit(name, Map.of(name + "/Dockerfile", "FROM scratch\n"));
        return Requests.request(stack.repo().url(), commit, Requests.image(name, "registry.invalid/" + name,
                "./" + name + "/Dockerfile", "./" + name, true, List.of(script.toString())), "t");
    }

    private static List<String> logLines(String buildId) {
        List<String> lines = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                stack.kafka().bootstrapServers()), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPICS.buildLogs()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    BuildLogChunk chunk = Json.read(record.value(), BuildLogChunk.class);
                    if (chunk.buildId().equals(buildId)) {
                        lines.addAll(chunk.lines());
                    }
                });
                return lines.stream().anyMatch(line -> line.startsWith("[buildline] log cut"));
            });
        }
        return lines;
    }
}
