package dev.buildline.coordinator.http;

import dev.buildline.coordinator.state.BuildPage;
import dev.buildline.coordinator.state.BuildStateView;
import dev.buildline.coordinator.state.BuildView;
import dev.buildline.coordinator.state.LogFollow;
import io.vertx.core.Context;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The read side of the build API: {@code GET /api/builds} (filters and paging), {@code /api/builds/:id},
 * {@code /api/builds/:id/logs} (text; {@code ?follow=true} keeps the response open and streams new lines until the
 * build ends) and {@code /api/stream}.
 */
public final class ApiRoutes {

    /** Log chunks can arrive shortly after the terminal event (they travel on another topic). */
    static final long FOLLOW_GRACE_MS = 1500;

    private final BuildStateView view;
    private final EventStream stream;

    public ApiRoutes(BuildStateView view) {
        this.view = view;
        this.stream = new EventStream(view);
    }

    BuildStateView view() {
        return view;
    }

    public void mount(Router router) {
        router.get("/api/builds").handler(this::list);
        router.get("/api/builds/:id").handler(this::detail);
        router.get("/api/builds/:id/logs").handler(this::logs);
        router.get("/api/stream").handler(stream::handle);
    }

    private void list(RoutingContext ctx) {
        ListQuery query;
        try {
            query = ListQuery.parse(ctx.request()::getParam);
        } catch (IllegalArgumentException e) {
            HttpApi.error(ctx.response(), 400, e.getMessage());
            return;
        }
        BuildPage page = view.page(query.filter(), query.offset(), query.limit());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("builds", page.builds());
        body.put("total", page.total());
        body.put("offset", page.offset());
        body.put("limit", page.limit());
        HttpApi.json(ctx.response(), 200, body);
    }

    private void detail(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        view.get(id).ifPresentOrElse(build -> HttpApi.json(ctx.response(), 200, build),
                () -> HttpApi.error(ctx.response(), 404, "no build " + id));
    }

    private void logs(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        BuildView build = view.get(id).orElse(null);
        if (build == null) {
            HttpApi.error(ctx.response(), 404, "no build " + id);
            return;
        }
        HttpServerResponse response = ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8")
                .putHeader("X-Content-Type-Options", "nosniff").putHeader("Cache-Control", "no-store");
        boolean follow = "true".equals(ctx.request().getParam("follow"));
        if (!follow || build.status().isTerminal()) {
            response.end(text(view.logLines(id)));
            return;
        }
        follow(ctx, id, response.setChunked(true));
    }

    private void follow(RoutingContext ctx, String id, HttpServerResponse response) {
        Context context = ctx.vertx().getOrCreateContext();
        LogFollow lines = view.followLog(id, more -> context.runOnContext(v -> write(response, more)));
        Runnable stopWatching = view.onChange(build -> {
            if (build.buildId().equals(id) && build.status().isTerminal()) {
                context.runOnContext(v -> ctx.vertx().setTimer(FOLLOW_GRACE_MS, t -> {
                    if (!response.ended() && !response.closed()) {
                        response.end();
                    }
                }));
            }
        });
        Runnable stop = () -> {
            lines.close();
            stopWatching.run();
        };
        response.closeHandler(closed -> stop.run());
        response.endHandler(ended -> stop.run());
        // a build that ended between the lookup and the subscription would otherwise be followed forever
        if (view.get(id).map(build -> build.status().isTerminal()).orElse(true)) {
            response.end(text(lines.linesSoFar()));
            return;
        }
        // the headers go out now, so a client sees the follow begin even before the build writes a line
        response.writeHead();
        write(response, lines.linesSoFar());
    }

    private static void write(HttpServerResponse response, List<String> lines) {
        if (!lines.isEmpty() && !response.ended() && !response.closed()) {
            response.write(text(lines));
        }
    }

    private static String text(List<String> lines) {
        StringBuilder text = new StringBuilder();
        lines.forEach(line -> text.append(line).append('\n'));
        return text.toString();
    }
}
