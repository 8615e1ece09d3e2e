package dev.buildline.app;

import dev.buildline.ops.Checks;
import dev.buildline.ops.KafkaProbe;
import dev.buildline.ops.OpsMeters;
import dev.buildline.ops.OpsRoutes;
import dev.buildline.ops.OpsServer;
import dev.buildline.ops.OpsSettings;
import dev.buildline.common.messages.Topics;
import dev.buildline.runtime.kafka.KafkaClients;
import dev.buildline.worker.WorkerHealth;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A worker's own {@code /metrics}, {@code /health/live} and {@code /health/ready} on BUILDLINE_WORKER_HTTP_PORT:
 * live while its consume loops (claiming build-requests, following build-events) run, ready when they run, Kafka
 * answers and so does the Docker daemon with buildx; its metrics with the lag of the workers' group.
 */
final class WorkerOps implements AutoCloseable {

    private final OpsServer server;
    private final KafkaProbe probe;

    private WorkerOps(OpsServer server, KafkaProbe probe) {
        this.server = server;
        this.probe = probe;
    }

    /**
     * @param meters           what {@code /metrics} shows (the worker records into it); the caller closes it
     * @param anyPortWhenTaken when {@code port} is in use, serve on a free port (said in the log) instead of failing
     */
    static WorkerOps start(Vertx vertx, KafkaClients kafka, Topics topics, OpsMeters meters, OpsSettings ops, int port,
                           boolean anyPortWhenTaken, WorkerHealth worker) {
        KafkaProbe probe = new KafkaProbe(kafka, vertx.getOrCreateContext());
        Checks dependencies = () -> {
            Map<String, Future<String>> checks = new LinkedHashMap<>();
            checks.put("kafka", probe.check());
            checks.put("docker", vertx.executeBlocking(() -> {
                String problem = BuildHostCheck.problem();
                if (problem != null) {
                    throw new IllegalStateException(problem);
                }
                return "daemon and buildx answer";
            }, false));
            return checks;
        };
        OpsRoutes routes = new OpsRoutes(meters.registry(), worker.liveness().and(dependencies), worker.liveness());
        try {
            OpsServer server = OpsServer.start(vertx, routes, port, anyPortWhenTaken, Settings.WORKER_HTTP_PORT);
            meters.sampleQueueLag(vertx, probe, topics.buildRequests(), ops.workerGroup(), ops.lagInterval());
            return new WorkerOps(server, probe);
        } catch (RuntimeException e) {
            probe.close();
            throw e;
        }
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
        probe.close();
    }
}
