package dev.buildline.app;

import dev.buildline.app.kafka.TopicSetup;
import dev.buildline.common.messages.BuildRequest;
import dev.buildline.common.messages.Json;
import dev.buildline.common.messages.Topics;
import dev.buildline.common.plan.BuildSite;
import dev.buildline.coordinator.CoordinatorSettings;
import dev.buildline.runtime.kafka.KafkaSettings;
import dev.buildline.coordinator.intake.RepositorySettings;
import dev.buildline.worker.WorkerSettings;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** A real broker, a coordinator and (optionally) a worker, wired as {@code buildline dev} wires them. */
final class TestStack implements AutoCloseable {

    static final String SECRET = "it-secret";
    static final String GITLAB_TOKEN = "it-gitlab-token";

    private final Path dir;
    private final List<String> allowedRepos;
    private final RepositorySettings repositories;
    private TestBroker kafka;
    private int kafkaPort;
    private Vertx vertx;
    private CoordinatorProcess coordinator;
    private WorkerProcess worker;

    private TestStack(Path dir, List<String> allowedRepos, RepositorySettings repositories) {
        this.dir = dir;
        this.allowedRepos = allowedRepos;
        this.repositories = repositories;
    }

    static TestStack start(Path dir, List<String> allowedRepos, boolean withWorker) throws Exception {
        return start(dir, allowedRepos, withWorker, RepositorySettings.none("devspace.yaml"));
    }

    /** With BUILDLINE_REPOSITORIES_FILE's settings, as the launcher reads them. */
    static TestStack start(Path dir, List<String> allowedRepos, boolean withWorker, RepositorySettings repositories)
            throws Exception {
        return start(dir, allowedRepos, withWorker ? 2 : 0, repositories);
    }

    /** A worker that runs {@code workerConcurrency} builds at once, or none when it is 0. */
    static TestStack start(Path dir, List<String> allowedRepos, int workerConcurrency, RepositorySettings repositories)
            throws Exception {
        TestStack stack = new TestStack(dir, allowedRepos, repositories);
        stack.startKafka();
        TopicSetup.ensure(stack.bootstrap(), Topics.defaults(), 3, (short) 1);
        stack.vertx = Vertx.vertx();
        stack.startCoordinator();
        if (workerConcurrency > 0) {
            stack.worker = WorkerProcess.start(WorkerSettings.defaults(stack.bootstrap(), Topics.defaults(),
                    "buildline-workers", "it-worker", workerConcurrency, dir.resolve("worker"))
                    .withRequestKey(Requests.KEY), BuildSite.localDaemon());
        }
        return stack;
    }

    void startKafka() {
        kafka = TestBroker.start(dir.resolve("kafka"), kafkaPort);
        kafkaPort = kafka.port();
    }

    void stopKafka() {
        TestBroker.assumeRestartable();
        kafka.close();
    }

    void startCoordinator() throws InterruptedException {
        coordinator = CoordinatorProcess.start(vertx, new CoordinatorSettings(KafkaSettings.plaintext(bootstrap()), Topics.defaults(), 0,
                SECRET, GITLAB_TOKEN, null, null, allowedRepos, "devspace.yaml", dir.resolve("coordinator"), null, null,
                CoordinatorSettings.DEFAULT_BODY_LIMIT, 1000, repositories).withRequestKey(Requests.KEY));
    }

    void stopCoordinator() {
        coordinator.close();
    }

    int port() {
        return coordinator.httpPort();
    }

    String bootstrap() {
        return kafka.bootstrapServers();
    }

    /** How many records the topic holds over all partitions. */
    long recordCount(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** Build ids of every request on build-requests, read from the beginning. */
    Set<String> requestedBuildIds() {
        Set<String> ids = new HashSet<>();
        requests().forEach(request -> ids.add(request.buildId()));
        return ids;
    }

    /** Every request on build-requests, read from the beginning. */
    List<BuildRequest> requests() {
        List<BuildRequest> requests = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.defaults().buildRequests()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                consumer.poll(Duration.ofMillis(500)).forEach(record ->
                        requests.add(Json.read(record.value(), BuildRequest.class)));
            }
        }
        return requests;
    }

    @Override
    public void close() {
        if (worker != null) {
            worker.close();
        }
        if (coordinator != null) {
            coordinator.close();
        }
        if (vertx != null) {
            vertx.close().await();
        }
        if (kafka != null) {
            kafka.close();
        }
    }
}
