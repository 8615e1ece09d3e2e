package dev.buildline.coordinator.http;

import dev.buildline.common.messages.Json;
import dev.buildline.coordinator.intake.BuildPublisher;
import dev.buildline.coordinator.intake.IntakeResult;
import dev.buildline.coordinator.intake.IntakeService;
import dev.buildline.coordinator.state.BuildStateView;
import dev.buildline.coordinator.webhook.GithubPayloads;
import dev.buildline.coordinator.webhook.SignatureVerifier;
import dev.buildline.coordinator.webhook.WebhookRejectedException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's routes: webhooks here, the rest (build API, stream, cancel, operations, dashboard) in
 * {@link WebRoutes}. Handlers only translate HTTP to the services.
 */
public final class HttpApi {

    private static final Logger LOGGER = LoggerFactory.getLogger(HttpApi.class);
    private final IntakeService intake;
    private final SignatureVerifier signatures;
    private final BuildStateView view;
    private final long bodyLimit;
    private final WebRoutes routes;

    public HttpApi(IntakeService intake, SignatureVerifier signatures, BuildStateView view, long bodyLimit,
                   WebRoutes routes) {
        this.intake = intake;
        this.signatures = signatures;
        this.view = view;
        this.bodyLimit = bodyLimit;
        this.routes = routes;
    }

    public Router router(Vertx vertx) {
        Router router = Router.router(vertx);
        routes.guards(router);
        router.post("/webhooks/*").handler(BodyHandler.create(false).setBodyLimit(bodyLimit));
        router.post("/webhooks/github").handler(this::github);
        routes.mount(router);
        router.errorHandler(413, ctx -> error(ctx.response(), 413, "body is larger than " + bodyLimit + " bytes"));
        return router;
    }

    private void github(RoutingContext ctx) {
        String event = ctx.request().getHeader("X-GitHub-Event");
        String delivery = ctx.request().getHeader("X-GitHub-Delivery");
        byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        Future<IntakeResult> result;
        try {
            signatures.verifyGithub(ctx.request().getHeader("X-Hub-Signature-256"), body);
            if ("ping".equals(event)) {
                json(ctx.response(), 200, Map.of("deliveryId", String.valueOf(delivery), "message", "pong"));
                return;
            }
            if (!"push".equals(event)) {
                respond(ctx, IntakeResult.nothing(delivery, "event " + event + " builds nothing"));
                return;
            }
            result = intake.push(GithubPayloads.push(delivery, body));
        } catch (RuntimeException e) {
            result = Future.failedFuture(e);
        }
        result.onSuccess(answer -> respond(ctx, answer)).onFailure(cause -> fail(ctx, cause));
    }

    private void respond(RoutingContext ctx, IntakeResult result) {
        json(ctx.response(), result.duplicate() ? 200 : 202, result);
    }

    private void fail(RoutingContext ctx, Throwable cause) {
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
