package dev.buildline.coordinator.http;

import dev.buildline.common.messages.BuildControl;
import dev.buildline.common.messages.BuildStatus;
import dev.buildline.common.messages.Json;
import dev.buildline.coordinator.intake.BuildPublisher;
import dev.buildline.coordinator.intake.IntakeService;
import dev.buildline.coordinator.state.BuildStateView;
import dev.buildline.coordinator.state.BuildView;
import dev.buildline.coordinator.webhook.GitlabVerifier;
import dev.buildline.coordinator.webhook.SignatureVerifier;
import dev.buildline.coordinator.webhook.WebhookRejectedException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The coordinator's routes: webhooks, the build API and health. Handlers only translate HTTP to the services. */
public final class HttpApi {

    private static final Logger LOGGER = LoggerFactory.getLogger(HttpApi.class);
    private static final int DEFAULT_LIST_LIMIT = 100;
    private static final int MAX_LIST_LIMIT = 1000;

    private static final long API_BODY_LIMIT = 2L * 1024 * 1024;

    private final WebhookRoutes webhooks;
    private final IntakeRoutes intakeRoutes;
    private final BuildStateView view;
    private final long bodyLimit;
    private final BooleanSupplier ready;
    private final BuildPublisher publisher;

    public HttpApi(IntakeService intake, SignatureVerifier signatures, GitlabVerifier gitlab, BuildStateView view,
                   long bodyLimit, BooleanSupplier ready, BuildPublisher publisher) {
        this.webhooks = new WebhookRoutes(intake, signatures, gitlab);
        this.intakeRoutes = new IntakeRoutes(intake);
        this.publisher = publisher;
        this.view = view;
        this.bodyLimit = bodyLimit;
        this.ready = ready;
    }

    public Router router(Vertx vertx) {
        Router router = Router.router(vertx);
        router.post("/webhooks/*").handler(BodyHandler.create(false).setBodyLimit(bodyLimit));
        router.post("/api/*").handler(BodyHandler.create(false).setBodyLimit(API_BODY_LIMIT));
        webhooks.mount(router);
        intakeRoutes.mount(router);
        router.get("/api/builds").handler(this::listBuilds);
        router.get("/api/builds/:id").handler(this::getBuild);
        router.get("/api/builds/:id/logs").handler(this::getLogs);
        router.post("/api/builds/:id/cancel").handler(this::cancel);
        router.get("/health/live").handler(ctx -> json(ctx.response(), 200, Map.of("status", "up")));
        router.get("/health/ready").handler(ctx -> json(ctx.response(), ready.getAsBoolean() ? 200 : 503,
                Map.of("status", ready.getAsBoolean() ? "ready" : "not ready")));
        router.errorHandler(413, ctx -> error(ctx.response(), 413, "body is larger than "
                + (ctx.request().path().startsWith("/api/") ? API_BODY_LIMIT : bodyLimit) + " bytes"));
        return router;
    }

    private void listBuilds(RoutingContext ctx) {
        BuildStatus status;
        int limit;
        try {
            String statusParam = ctx.request().getParam("status");
            status = statusParam == null ? null : BuildStatus.fromWire(statusParam);
            String limitParam = ctx.request().getParam("limit");
            limit = limitParam == null ? DEFAULT_LIST_LIMIT : Math.min(MAX_LIST_LIMIT, Integer.parseInt(limitParam));
        } catch (IllegalArgumentException e) {
            error(ctx.response(), 400, e.getMessage());
            return;
        }
        json(ctx.response(), 200, Map.of("builds",
                view.list(status, ctx.request().getParam("image"), ctx.request().getParam("repo"), limit)));
    }

    private void getBuild(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        view.get(id).ifPresentOrElse(build -> json(ctx.response(), 200, build),
                () -> error(ctx.response(), 404, "no build " + id));
    }

    private void getLogs(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (!view.contains(id)) {
            error(ctx.response(), 404, "no build " + id);
            return;
        }
        StringBuilder text = new StringBuilder();
        view.logLines(id).forEach(line -> text.append(line).append('\n'));
        ctx.response().setStatusCode(200).putHeader("Content-Type", "text/plain; charset=utf-8").end(text.toString());
    }

    /** 202 once build-control has the cancel; the worker holding the build ends it {@code cancelled}. */
    private void cancel(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Optional<BuildView> build = view.get(id);
        if (build.isEmpty()) {
            error(ctx.response(), 404, "no build " + id);
        } else if (build.get().status().isTerminal()) {
            error(ctx.response(), 409, "build " + id + " already ended " + build.get().status().wireName());
        } else {
            publisher.publishControl(BuildControl.cancel(id, "api", Instant.now()))
                    .onSuccess(done -> json(ctx.response(), 202, Map.of("buildId", id, "action", "cancel")))
                    .onFailure(cause -> fail(ctx, cause));
        }
    }

    static void fail(RoutingContext ctx, Throwable cause) {
        if (cause instanceof WebhookRejectedException rejected) {
            error(ctx.response(), rejected.status(), rejected.getMessage());
        } else if (cause instanceof BuildPublisher.PublishFailedException) {
            LOGGER.warn("answering 503: {}", cause.getMessage());
            error(ctx.response(), 503, cause.getMessage());
        } else {
            LOGGER.error("request {} {} failed", ctx.request().method(), ctx.request().path(), cause);
            error(ctx.response(), 500, "internal error: " + cause.getMessage());
        }
    }

    static void error(HttpServerResponse response, int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        json(response, status, body);
    }

    static void json(HttpServerResponse response, int status, Object body) {
        response.setStatusCode(status).putHeader("Content-Type", "application/json").end(Json.toString(body));
    }
}
