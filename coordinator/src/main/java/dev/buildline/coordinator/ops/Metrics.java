package dev.buildline.coordinator.ops;

import dev.buildline.common.messages.BuildRequest;
import dev.buildline.common.messages.BuildStatus;
import dev.buildline.coordinator.intake.BuildPublisher;
import dev.buildline.coordinator.state.BuildStateView;
import dev.buildline.coordinator.state.BuildView;
import dev.buildline.ops.BuildDurations;
import dev.buildline.ops.OpsMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.apache.kafka.clients.producer.Producer;

/**
 * The coordinator's own meters, scraped at {@code /metrics} beside what {@link OpsMeters} holds (the JVM, queue lag):
 * webhooks by provider and outcome, requests published, publish failures and the producer's own Kafka metrics, builds
 * by status, build durations.
 */
public final class Metrics implements BuildPublisher.Outcomes, AutoCloseable {

    private final OpsMeters meters;
    private final Counter published;
    private final Counter publishFailures;
    private final Runnable stopListening;

    public Metrics(BuildStateView view, OpsMeters meters) {
        this.meters = meters;
        PrometheusMeterRegistry registry = meters.registry();
        for (BuildStatus status : BuildStatus.values()) {
            Gauge.builder("buildline.builds", view, v -> v.countByStatus().get(status))
                    .description("Builds in the coordinator's view (the most recent ones kept) by status")
                    .tag("status", status.wireName())
                    .register(registry);
        }
        published = Counter.builder("buildline.build.requests.published")
                .description("Build requests Kafka acknowledged").register(registry);
        publishFailures = Counter.builder("buildline.kafka.publish.failures")
                .description("Build requests Kafka did not acknowledge in time (answered 503)").register(registry);
        stopListening = view.onChange(this::finished);
    }

    public PrometheusMeterRegistry registry() {
        return meters.registry();
    }

    /** @param provider the path segment after {@code /webhooks/} as sent; counted as {@link WebhookProvider#label} */
    public void webhook(String provider, int status) {
        meters.registry().counter("buildline.webhooks", "provider", WebhookProvider.label(provider),
                "outcome", WebhookOutcome.of(status)).increment();
    }

    /** Adds the producer's own metrics (record errors, retries, latency) as {@code kafka_producer_*}. */
    public void bindProducer(Producer<?, ?> producer) {
        meters.bindProducer(producer, "coordinator");
    }

    @Override
    public void requestPublished(BuildRequest request) {
        published.increment();
    }

    @Override
    public void publishFailed(Throwable cause) {
        publishFailures.increment();
    }

    /** Every build that reaches an end with a duration, including those replayed from the topic after a restart. */
    private void finished(BuildView build) {
        if (build.status().isTerminal() && build.durationMs() != null) {
            BuildDurations.timer(meters.registry(), "buildline.build.duration",
                            "Time from a worker starting a build to its end", Tags.of("status", build.status().wireName()))
                    .record(Duration.ofMillis(build.durationMs()));
        }
    }

    /** Stops following the view; the registry belongs to whoever made the {@link OpsMeters}. */
    @Override
    public void close() {
        stopListening.run();
    }
}
