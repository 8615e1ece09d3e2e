package dev.buildline.app;

import dev.buildline.app.cli.MinikubeDockerEnv;
import dev.buildline.common.git.GitMirror;
import dev.buildline.common.plan.BuildSite;
import dev.buildline.worker.WorkerSettings;
import dev.buildline.worker.build.BuildRunner;
import dev.buildline.worker.build.ContextArchiver;
import dev.buildline.worker.build.ProcessRunner;
import dev.buildline.worker.build.RegistryDigests;
import dev.buildline.worker.consume.RequestConsumer;
import dev.buildline.worker.incluster.InClusterPreparation;
import dev.buildline.worker.publish.ResultPublisher;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Wires one worker: result publisher, git mirror, build runner and the request consumer with its build pool. */
public final class WorkerProcess implements AutoCloseable {

    private final RequestConsumer consumer;
    private final ResultPublisher publisher;
    private final InClusterPreparation inCluster;

    private WorkerProcess(RequestConsumer consumer, ResultPublisher publisher, InClusterPreparation inCluster) {
        this.consumer = consumer;
        this.publisher = publisher;
        this.inCluster = inCluster;
    }

    public static WorkerProcess start(WorkerSettings settings, BuildSite site) throws InterruptedException {
        ResultPublisher publisher = new ResultPublisher(settings.kafkaBootstrap(), settings.topics(), settings.workerId());
        GitMirror git = new GitMirror(settings.dataDir().resolve("worker-git"), settings.gitUsername(),
                settings.gitToken());
        InClusterPreparation inCluster = InClusterPreparation.fromEnvironment(settings.workerId());
        BuildRunner runner = new BuildRunner(git, new ContextArchiver(), new ProcessRunner(), new RegistryDigests(),
                publisher, site, new MinikubeDockerEnv(), inCluster, settings.workerId(), settings.buildTimeout(),
                Clock.systemUTC());
        ExecutorService pool = Executors.newFixedThreadPool(settings.concurrency(), named("buildline-build-"));
        RequestConsumer consumer = new RequestConsumer(settings.kafkaBootstrap(), settings.groupId(), settings.topics(),
                runner, publisher, pool, settings.concurrency());
        consumer.start();
        consumer.awaitAssignment(Duration.ofSeconds(30));
        return new WorkerProcess(consumer, publisher, inCluster);
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void close() {
        consumer.close();
        publisher.close();
        inCluster.close();
    }
}
