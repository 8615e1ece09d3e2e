package dev.buildline.coordinator.http;

import dev.buildline.coordinator.state.BuildFilter;
import dev.buildline.coordinator.state.BuildStateView;
import dev.buildline.coordinator.state.ImageHistory;
import dev.buildline.coordinator.state.QueueSnapshot;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The dashboard's summaries, under the build API (so the API token guards them): {@code GET /api/images} (per
 * image its recent builds and success rate; filters {@code image}, {@code repo}, {@code limit} builds per image,
 * default 30) and {@code GET /api/queue} (queued builds per partition and per image, consumer lag, which worker runs
 * which build). The lag is the coordinator's own {@code buildline_queue_lag} meter, read from its registry.
 */
public final class OverviewRoutes {

    static final int DEFAULT_HISTORY = 30;
    static final int MAX_HISTORY = 200;
    static final String LAG_METER = "buildline.queue.lag";

    private final BuildStateView view;
    private final MeterRegistry registry;

    public OverviewRoutes(BuildStateView view, MeterRegistry registry) {
        this.view = view;
        this.registry = registry;
    }

    public void mount(Router router) {
        router.get("/api/images").handler(this::images);
        router.get("/api/queue").handler(this::queue);
    }

    private void images(RoutingContext ctx) {
        String raw = ctx.request().getParam("limit");
        int limit = DEFAULT_HISTORY;
        if (raw != null && !raw.isBlank()) {
            try {
                limit = Integer.parseInt(raw.strip());
            } catch (NumberFormatException e) {
                limit = 0;
            }
            if (limit < 1) {
                HttpApi.error(ctx.response(), 400, "limit must be a number of at least 1, got " + raw);
                return;
            }
        }
        BuildFilter filter = new BuildFilter(null, ctx.request().getParam("image"), ctx.request().getParam("repo"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("images", ImageHistory.of(view.snapshot(), filter, Math.min(limit, MAX_HISTORY)));
        HttpApi.json(ctx.response(), 200, body);
    }

    private void queue(RoutingContext ctx) {
        HttpApi.json(ctx.response(), 200, QueueSnapshot.of(view.snapshot(), lagByPartition()));
    }

    /** The last sampled lag per partition, as the meter holds it; empty before the first sample. */
    private Map<Integer, Long> lagByPartition() {
        Map<Integer, Long> lag = new TreeMap<>();
        for (Gauge gauge : registry.find(LAG_METER).gauges()) {
            String partition = gauge.getId().getTag("partition");
            double value = gauge.value();
            if (partition != null && !Double.isNaN(value)) {
                lag.put(Integer.parseInt(partition), (long) value);
            }
        }
        return lag;
    }
}
