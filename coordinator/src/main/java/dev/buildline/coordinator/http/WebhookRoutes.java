package dev.buildline.coordinator.http;

import dev.buildline.coordinator.intake.IntakeResult;
import dev.buildline.coordinator.intake.IntakeService;
import dev.buildline.coordinator.webhook.NamedRepository;
import dev.buildline.coordinator.webhook.PushEvent;
import dev.buildline.coordinator.webhook.PushPayloads;
import dev.buildline.coordinator.webhook.RequestRejectedException;
import dev.buildline.coordinator.webhook.WebhookBodies;
import dev.buildline.coordinator.webhook.WebhookEvents;
import dev.buildline.coordinator.webhook.WebhookSecrets;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * {@code POST /webhooks/github|gitlab|gitea}: verify the sender, pick the event kind, parse the payload into a
 * {@link PushEvent} and hand it to intake, all within one {@link DeliveryDeadline}. Each provider differs only in
 * headers and payload shape. The secret checked is the one of the repository the payload names
 * ({@link WebhookSecrets}), and that repository is the one built.
 */
final class WebhookRoutes {

    private final IntakeService intake;
    private final WebhookSecrets secrets;

    WebhookRoutes(IntakeService intake, WebhookSecrets secrets) {
        this.intake = intake;
        this.secrets = secrets;
    }

    void mount(Router router) {
        router.post("/webhooks/github").handler(ctx -> handle(ctx, new Provider("github", "X-GitHub-Delivery",
                (request, body, repository) -> secrets.hmac(repository)
                        .verifyGithub(request.getHeader("X-Hub-Signature-256"), body.raw(), body.json()),
                (request, json) -> WebhookEvents.byHeader("X-GitHub-Event", request.getHeader("X-GitHub-Event"), true),
                PushPayloads::github)));
        router.post("/webhooks/gitea").handler(ctx -> handle(ctx, gitea(ctx.request())));
        router.post("/webhooks/gitlab").handler(ctx -> handle(ctx, new Provider("gitlab", "X-Gitlab-Event-UUID",
                (request, body, repository) -> secrets.gitlab(repository).verify(request::getHeader, body.raw()),
                (request, json) -> WebhookEvents.gitlab(request.getHeader("X-Gitlab-Event"), json),
                PushPayloads::gitlab)));
    }

    /** Forgejo sends its own header names as well as (or instead of) Gitea's. */
    private Provider gitea(HttpServerRequest request) {
        boolean forgejo = request.getHeader("X-Forgejo-Signature") != null && request.getHeader("X-Gitea-Signature") == null;
        String prefix = forgejo ? "X-Forgejo-" : "X-Gitea-";
        return new Provider("gitea", prefix + "Delivery",
                (req, body, repository) -> secrets.hmac(repository).verifyBareHex(req.getHeader(prefix + "Signature"),
                        prefix + "Signature", body.raw(), body.json()),
                (req, json) -> WebhookEvents.byHeader(prefix + "Event", req.getHeader(prefix + "Event"), false),
                PushPayloads::gitea);
    }

    private void handle(RoutingContext ctx, Provider provider) {
        HttpServerRequest request = ctx.request();
        String delivery = request.getHeader(provider.deliveryHeader());
        String deliveryId = delivery == null || delivery.isEmpty() ? UUID.randomUUID().toString() : delivery;
        byte[] raw = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        Future<IntakeResult> result;
        try {
            Body body = Body.of(request.getHeader("Content-Type"), raw);
            // the secret of the repository the delivery names must vouch for it, and that repository is built
            String repository = NamedRepository.of(provider.name(), body.json());
            provider.verify().check(request, body, repository);
            byte[] json = body.requireJson();
            WebhookEvents.Decision decision = provider.decide().apply(request, json);
            switch (decision.kind()) {
                case PING -> {
                    HttpApi.json(ctx.response(), 200, Map.of("deliveryId", deliveryId, "message", "pong"));
                    return;
                }
                case NOTHING -> result = Future.succeededFuture(IntakeResult.nothing(deliveryId, decision.reason()));
                default -> result = DeliveryDeadline.within(ctx.vertx(), DeliveryDeadline.WEBHOOK,
                        intake.push(vouchedFor(repository, provider.parse().apply(deliveryId, json))));
            }
        } catch (RuntimeException e) {
            result = Future.failedFuture(e);
        }
        result.onSuccess(answer -> HttpApi.json(ctx.response(), answer.duplicate() ? 200 : 202, answer))
                .onFailure(cause -> HttpApi.fail(ctx, cause));
    }

    /** The push, when it names the repository whose secret was checked; a 401 should the two readings differ. */
    private static PushEvent vouchedFor(String repository, PushEvent push) {
        if (!push.repo().url().equals(repository)) {
            throw new RequestRejectedException(401, "the signature was checked for "
                    + (repository == null ? "no repository" : "repository " + repository) + ", but the push names "
                    + push.repo().url());
        }
        return push;
    }

    /**
     * A delivery's body as sent (what GitHub signs) and the JSON it carries (what Gitea signs, and what is parsed);
     * the same bytes unless the body is form-encoded. {@code json} is null when a form has no usable payload field,
     * which is a 400 once the signature has been checked.
     */
    private record Body(byte[] raw, byte[] json, RequestRejectedException malformed) {
        static Body of(String contentType, byte[] raw) {
            try {
                return new Body(raw, WebhookBodies.json(contentType, raw), null);
            } catch (RequestRejectedException e) {
                return new Body(raw, raw, e);
            }
        }

        byte[] requireJson() {
            if (malformed != null) {
                throw malformed;
            }
            return json;
        }
    }

    private record Provider(String name, String deliveryHeader, Verifier verify,
                            BiFunction<HttpServerRequest, byte[], WebhookEvents.Decision> decide,
                            BiFunction<String, byte[], PushEvent> parse) {
    }

    /** Throws {@link RequestRejectedException} when the sender is not proven for {@code repository} (null: none). */
    @FunctionalInterface
    private interface Verifier {
        void check(HttpServerRequest request, Body body, String repository);
    }
}
