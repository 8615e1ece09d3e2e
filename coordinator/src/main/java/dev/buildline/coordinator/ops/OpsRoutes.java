package dev.buildline.coordinator.ops;

import dev.buildline.common.messages.Json;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import java.util.Map;
import java.util.function.Supplier;

/** {@code /metrics} (Prometheus text), {@code /health/live} and {@code /health/ready}: the same on coordinator and worker. */
public final class OpsRoutes {

    public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final Supplier<Future<Readiness>> readiness;

    public OpsRoutes(PrometheusMeterRegistry registry, Supplier<Future<Readiness>> readiness) {
        this.registry = registry;
        this.readiness = readiness;
    }

    public void mount(Router router) {
        router.get("/metrics").handler(ctx -> ctx.response().putHeader("Content-Type", PROMETHEUS_TEXT)
                .end(registry.scrape()));
        router.get("/health/live").handler(ctx -> json(ctx.response(), 200, Map.of("status", "up")));
        router.get("/health/ready").handler(ctx -> readiness.get()
                .onSuccess(ready -> json(ctx.response(), ready.ready() ? 200 : 503, ready.body()))
                .onFailure(ctx::fail));
    }

    private static void json(io.vertx.core.http.HttpServerResponse response, int status, Object body) {
        response.setStatusCode(status).putHeader("Content-Type", "application/json").putHeader("Cache-Control",
                "no-store").end(Json.toString(body));
    }
}
