package dev.buildline.coordinator.http;

import dev.buildline.common.messages.Json;
import dev.buildline.coordinator.state.BuildStateView;
import dev.buildline.coordinator.state.BuildView;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code GET /api/stream}: Server-Sent Events, one {@code build} event (the build's JSON as the API shows it) per status
 * change, in the order the view applied them. A client that reads too slowly is disconnected and reconnects.
 */
public final class EventStream {

    static final long KEEPALIVE_MS = 15_000;

    private final BuildStateView view;
    private final AtomicLong ids = new AtomicLong();

    public EventStream(BuildStateView view) {
        this.view = view;
    }

    public void handle(RoutingContext ctx) {
        Vertx vertx = ctx.vertx();
        Context context = vertx.getOrCreateContext();
        HttpServerResponse response = ctx.response()
                .setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-store")
                .putHeader("X-Accel-Buffering", "no");
        response.write(ServerSentEvents.comment("buildline build status changes") + "retry: 3000\n\n");
        Runnable unsubscribe = view.onChange(build -> context.runOnContext(v -> send(ctx, build)));
        long keepAlive = vertx.setPeriodic(KEEPALIVE_MS, timer -> write(ctx, ServerSentEvents.comment("keep-alive")));
        response.closeHandler(closed -> {
            unsubscribe.run();
            vertx.cancelTimer(keepAlive);
        });
    }

    private void send(RoutingContext ctx, BuildView build) {
        write(ctx, ServerSentEvents.event("build", ids.incrementAndGet(), Json.toString(build)));
    }

    private static void write(RoutingContext ctx, String text) {
        HttpServerResponse response = ctx.response();
        if (response.closed() || response.ended()) {
            return;
        }
        if (response.writeQueueFull()) {
            ctx.request().connection().close();
            return;
        }
        response.write(text);
    }
}
