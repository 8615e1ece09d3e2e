package dev.buildline.coordinator.ops;

import dev.buildline.common.messages.Json;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/** {@code /metrics} (Prometheus text), {@code /health/live} and {@code /health/ready}: the same on coordinator and worker. */
public final class OpsRoutes {

    public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final Supplier<Future<Readiness>> readiness;
    private final Supplier<Future<Readiness>> liveness;

    /** Live while the process runs. */
    public OpsRoutes(PrometheusMeterRegistry registry, Supplier<Future<Readiness>> readiness) {
        this(registry, readiness, () -> Future.succeededFuture(new Readiness(true, Map.of())));
    }

    /** Live while every liveness check passes: 503 with what failed tells Kubernetes to restart the process. */
    public OpsRoutes(PrometheusMeterRegistry registry, Supplier<Future<Readiness>> readiness,
                     Supplier<Future<Readiness>> liveness) {
        this.registry = registry;
        this.readiness = readiness;
        this.liveness = liveness;
    }

    public void mount(Router router) {
        router.get("/metrics").handler(ctx -> ctx.response().putHeader("Content-Type", PROMETHEUS_TEXT)
                .end(registry.scrape()));
        router.get("/health/live").handler(ctx -> liveness.get()
                .onSuccess(live -> json(ctx.response(), live.ready() ? 200 : 503, live.checks().isEmpty()
                        ? Map.of("status", "up")
                        : Map.of("status", live.ready() ? "up" : "down", "checks", new TreeMap<>(live.checks()))))
                .onFailure(ctx::fail));
        router.get("/health/ready").handler(ctx -> readiness.get()
                .onSuccess(ready -> json(ctx.response(), ready.ready() ? 200 : 503, ready.body()))
                .onFailure(ctx::fail));
    }

    private static void json(io.vertx.core.http.HttpServerResponse response, int status, Object body) {
        response.setStatusCode(status).putHeader("Content-Type", "application/json").putHeader("Cache-Control",
                "no-store").end(Json.toString(body));
    }
}
