package dev.buildline.coordinator.http;

import dev.buildline.common.messages.BuildControl;
import dev.buildline.coordinator.intake.BuildPublisher;
import dev.buildline.coordinator.state.BuildStateView;
import dev.buildline.coordinator.state.BuildView;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/builds/:id/cancel}: publishes a cancel request on build-control and answers 202 once Kafka has it;
 * the worker that holds the build stops it and publishes {@code cancelled}. 404 for an unknown build, 409 for one
 * that already ended.
 */
public final class CancelRoute {

    private static final Logger LOGGER = LoggerFactory.getLogger(CancelRoute.class);

    private final BuildStateView view;
    private final BuildPublisher control;
    private final Clock clock;

    public CancelRoute(BuildStateView view, BuildPublisher control, Clock clock) {
        this.view = view;
        this.control = control;
        this.clock = clock;
    }

    public void mount(Router router) {
        router.post("/api/builds/:id/cancel").handler(this::cancel);
    }

    private void cancel(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        BuildView build = view.get(id).orElse(null);
        if (build == null) {
            HttpApi.error(ctx.response(), 404, "no build " + id);
            return;
        }
        if (build.status().isTerminal()) {
            HttpApi.error(ctx.response(), 409, "build " + id + " already ended: " + build.status().wireName());
            return;
        }
        control.publishControl(BuildControl.cancel(id, "api", clock.instant()))
                .onSuccess(done -> {
                    LOGGER.info("cancel of build {} requested", id);
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("buildId", id);
                    body.put("action", BuildControl.Action.CANCEL);
                    body.put("status", build.status());
                    HttpApi.json(ctx.response(), 202, body);
                })
                .onFailure(cause -> HttpApi.error(ctx.response(), 503,
                        "Kafka did not take the cancel request: " + cause.getMessage()));
    }
}
