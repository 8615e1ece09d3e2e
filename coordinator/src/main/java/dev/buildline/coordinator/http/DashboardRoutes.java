package dev.buildline.coordinator.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The dashboard: static files from the classpath ({@code dashboard/}), nothing loaded from elsewhere, which the
 * Content-Security-Policy also tells the browser. The page holds no data; it reads the API with the user's token.
 */
public final class DashboardRoutes {

    static final String CSP = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
            + "frame-ancestors 'none'";

    public void mount(Router router) {
        // a handler on "/assets/*" looks its files up below that prefix, so the assets get their own root
        router.get("/").handler(DashboardRoutes::secure)
                .handler(StaticHandler.create("dashboard").setIndexPage("index.html").setCachingEnabled(false));
        // a build's permalink (the target_url of its commit statuses): the same page, which opens that build
        router.get("/builds/:id").handler(DashboardRoutes::secure)
                .handler(ctx -> ctx.response().putHeader("Cache-Control", "no-cache")
                        .putHeader("Content-Type", "text/html; charset=utf-8").sendFile("dashboard/index.html"));
        router.get("/assets/*").handler(DashboardRoutes::secure)
                .handler(StaticHandler.create("dashboard/assets").setCachingEnabled(false));
    }

    private static void secure(RoutingContext ctx) {
        ctx.response().putHeader("Content-Security-Policy", CSP)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer");
        ctx.next();
    }
}
