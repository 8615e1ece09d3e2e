package dev.buildline.app;

import dev.buildline.app.kafka.TopicSetup;
import dev.buildline.common.messages.Topics;
import dev.buildline.common.plan.BuildSite;
import dev.buildline.worker.WorkerSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A real broker and one worker on the local daemon, with a producer of requests, a reader of events and a git
 * repository: what the worker ITs drive without a coordinator.
 */
record WorkerStack(TestBroker kafka, WorkerProcess worker, Requests requests, EventLog events, TestRepo repo)
        implements AutoCloseable {

    /** @param settings the worker's settings for the broker's bootstrap address */
    static WorkerStack start(Path dir, Function<String, WorkerSettings> settings) throws Exception {
        return start(dir, settings, BuildSite.localDaemon(), () -> {
            throw new IllegalStateException("this test has no Kubernetes API");
        });
    }

    static WorkerStack start(Path dir, Function<String, WorkerSettings> settings, BuildSite site,
                             Supplier<KubernetesClient> kubernetes) throws Exception {
        return start(dir, settings, site, kubernetes, Map.of());
    }

    /** @param meters where the worker's metrics go, as {@code /metrics} of Main's worker shows them */
    static WorkerStack start(Path dir, Function<String, WorkerSettings> settings, MeterRegistry meters)
            throws Exception {
        return start(dir, settings, BuildSite.localDaemon(), () -> {
            throw new IllegalStateException("this test has no Kubernetes API");
        }, Map.of(), meters);
    }

    /** @param processEnv what the worker adds to buildx's environment (Main: {@link Settings#workerSite}) */
    static WorkerStack start(Path dir, Function<String, WorkerSettings> settings, BuildSite site,
                             Supplier<KubernetesClient> kubernetes, Map<String, String> processEnv) throws Exception {
        return start(dir, settings, site, kubernetes, processEnv, new SimpleMeterRegistry());
    }

    private static WorkerStack start(Path dir, Function<String, WorkerSettings> settings, BuildSite site,
                                     Supplier<KubernetesClient> kubernetes, Map<String, String> processEnv,
                                     MeterRegistry meters) throws Exception {
        TestBroker kafka = TestBroker.start(dir.resolve("kafka"), 0);
        Topics topics = Topics.defaults();
        TopicSetup.ensure(kafka.bootstrapServers(), topics, 3, (short) 1);
        WorkerProcess worker = WorkerProcess.start(
                settings.apply(kafka.bootstrapServers()).withRequestKey(Requests.KEY), site, kubernetes,
                processEnv, meters);
        return new WorkerStack(kafka, worker, new Requests(kafka.bootstrapServers(), topics),
                new EventLog(kafka.bootstrapServers(), topics), TestRepo.create(dir.resolve("repo")));
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable resource : new AutoCloseable[] {worker, requests, events, repo, kafka}) {
            resource.close();
        }
    }
}
