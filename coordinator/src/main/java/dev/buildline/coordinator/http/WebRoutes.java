package dev.buildline.coordinator.http;

import dev.buildline.coordinator.ops.Metrics;
import dev.buildline.ops.OpsRoutes;
import io.vertx.ext.web.Router;

/**
 * The routes around the webhooks: {@link #guards} go first (webhook metrics, the API token, what an API write must
 * look like: {@link ApiWriteGuard}), {@link #mount} adds the
 * build API, the dashboard's summaries, the event stream, cancel, operations and the dashboard.
 */
public final class WebRoutes {

    private final BearerAuth auth;
    private final ApiWriteGuard writes;
    private final Metrics metrics;
    private final ApiRoutes api;
    private final CancelRoute cancel;
    private final OpsRoutes ops;
    private final DashboardRoutes dashboard = new DashboardRoutes();
    private final OverviewRoutes overview;

    public WebRoutes(BearerAuth auth, ApiWriteGuard writes, Metrics metrics, ApiRoutes api, CancelRoute cancel,
                     OpsRoutes ops) {
        this.auth = auth;
        this.writes = writes;
        this.metrics = metrics;
        this.api = api;
        this.cancel = cancel;
        this.ops = ops;
        this.overview = new OverviewRoutes(api.view(), metrics.registry());
    }

    public void guards(Router router) {
        router.post("/webhooks/:provider").handler(ctx -> {
            String provider = ctx.pathParam("provider");
            ctx.addEndHandler(ended -> metrics.webhook(provider, ctx.response().getStatusCode()));
            ctx.next();
        });
        router.route("/api/*").handler(auth::handle);
        router.route("/api/*").handler(writes::handle);
    }

    public void mount(Router router) {
        api.mount(router);
        overview.mount(router);
        cancel.mount(router);
        ops.mount(router);
        dashboard.mount(router);
    }
}
