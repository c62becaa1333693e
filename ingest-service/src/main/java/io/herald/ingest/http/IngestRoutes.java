package io.herald.ingest.http;

import io.herald.ingest.intake.NotificationIntake;
import io.herald.ingest.ops.IngestMetrics;
import io.herald.ingest.preferences.PreferenceService;
import io.herald.ingest.problem.Problem;
import io.herald.ingest.problem.ProblemException;
import io.herald.ingest.problem.Problems;
import io.herald.ingest.status.StatusClient;
import io.herald.runtime.metrics.ServiceMetrics;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers every route of the ingest API. The one function used by {@code IngestApp} (and so
 * {@code Main}) and by tests, so what is tested is what runs.
 */
public final class IngestRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(IngestRoutes.class);
    private static final Logger ACCESS = LoggerFactory.getLogger("io.herald.ingest.access");
    private static final String OPENAPI = readOpenApi();
    /** Bytes per copy round of a result into Jetty's output (see {@link #register}). */
    static final int RESPONSE_COPY_BUFFER = 2048;

    /**
     * Everything the handlers need, built by the app.
     *
     * @param live  false once the service cannot recover by itself (a background loop stopped for good): the
     *              orchestrator's cue to restart it
     * @param ready whether it can take requests now
     */
    public record Dependencies(Guards guards, NotificationIntake intake, PreferenceService preferences,
                               StatusClient status, IngestMetrics metrics, BooleanSupplier live, BooleanSupplier ready,
                               Clock clock, int batchMax) {
    }

    private IngestRoutes() {
    }

    private static void health(Context ctx, boolean up) {
        Responses.json(ctx, up ? 200 : 503, Responses.object().put("status", up ? "UP" : "DOWN"));
    }

    public static void register(JavalinConfig config, Dependencies d) {
        NotificationRoutes notifications = new NotificationRoutes(d.guards(), d.intake(), d.status(), d.metrics(),
                d.clock(), d.batchMax());
        PreferenceRoutes preferences = new PreferenceRoutes(d.guards(), d.preferences());
        // Javalin enforces its own limit when a handler reads the body; keep it above ours so we answer first.
        config.http.maxRequestSize = d.guards().maxBodyBytes() + 1L;
        config.http.asyncTimeout = 0;
        // Javalin copies each result to Jetty through a fresh buffer of this size (default: Jetty's 32 KiB output
        // buffer). Answers are mostly under 1 KiB, so the default was half of all bytes allocated per accepted
        // request in the benchmark (young GCs, and their pauses, twice as often). Larger results (metrics, the
        // OpenAPI document, batch answers) just take more copy rounds into Jetty's own buffer.
        config.http.responseBufferSize = RESPONSE_COPY_BUFFER;
        config.startup.showJavalinBanner = false;
        config.requestLogger.http((ctx, ms) -> access(ctx, ms, d.metrics()));

        var routes = config.routes;
        routes.post("/v1/notifications", notifications::post);
        routes.post("/v1/notifications:batch", notifications::batch);
        routes.get("/v1/notifications/{id}", notifications::status);
        routes.put("/v1/recipients/{id}/preferences", preferences::put);
        routes.get("/v1/recipients/{id}/preferences", preferences::get);
        routes.delete("/v1/recipients/{id}", preferences::erase);
        routes.get("/openapi.json", ctx -> ctx.contentType("application/json").result(OPENAPI));
        routes.get("/metrics", ctx -> ctx.contentType(ServiceMetrics.CONTENT_TYPE).result(d.metrics().scrape()));
        routes.get("/health/live", ctx -> health(ctx, d.live().getAsBoolean()));
        routes.get("/health/ready", ctx -> health(ctx, d.ready().getAsBoolean()));

        // Paths and methods no route serves get a problem document too, so clients parse one error shape.
        // Our own 404s (an unknown notification id) already carry one and are left as they are.
        routes.error(404, ctx -> {
            String type = ctx.res().getContentType();
            if (type == null || !type.startsWith(Problem.MEDIA_TYPE)) {
                Responses.problem(ctx, Problems.notFound("no resource at this path for " + ctx.method()));
            }
        });
        routes.exception(ProblemException.class, (e, ctx) -> Responses.problem(ctx, e.problem()));
        routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("unexpected error on {} {}", ctx.method(), route(ctx), e);
            Responses.problem(ctx, Problems.internal());
        });
    }

    /** The matched route template (never the raw path, which carries ids), or "unmatched". */
    static String route(Context ctx) {
        try {
            var endpoint = ctx.endpoints().matchedHttpEndpoint();
            return endpoint == null ? "unmatched" : endpoint.path;
        } catch (RuntimeException e) {
            return "unmatched";
        }
    }

    private static void access(Context ctx, Float ms, IngestMetrics metrics) {
        String route = route(ctx);
        int status = ctx.statusCode();
        metrics.request(ctx.method().name(), route, status, Duration.ofNanos((long) (ms * 1_000_000)));
        if (ACCESS.isInfoEnabled()) {
            // Structured and PII-free: no addresses, bodies, raw paths, client IPs or keys.
            Object tenant = ctx.attribute("tenant");
            // Built by hand: String.format was a visible share of a request's CPU in the benchmark's profile.
            StringBuilder line = new StringBuilder(112).append("{\"method\":\"").append(ctx.method().name())
                    .append("\",\"route\":\"").append(route).append("\",\"status\":").append(status).append(",\"ms\":");
            appendMillis(line, ms);
            line.append(",\"tenant\":");
            if (tenant == null) line.append("null");
            else line.append('"').append(tenant).append('"');
            ACCESS.info(line.append('}').toString());
        }
    }

    /** {@code ms} with two decimals (rounded half up), e.g. {@code 0.90}. */
    static void appendMillis(StringBuilder line, float ms) {
        if (!Float.isFinite(ms) || ms < 0 || ms > 1e9f) {
            line.append(String.format(java.util.Locale.ROOT, "%.2f", ms));
            return;
        }
        long hundredths = Math.round(ms * 100.0);
        long cents = hundredths % 100;
        line.append(hundredths / 100).append(cents < 10 ? ".0" : ".").append(cents);
    }

    private static String readOpenApi() {
        try (InputStream in = IngestRoutes.class.getResourceAsStream("/openapi.json")) {
            if (in == null) throw new IllegalStateException("openapi.json missing from the classpath");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
