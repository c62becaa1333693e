package io.herald.workers;

import io.herald.runtime.metrics.ServiceMetrics;
import io.javalin.config.JavalinConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.BooleanSupplier;

/** The workers' HTTP surface: liveness, readiness and Prometheus metrics. One function for Main and tests. */
public final class WorkerHttp {
    private WorkerHttp() {
    }

    public static void routes(JavalinConfig config, BooleanSupplier live, BooleanSupplier ready, PrometheusMeterRegistry metrics) {
        config.startup.showJavalinBanner = false;
        var routes = config.routes;
        routes.get("/health/live", ctx -> status(ctx, live.getAsBoolean()));
        routes.get("/health/ready", ctx -> status(ctx, ready.getAsBoolean()));
        routes.get("/metrics", ctx -> ctx.contentType(ServiceMetrics.CONTENT_TYPE).result(ServiceMetrics.scrape(metrics)));
    }

    private static void status(io.javalin.http.Context ctx, boolean up) {
        ctx.status(up ? 200 : 503).contentType("application/json").result("{\"status\":\"" + (up ? "UP" : "DOWN") + "\"}");
    }
}
