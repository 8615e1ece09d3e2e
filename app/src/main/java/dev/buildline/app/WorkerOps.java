package dev.buildline.app;

import dev.buildline.coordinator.ops.JvmMeters;
import dev.buildline.coordinator.ops.KafkaProbe;
import dev.buildline.coordinator.ops.OpsRoutes;
import dev.buildline.coordinator.ops.Readiness;
import dev.buildline.runtime.kafka.KafkaClients;
import dev.buildline.worker.WorkerHealth;
import dev.buildline.worker.consume.LoopHealth;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.BindException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's own {@code /metrics}, {@code /health/live} and {@code /health/ready} on BUILDLINE_WORKER_HTTP_PORT:
 * live while its consume loops (claiming build-requests, following build-events) run, ready when they run, Kafka
 * answers and so does the Docker daemon with buildx.
 */
final class WorkerOps implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(WorkerOps.class);

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

    /** @param anyPortWhenTaken when {@code port} is in use, serve on a free port (said in the log) instead of failing */
    static WorkerOps start(Vertx vertx, KafkaClients kafka, int port, boolean anyPortWhenTaken, WorkerHealth worker) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AutoCloseable jvm = JvmMeters.bindTo(registry);
        KafkaProbe probe = new KafkaProbe(kafka, vertx.getOrCreateContext());
        Router router = Router.router(vertx);
        new OpsRoutes(registry, () -> {
            Map<String, Future<String>> checks = loopChecks(worker);
            checks.put("kafka", probe.check());
            checks.put("docker", vertx.executeBlocking(() -> {
                String problem = BuildHostCheck.problem();
                if (problem != null) {
                    throw new IllegalStateException(problem);
                }
                return "daemon and buildx answer";
            }, false));
            return Readiness.of(checks);
        }, () -> Readiness.of(loopChecks(worker))).mount(router);
        HttpServer server = listen(vertx, router, port, anyPortWhenTaken);
        return new WorkerOps(server, probe, registry, jvm);
    }

    /** One check per consume loop: failed, with the reason, once the loop stopped for good. */
    private static Map<String, Future<String>> loopChecks(WorkerHealth worker) {
        Map<String, Future<String>> checks = new LinkedHashMap<>();
        for (LoopHealth loop : worker.loops()) {
            checks.put(loop.name().replace(' ', '-'), loop.problem()
                    .<Future<String>>map(problem -> Future.failedFuture(problem))
                    .orElseGet(() -> Future.succeededFuture("running")));
        }
        checks.put("request-consumer", checks.get("request-consumer").map(running -> running + ", "
                + worker.assignedPartitions() + " partition(s) of build-requests"));
        return checks;
    }

    private static HttpServer listen(Vertx vertx, Router router, int port, boolean anyPortWhenTaken) {
        try {
            return vertx.createHttpServer().requestHandler(router).listen(port, "0.0.0.0").await();
        } catch (Exception e) { // await() rethrows the bind failure itself, a checked exception
            if (!anyPortWhenTaken || port == 0 || !portTaken(e)) {
                throw new IllegalStateException("cannot serve /health and /metrics on port " + port + " ("
                        + Settings.WORKER_HTTP_PORT + "): " + e.getMessage(), e);
            }
            HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "0.0.0.0").await();
            LOGGER.warn("port {} is in use (another worker on this host?); /health and /metrics are on port {}; set {}"
                    + " to choose one", port, server.actualPort(), Settings.WORKER_HTTP_PORT);
            return server;
        }
    }

    private static boolean portTaken(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause()) {
            if (e instanceof BindException || String.valueOf(e.getMessage()).contains("Address already in use")) {
                return true;
            }
        }
        return false;
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
