package dev.buildline.coordinator.http;

import dev.buildline.coordinator.intake.IntakeResult;
import dev.buildline.coordinator.intake.IntakeService;
import dev.buildline.coordinator.webhook.GitlabVerifier;
import dev.buildline.coordinator.webhook.PushEvent;
import dev.buildline.coordinator.webhook.PushPayloads;
import dev.buildline.coordinator.webhook.SignatureVerifier;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * {@code POST /webhooks/github|gitlab|gitea}: verify the sender, pick the event kind, parse the payload into a
 * {@link PushEvent} and hand it to intake. Each provider differs only in headers and payload shape.
 */
final class WebhookRoutes {

    private static final Set<String> GITLAB_PUSH_EVENTS = Set.of("Push Hook", "Tag Push Hook");

    private final IntakeService intake;
    private final SignatureVerifier signatures;
    private final GitlabVerifier gitlab;

    WebhookRoutes(IntakeService intake, SignatureVerifier signatures, GitlabVerifier gitlab) {
        this.intake = intake;
        this.signatures = signatures;
        this.gitlab = gitlab;
    }

    void mount(Router router) {
        router.post("/webhooks/github").handler(ctx -> handle(ctx, new Provider("X-GitHub-Event", "X-GitHub-Delivery",
                Set.of("push"), "ping", (request, body) ->
                signatures.verifyGithub(request.getHeader("X-Hub-Signature-256"), body), PushPayloads::github)));
        router.post("/webhooks/gitea").handler(ctx -> handle(ctx, gitea(ctx.request())));
        router.post("/webhooks/gitlab").handler(ctx -> handle(ctx, new Provider("X-Gitlab-Event", "X-Gitlab-Event-UUID",
                GITLAB_PUSH_EVENTS, null, (request, body) ->
                gitlab.verify(request::getHeader, body), PushPayloads::gitlab)));
    }

    /** Forgejo sends its own header names as well as (or instead of) Gitea's. */
    private Provider gitea(HttpServerRequest request) {
        boolean forgejo = request.getHeader("X-Forgejo-Signature") != null && request.getHeader("X-Gitea-Signature") == null;
        String prefix = forgejo ? "X-Forgejo-" : "X-Gitea-";
        return new Provider(prefix + "Event", prefix + "Delivery", Set.of("push"), null, (req, body) ->
                signatures.verifyBareHex(req.getHeader(prefix + "Signature"), prefix + "Signature", body), PushPayloads::gitea);
    }

    private void handle(RoutingContext ctx, Provider provider) {
        HttpServerRequest request = ctx.request();
        String event = request.getHeader(provider.eventHeader());
        String delivery = request.getHeader(provider.deliveryHeader());
        String deliveryId = delivery == null || delivery.isEmpty() ? UUID.randomUUID().toString() : delivery;
        byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        Future<IntakeResult> result;
        try {
            provider.verify().check(request, body);
            if (event != null && event.equals(provider.pingEvent())) {
                HttpApi.json(ctx.response(), 200, Map.of("deliveryId", deliveryId, "message", "pong"));
                return;
            }
            if (event == null || !provider.pushEvents().contains(event)) {
                result = Future.succeededFuture(IntakeResult.nothing(deliveryId,
                        event == null ? "no " + provider.eventHeader() + " header: nothing to build"
                                : "event " + event + " builds nothing"));
            } else {
                result = intake.push(provider.parse().apply(deliveryId, body));
            }
        } catch (RuntimeException e) {
            result = Future.failedFuture(e);
        }
        result.onSuccess(answer -> HttpApi.json(ctx.response(), answer.duplicate() ? 200 : 202, answer))
                .onFailure(cause -> HttpApi.fail(ctx, cause));
    }

    private record Provider(String eventHeader, String deliveryHeader, Set<String> pushEvents, String pingEvent,
                            Verifier verify, BiFunction<String, byte[], PushEvent> parse) {
    }

    /** Throws {@link dev.buildline.coordinator.webhook.RequestRejectedException} when the sender is not proven. */
    @FunctionalInterface
    private interface Verifier {
        void check(HttpServerRequest request, byte[] body);
    }
}
