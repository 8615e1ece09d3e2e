package dev.buildline.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.buildline.app.kafka.TopicSetup;
import dev.buildline.common.config.BuildKitConfig;
import dev.buildline.common.config.ImageConfig;
import dev.buildline.common.messages.BuildEvent;
import dev.buildline.common.messages.BuildLogChunk;
import dev.buildline.common.messages.BuildRequest;
import dev.buildline.common.messages.BuildStatus;
import dev.buildline.common.messages.Json;
import dev.buildline.common.messages.Topics;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker process ({@code buildline worker}, the launcher jar) started with its secrets in its environment: the git
 * token, the request key, a cloud credential. A repository asks buildx for them the way buildx allows
 * ({@code --build-arg NAME} without a value takes the variable from buildx's environment) and RUNs {@code env}. The
 * build's log shows the build argument the repository gave, and none of the worker's values.
 */
class WorkerEnvironmentIT {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final Topics TOPICS = Topics.defaults();
    private static final Path JAR = Path.of("target", "buildline.jar");
    private static final String GIT_TOKEN = "git-token-of-the-worker-" + RUN;
    private static final String CLOUD_KEY = "cloud-key-of-the-worker-" + RUN;

    @TempDir
    static Path temp;
    private static TestBroker kafka;
    private static Requests requests;
    private static EventLog events;
    private static TestRepo repo;
    private static Process worker;

    @BeforeAll
    static void start() throws Exception {
        BuildHost.require();
        assertThat(JAR).as("the launcher jar, built in the package phase").exists();
        kafka = TestBroker.start(temp.resolve("kafka"), 0);
        TopicSetup.ensure(kafka.bootstrapServers(), TOPICS, 3, (short) 1);
        requests = new Requests(kafka.bootstrapServers(), TOPICS);
        events = new EventLog(kafka.bootstrapServers(), TOPICS);
        repo = TestRepo.create(temp.resolve("repo"));
        ProcessBuilder builder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-jar",
                JAR.toString(), "worker").redirectError(temp.resolve("worker.log").toFile());
        builder.environment().putAll(Map.of(
                "BUILDLINE_KAFKA_BOOTSTRAP", kafka.bootstrapServers(),
                "BUILDLINE_REQUEST_KEY", Requests.KEY_TEXT,
                "BUILDLINE_GIT_TOKEN", GIT_TOKEN,
                "BUILDLINE_WEBHOOK_SECRET", TestStack.SECRET + "-" + RUN,
                "CLOUD_SECRET_KEY", CLOUD_KEY,
                "BUILDLINE_WORKER_GROUP", "environment-workers",
                "BUILDLINE_DATA", temp.resolve("worker").toString(),
                "BUILDLINE_WORKER_HTTP_PORT", "0"));
        worker = builder.start();
        String ready = new BufferedReader(new InputStreamReader(worker.getInputStream(), StandardCharsets.UTF_8))
                .readLine();
        assertThat(ready).as("the worker's first line; its log: " + temp.resolve("worker.log"))
                .startsWith("worker ready ");
    }

    @AfterAll
    static void stop() throws Exception {
        if (worker != null) {
            worker.destroy();
            worker.waitFor(60, TimeUnit.SECONDS);
        }
        for (AutoCloseable resource : new AutoCloseable[] {requests, events, repo, kafka}) {
            if (resource != null) {
                resource.close();
            }
        }
    }

    @Test
    void buildxAndTheBuildSeeNoneOfTheWorkersSecrets() throws Exception {
        String commit = repo.commit("env", Map.of("env/Dockerfile", String.join("\n",
                "FROM " + BuildHost.BASE_IMAGE,
                "ARG BUILDLINE_GIT_TOKEN",
                "ARG BUILDLINE_REQUEST_KEY",
                "ARG BUILDLINE_WEBHOOK_SECRET",
                "ARG CLOUD_SECRET_KEY",
                "ARG SHOWN",
                "RUN env | sort | sed 's/^/build-env: /'", "")));
        List<String> args = new ArrayList<>(List.of("--progress", "plain", "--no-cache"));
        for (String name : List.of("BUILDLINE_GIT_TOKEN", "BUILDLINE_REQUEST_KEY", "BUILDLINE_WEBHOOK_SECRET",
                "CLOUD_SECRET_KEY")) {
            args.addAll(List.of("--build-arg", name));
        }
        ImageConfig image = new ImageConfig("env", BuildHost.REGISTRY + "/buildline-it/env-" + RUN, null,
                "./env/Dockerfile", "./env", Map.of("SHOWN", "given-by-the-repository-" + RUN), null, "none", true,
                null, new BuildKitConfig(null, args, null, null));
        BuildRequest request = Requests.request(repo.url(), commit, image, "v1");

        requests.send(request);

        BuildEvent done = events.awaitTerminal(request.buildId(), Duration.ofMinutes(3));
        assertThat(done.status()).as(done.error()).isEqualTo(BuildStatus.SUCCEEDED);
        List<String> log = logLines(request.buildId());
        assertThat(log).as("the RUN step's environment is in the log")
                .anyMatch(line -> line.contains("build-env: SHOWN=given-by-the-repository-" + RUN));
        assertThat(String.join("\n", log)).doesNotContain(GIT_TOKEN).doesNotContain(Requests.KEY_TEXT)
                .doesNotContain(CLOUD_KEY).doesNotContain(TestStack.SECRET + "-" + RUN)
                .doesNotContain("build-env: BUILDLINE_").doesNotContain("build-env: CLOUD_SECRET_KEY");
    }

    /** Every log line of the build, read after its terminal event (the worker flushed them before it). */
    private static List<String> logLines(String buildId) {
        List<String> lines = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                kafka.bootstrapServers()), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPICS.buildLogs()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    BuildLogChunk chunk = Json.read(record.value(), BuildLogChunk.class);
                    if (chunk.buildId().equals(buildId)) {
                        lines.addAll(chunk.lines());
                    }
                });
            }
        }
        return lines;
    }
}
