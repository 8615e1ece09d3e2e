package dev.buildline.worker;

import dev.buildline.common.messages.BuildEvent;
import dev.buildline.common.messages.BuildStatus;
import dev.buildline.ops.BuildDurations;
import dev.buildline.worker.build.BuildxExit;
import dev.buildline.worker.consume.BuildQueue;
import dev.buildline.worker.publish.ResultPublisher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.OptionalInt;

/**
 * What a worker operator asks of {@code /metrics}, each tagged with the worker's id: builds running and queued (read
 * from the build queue), and, from every event and dead letter Kafka acknowledged (the {@link ResultPublisher} hears
 * them), build durations by status, buildx exit codes, retries and dead letters. The lag of the workers' group is the
 * shared {@code buildline.queue.lag}.
 */
public final class WorkerMetrics implements ResultPublisher.Published {

    private final MeterRegistry registry;
    private final Tags worker;
    private final Counter retries;
    private final Counter deadLetters;

    public WorkerMetrics(MeterRegistry registry, String workerId) {
        this.registry = registry;
        this.worker = Tags.of("worker", workerId);
        this.retries = Counter.builder("buildline.worker.build.retries")
                .description("Failed attempts this worker tries again (each announced as queued with the next attempt)")
                .tags(worker).register(registry);
        this.deadLetters = Counter.builder("buildline.worker.dead.letters")
                .description("Build requests this worker sent to build-requests.dlq (unreadable, or failing the "
                        + "worker itself time after time)")
                .tags(worker).register(registry);
    }

    /** Gauges of the claimed builds in {@code queue}, running and waiting. */
    public void watch(BuildQueue queue) {
        Gauge.builder("buildline.worker.builds.running", queue, BuildQueue::running)
                .description("Claimed builds holding a build thread: building, or waiting out a retry's backoff")
                .tags(worker).register(registry);
        Gauge.builder("buildline.worker.builds.queued", queue, BuildQueue::waiting)
                .description("Claimed builds waiting for a build thread or for earlier builds of their key")
                .tags(worker).register(registry);
    }

    @Override
    public void event(BuildEvent event) {
        if (event.status() == BuildStatus.QUEUED) {
            // a worker publishes queued only when it retries; the error is the failed attempt's
            retries.increment();
            buildxExit(BuildxExit.codeIn(event.error()));
            return;
        }
        if (!event.status().isTerminal()) {
            return;
        }
        if (event.durationMs() != null) {
            BuildDurations.timer(registry, "buildline.worker.build.duration",
                            "Time from this worker starting a build's last attempt to its end, by status",
                            worker.and("status", event.status().wireName()))
                    .record(Duration.ofMillis(event.durationMs()));
        }
        if (event.status() == BuildStatus.SUCCEEDED) {
            buildxExit(OptionalInt.of(0));
        } else if (event.status() == BuildStatus.FAILED) {
            buildxExit(BuildxExit.codeIn(event.error()));
        }
    }

    @Override
    public void deadLetter(String key, String reason) {
        deadLetters.increment();
    }

    /** Counts an exit of buildx on its own; one stopped by Buildline (cancel, timeout) or never started has none. */
    private void buildxExit(OptionalInt code) {
        code.ifPresent(exit -> Counter.builder("buildline.worker.buildx.exits")
                .description("Exits of docker buildx build by exit code (0: built)")
                .tags(worker.and("code", String.valueOf(exit)))
                .register(registry).increment());
    }
}
