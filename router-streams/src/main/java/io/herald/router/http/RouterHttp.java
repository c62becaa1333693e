package io.herald.router.http;

import io.herald.runtime.metrics.ServiceMetrics;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.BooleanSupplier;

/**
 * The router's HTTP surface, registered by one function for both the application and tests:
 * {@code GET /v1/notifications/{id}} (status timeline), {@code /health/live} (no Streams instance failed for good),
 * {@code /health/ready} (Streams RUNNING) and {@code /metrics} (Prometheus).
 */
public final class RouterHttp {
    static final String PROBLEM_JSON = "application/problem+json";

    private RouterHttp() {
    }

    /**
     * @param live  false once the router cannot recover by itself (a Streams instance failed for good)
     * @param ready whether it routes now
     */
    public static void routes(JavalinConfig config, NotificationStatus status, BooleanSupplier live, BooleanSupplier ready,
                              PrometheusMeterRegistry registry) {
        config.startup.showJavalinBanner = false;
        config.routes.get("/v1/notifications/{id}", ctx -> status(ctx, status));
        config.routes.get("/health/live", ctx -> health(ctx, live.getAsBoolean()));
        config.routes.get("/health/ready", ctx -> health(ctx, ready.getAsBoolean()));
        config.routes.get("/metrics", ctx -> ctx.contentType(ServiceMetrics.CONTENT_TYPE)
                .result(ServiceMetrics.scrape(registry)));
    }

    private static void health(Context ctx, boolean up) {
        ctx.status(up ? 200 : 503).contentType("application/json").result(up ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}");
    }

    private static void status(Context ctx, NotificationStatus status) {
        String id = ctx.pathParam("id");
        NotificationStatus.Result result = status.find(id, ctx.header(StatusLookup.FORWARDED_HEADER) != null);
        if (result instanceof NotificationStatus.Result.Found found) {
            ctx.contentType("application/json").result(found.json());
        } else if (result instanceof NotificationStatus.Result.NotFound) {
            ctx.status(404).contentType(PROBLEM_JSON)
                    .result(StatusJson.problem(404, "Notification not found", "no notification with this id is known: never accepted, or forgotten "
                            + "router.ledger.retention (default 7 days) after its terminal state"));
        } else if (result instanceof NotificationStatus.Result.Unavailable u) {
            ctx.status(503).header("Retry-After", "1").contentType(PROBLEM_JSON)
                    .result(StatusJson.problem(503, "Status temporarily unavailable", u.why()));
        }
    }
}
