package dev.buildline.coordinator.http;

import dev.buildline.common.messages.Json;
import dev.buildline.coordinator.intake.IntakeRejectedException;
import dev.buildline.coordinator.intake.Retryable;
import dev.buildline.coordinator.intake.IntakeService;
import dev.buildline.coordinator.webhook.RequestRejectedException;
import dev.buildline.coordinator.webhook.WebhookSecrets;
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
 * The coordinator's router: guards first (webhook metrics, the API token), body limits, the webhooks and intake
 * routes, then the build API, stream, cancel, operations and dashboard ({@link WebRoutes}). Handlers only translate
 * HTTP to the services; the helpers here give every route the same error shape.
 */
public final class HttpApi {

    private static final Logger LOGGER = LoggerFactory.getLogger(HttpApi.class);
    private static final long API_BODY_LIMIT = 2L * 1024 * 1024;

    private final WebhookRoutes webhooks;
    private final IntakeRoutes intakeRoutes;
    private final WebRoutes routes;
    private final long bodyLimit;

    public HttpApi(IntakeService intake, WebhookSecrets secrets, long bodyLimit, WebRoutes routes) {
        this.webhooks = new WebhookRoutes(intake, secrets);
        this.intakeRoutes = new IntakeRoutes(intake);
        this.routes = routes;
        this.bodyLimit = bodyLimit;
    }

    public Router router(Vertx vertx) {
        Router router = Router.router(vertx);
        routes.guards(router);
        router.post("/webhooks/*").handler(BodyHandler.create(false).setBodyLimit(bodyLimit));
        router.post("/api/*").handler(BodyHandler.create(false).setBodyLimit(API_BODY_LIMIT));
        webhooks.mount(router);
        intakeRoutes.mount(router);
        routes.mount(router);
        router.errorHandler(413, ctx -> error(ctx.response(), 413, "body is larger than "
                + (ctx.request().path().startsWith("/api/") ? API_BODY_LIMIT : bodyLimit) + " bytes"));
        return router;
    }

    /** The one place a typed refusal of the domain becomes an HTTP status. */
    static void fail(RoutingContext ctx, Throwable cause) {
        if (cause instanceof RequestRejectedException rejected) {
            error(ctx.response(), rejected.status(), rejected.getMessage());
        } else if (cause instanceof IntakeRejectedException rejected) {
            error(ctx.response(), status(rejected.reason()), rejected.getMessage());
        } else if (Retryable.is(cause)) {
            LOGGER.warn("answering 503: {}", cause.getMessage());
            error(ctx.response(), 503, cause.getMessage());
        } else {
            LOGGER.error("request {} {} failed", ctx.request().method(), ctx.request().path(), cause);
            error(ctx.response(), 500, "internal error: " + cause.getMessage());
        }
    }

    /** Every reason intake rejects is the sender's to fix: 422, as the Stable interface says. */
    static int status(IntakeRejectedException.Reason reason) {
        return switch (reason) {
            case UNKNOWN_COMMIT, CONFIG_MISSING, CONFIG_INVALID, UNKNOWN_IMAGE, REFUSED_BY_POLICY -> 422;
        };
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
