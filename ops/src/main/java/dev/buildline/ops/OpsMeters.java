package dev.buildline.ops;

import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry one process's {@code /metrics} scrapes: the JVM's meters bound from the start, Kafka clients' own
 * metrics added by {@link #bindProducer}, and the workers' queue lag on build-requests sampled by
 * {@link #sampleQueueLag}. In {@code dev} coordinator and worker record into one of these.
 */
public final class OpsMeters implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(OpsMeters.class);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<AutoCloseable> bound = new ArrayList<>();
    private LagSampling lag;

    private record LagSampling(Vertx vertx, long timer, String topic, String group) {
    }

    public OpsMeters() {
        bound.add(JvmMeters.bindTo(registry));
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Adds the producer's own metrics (record errors, retries, latency) as {@code kafka_producer_*}. */
    public void bindProducer(Producer<?, ?> producer, String client) {
        KafkaClientMetrics kafka = new KafkaClientMetrics(producer, Tags.of("client", client));
        kafka.bindTo(registry);
        synchronized (bound) {
            bound.add(kafka);
        }
    }

    /**
     * Samples how far {@code group} is behind on {@code topic} now and every {@code interval} into
     * {@code buildline.queue.lag} (per partition). Asked again for the same group (coordinator and worker in one
     * {@code dev} process), it keeps the one sampling; one registry shows one group's lag.
     */
    public synchronized void sampleQueueLag(Vertx vertx, KafkaProbe probe, String topic, String group,
                                            Duration interval) {
        if (lag != null) {
            if (lag.topic().equals(topic) && lag.group().equals(group)) {
                return;
            }
            throw new IllegalStateException("this process's /metrics already shows the lag of group " + lag.group()
                    + " on " + lag.topic() + "; it cannot show " + group + " on " + topic + " too");
        }
        MultiGauge gauge = MultiGauge.builder("buildline.queue.lag")
                .description("Build requests not yet committed by the workers' group, per partition")
                .register(registry);
        Runnable sample = () -> probe.lag(topic, group).onSuccess(byPartition -> gauge.register(rows(byPartition), true))
                .onFailure(cause -> LOGGER.debug("queue lag not sampled: {}", cause.getMessage()));
        sample.run();
        lag = new LagSampling(vertx, vertx.setPeriodic(interval.toMillis(), timer -> sample.run()), topic, group);
    }

    private static List<MultiGauge.Row<?>> rows(Map<Integer, Long> lagByPartition) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        lagByPartition.forEach((partition, lag) -> rows.add(MultiGauge.Row.of(Tags.of("partition",
                String.valueOf(partition)), lag)));
        return rows;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (lag != null) {
                lag.vertx().cancelTimer(lag.timer());
            }
        }
        synchronized (bound) {
            for (AutoCloseable closeable : bound) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    LOGGER.warn("closing a meter binder: {}", e.getMessage());
                }
            }
        }
        registry.close();
    }
}
