package dev.buildline.coordinator.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.buildline.coordinator.intake.IntakeResult;
import dev.buildline.coordinator.intake.IntakeService;
import dev.buildline.coordinator.intake.RequestBodies;
import dev.buildline.coordinator.webhook.RequestRejectedException;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** {@code POST /api/events/config-change} and {@code POST /api/builds}: builds asked for by programs and people. */
final class IntakeRoutes {

    private static final Set<String> MANUAL_FIELDS = Set.of("repo", "ref", "commit", "images");

    private final IntakeService intake;

    IntakeRoutes(IntakeService intake) {
        this.intake = intake;
    }

    void mount(Router router) {
        router.post("/api/events/config-change").handler(this::configChange);
        router.post("/api/builds").handler(this::manual);
    }

    private void configChange(RoutingContext ctx) {
        answer(ctx, () -> intake.configChange(
                RequestBodies.configChange(body(ctx), "config-change-" + UUID.randomUUID())));
    }

    private void manual(RoutingContext ctx) {
        answer(ctx, () -> {
            JsonNode root = RequestBodies.object(body(ctx), MANUAL_FIELDS);
            List<String> images = new ArrayList<>();
            JsonNode list = root.path("images");
            if (!list.isMissingNode() && !list.isNull()) {
                if (!list.isArray()) {
                    throw new RequestRejectedException(400, "images must be a list of image names");
                }
                for (JsonNode image : list) {
                    if (!image.isTextual()) {
                        throw new RequestRejectedException(400, "images must be a list of image names");
                    }
                    images.add(image.asText());
                }
            }
            return intake.manual(RequestBodies.repo(root), RequestBodies.text(root, "ref"), RequestBodies.commit(root),
                    images);
        });
    }

    private static byte[] body(RoutingContext ctx) {
        return ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
    }

    private static void answer(RoutingContext ctx, java.util.function.Supplier<Future<IntakeResult>> work) {
        Future<IntakeResult> result;
        try {
            result = work.get();
        } catch (RuntimeException e) {
            result = Future.failedFuture(e);
        }
        result.onSuccess(answer -> HttpApi.json(ctx.response(), answer.duplicate() ? 200 : 202, answer))
                .onFailure(cause -> HttpApi.fail(ctx, cause));
    }
}
