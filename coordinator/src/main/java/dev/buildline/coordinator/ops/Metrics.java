package dev.buildline.coordinator.ops;

import dev.buildline.common.messages.BuildRequest;
import dev.buildline.common.messages.BuildStatus;
import dev.buildline.coordinator.intake.BuildPublisher;
import dev.buildline.coordinator.state.BuildStateView;
import dev.buildline.coordinator.state.BuildView;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's meters, scraped at {@code /metrics}: webhooks by provider and outcome, requests published, publish
 * failures and the producer's own Kafka metrics, builds by status, build durations, queue lag per partition, the JVM.
 */
public final class Metrics implements BuildPublisher.Outcomes, AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(Metrics.class);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<AutoCloseable> bound = new ArrayList<>();
    private final Counter published;
    private final Counter publishFailures;
    private final MultiGauge queueLag;
    private final Runnable stopListening;

    public Metrics(BuildStateView view) {
        bound.add(JvmMeters.bindTo(registry));
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
        queueLag = MultiGauge.builder("buildline.queue.lag")
                .description("Build requests not yet committed by the workers' group, per partition")
                .register(registry);
        stopListening = view.onChange(this::finished);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public void webhook(String provider, int status) {
        registry.counter("buildline.webhooks", "provider", provider, "outcome", WebhookOutcome.of(status)).increment();
    }

    /** Adds the producer's own metrics (record errors, retries, latency) as {@code kafka_producer_*}. */
    public void bindProducer(Producer<?, ?> producer) {
        KafkaClientMetrics kafka = new KafkaClientMetrics(producer, Tags.of("client", "coordinator"));
        kafka.bindTo(registry);
        bound.add(kafka);
    }

    public void queueLag(Map<Integer, Long> lagByPartition) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        lagByPartition.forEach((partition, lag) -> rows.add(MultiGauge.Row.of(Tags.of("partition",
                String.valueOf(partition)), lag)));
        queueLag.register(rows, true);
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
            Timer.builder("buildline.build.duration")
                    .description("Time from a worker starting a build to its end")
                    .tag("status", build.status().wireName())
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(100))
                    .maximumExpectedValue(Duration.ofHours(1))
                    .register(registry)
                    .record(Duration.ofMillis(build.durationMs()));
        }
    }

    @Override
    public void close() {
        stopListening.run();
        for (AutoCloseable closeable : bound) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOGGER.warn("closing a meter binder: {}", e.getMessage());
            }
        }
        registry.close();
    }
}
