package dev.buildline.ops;

import dev.buildline.common.messages.Json;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.ext.web.Router;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code /metrics} (Prometheus text), {@code /health/live} and {@code /health/ready}: the same on coordinator and worker.
 * The coordinator mounts them on its API server; a worker serves them on an {@link OpsServer} of its own.
 */
public final class OpsRoutes {

    public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final Checks readiness;
    private final Checks liveness;

    /**
     * Ready while every readiness check passes; live while every liveness check passes (none: while the process
     * answers), and 503 with what failed tells Kubernetes to restart the process.
     */
    public OpsRoutes(PrometheusMeterRegistry registry, Checks readiness, Checks liveness) {
        this.registry = registry;
        this.readiness = readiness;
        this.liveness = liveness;
    }

    public void mount(Router router) {
        router.get("/metrics").handler(ctx -> ctx.response().putHeader("Content-Type", PROMETHEUS_TEXT)
                .end(registry.scrape()));
        router.get("/health/live").handler(ctx -> Readiness.of(liveness.run())
                .onSuccess(live -> json(ctx.response(), live.ready() ? 200 : 503, live.checks().isEmpty()
                        ? Map.of("status", "up")
                        : Map.of("status", live.ready() ? "up" : "down", "checks", new TreeMap<>(live.checks()))))
                .onFailure(ctx::fail));
        router.get("/health/ready").handler(ctx -> Readiness.of(readiness.run())
                .onSuccess(ready -> json(ctx.response(), ready.ready() ? 200 : 503, ready.body()))
                .onFailure(ctx::fail));
    }

    private static void json(io.vertx.core.http.HttpServerResponse response, int status, Object body) {
        response.setStatusCode(status).putHeader("Content-Type", "application/json").putHeader("Cache-Control",
                "no-store").end(Json.toString(body));
    }
}
