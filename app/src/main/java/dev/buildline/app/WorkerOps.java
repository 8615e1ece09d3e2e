package dev.buildline.app;

import dev.buildline.coordinator.ops.JvmMeters;
import dev.buildline.coordinator.ops.KafkaProbe;
import dev.buildline.coordinator.ops.OpsRoutes;
import dev.buildline.coordinator.ops.Readiness;
import dev.buildline.runtime.kafka.KafkaClients;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A worker's own {@code /metrics}, {@code /health/live} and {@code /health/ready} on BUILDLINE_WORKER_HTTP_PORT:
 * ready when Kafka answers and so does the Docker daemon with buildx.
 */
final class WorkerOps implements AutoCloseable {

    private final HttpServer server;
    private final KafkaProbe probe;
    private final PrometheusMeterRegistry registry;
    private final AutoCloseable jvm;

    private WorkerOps(HttpServer server, KafkaProbe probe, PrometheusMeterRegistry registry, AutoCloseable jvm) {
        this.server = server;
        this.probe = probe;
        this.registry = registry;
        this.jvm = jvm;
    }

    static WorkerOps start(Vertx vertx, KafkaClients kafka, int port) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AutoCloseable jvm = JvmMeters.bindTo(registry);
        KafkaProbe probe = new KafkaProbe(kafka, vertx.getOrCreateContext());
        Router router = Router.router(vertx);
        new OpsRoutes(registry, () -> {
            Map<String, Future<String>> checks = new LinkedHashMap<>();
            checks.put("kafka", probe.check());
            checks.put("docker", vertx.executeBlocking(() -> {
                String problem = BuildHostCheck.problem();
                if (problem != null) {
                    throw new IllegalStateException(problem);
                }
                return "daemon and buildx answer";
            }, false));
            return Readiness.of(checks);
        }).mount(router);
        HttpServer server = vertx.createHttpServer().requestHandler(router).listen(port, "0.0.0.0").await();
        return new WorkerOps(server, probe, registry, jvm);
    }

    int port() {
        return server.actualPort();
    }

    @Override
    public void close() throws Exception {
        server.close().await();
        probe.close();
        jvm.close();
        registry.close();
    }
}
