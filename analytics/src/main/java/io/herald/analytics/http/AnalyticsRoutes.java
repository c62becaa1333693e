package io.herald.analytics.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.analytics.dashboard.DashboardData;
import io.herald.analytics.report.AdHocSql;
import io.herald.analytics.report.Filter;
import io.herald.analytics.report.ParquetExport;
import io.herald.analytics.report.Report;
import io.herald.analytics.report.ReportService;
import io.herald.analytics.report.Reports;
import io.herald.analytics.report.Table;
import io.herald.runtime.auth.ApiKey;
import io.herald.runtime.auth.ApiKeys;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers every route of the analytics API and the dashboard: the one function used by {@code AnalyticsApp}
 * (and so {@code Main}) and by tests.
 *
 * <ul>
 *   <li>{@code GET /v1/analytics/reports} — the report names;</li>
 *   <li>{@code GET /v1/analytics/reports/{name}?from=&to=&tenant=&format=csv} — JSON, or CSV with
 *       {@code Accept: text/csv} or {@code format=csv};</li>
 *   <li>{@code POST /v1/analytics/sql} — read-only SQL (admin keys), body {@code {"sql": "..."}} or text;</li>
 *   <li>{@code GET /v1/analytics/export.parquet?from=&to=} — outcomes of a time range as Parquet (admin keys);</li>
 *   <li>{@code GET /dashboard} and {@code GET /v1/analytics/dashboard} — the operators' page and its data.</li>
 * </ul>
 */
public final class AnalyticsRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(AnalyticsRoutes.class);
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist/";

    /**
     * Everything the handlers need, built by the app.
     *
     * @param live  false once the sink stopped on a failure (restart the service)
     * @param ready whether the sink runs
     */
    public record Dependencies(ApiKeys keys, ReportService reports, AdHocSql sql, ParquetExport export,
                               DashboardData dashboard, boolean dashboardOpen, BooleanSupplier live, BooleanSupplier ready) {
    }

    private AnalyticsRoutes() {
    }

    private static void health(Context ctx, boolean up) {
        json(ctx, up ? 200 : 503, MAPPER.createObjectNode().put("status", up ? "UP" : "DOWN"));
    }

    public static void register(JavalinConfig config, Dependencies d) {
        config.startup.showJavalinBanner = false;
        config.http.asyncTimeout = 0;
        var routes = config.routes;
        routes.get("/v1/analytics/reports", ctx -> listReports(ctx, d));
        routes.get("/v1/analytics/reports/{name}", ctx -> report(ctx, d));
        routes.post("/v1/analytics/sql", ctx -> sql(ctx, d));
        routes.get("/v1/analytics/export.parquet", ctx -> export(ctx, d));
        routes.get("/v1/analytics/dashboard", ctx -> dashboardData(ctx, d));
        routes.get("/dashboard", ctx -> ctx.contentType("text/html; charset=utf-8").result(resource("dashboard/index.html")));
        routes.get("/dashboard/app.js", ctx -> ctx.contentType("text/javascript; charset=utf-8").result(resource("dashboard/app.js")));
        routes.get("/dashboard/uPlot.min.js", ctx -> ctx.contentType("text/javascript; charset=utf-8").result(resource(UPLOT + "uPlot.iife.min.js")));
        routes.get("/dashboard/uPlot.min.css", ctx -> ctx.contentType("text/css; charset=utf-8").result(resource(UPLOT + "uPlot.min.css")));
        routes.get("/favicon.ico", ctx -> ctx.status(204));
        routes.get("/health/live", ctx -> health(ctx, d.live().getAsBoolean()));
        routes.get("/health/ready", ctx -> health(ctx, d.ready().getAsBoolean()));
        routes.exception(BadRequest.class, (e, ctx) -> error(ctx, e.status, e.getMessage()));
        routes.exception(AdHocSql.RefusedException.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
        routes.exception(io.herald.analytics.report.QueryRunner.TimeoutException.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
        routes.exception(Exception.class, (e, ctx) -> {
            // The path carries only report names; no tenant data, no keys.
            LOG.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
            error(ctx, 500, "internal error");
        });
    }

    private static void listReports(Context ctx, Dependencies d) {
        authenticated(ctx, d);
        ArrayNode list = MAPPER.createArrayNode();
        for (Report r : Reports.all()) list.addObject().put("name", r.name()).put("description", r.description());
        json(ctx, 200, MAPPER.createObjectNode().set("reports", list));
    }

    private static void report(Context ctx, Dependencies d) {
        ApiKey key = authenticated(ctx, d);
        String name = ctx.pathParam("name");
        Report report = Reports.named(name).orElseThrow(() -> new BadRequest(404,
                "no report named '" + name + "'; known: " + Reports.all().stream().map(Report::name).toList()));
        Access.Scope scope = Access.reportScope(key, blankToNull(ctx.queryParam("tenant")));
        if (scope instanceof Access.Denied denied) throw new BadRequest(denied.status(), denied.reason());
        Filter filter = filter(ctx).withTenant(((Access.Allowed) scope).tenant());
        table(ctx, d.reports().run(report, filter));
    }

    private static void sql(Context ctx, Dependencies d) {
        ApiKey key = authenticated(ctx, d);
        Access.adminRefusal(key).ifPresent(reason -> {
            throw new BadRequest(403, reason);
        });
        table(ctx, d.sql().run(sqlOf(ctx)));
    }

    private static void export(Context ctx, Dependencies d) throws IOException {
        ApiKey key = authenticated(ctx, d);
        Access.adminRefusal(key).ifPresent(reason -> {
            throw new BadRequest(403, reason);
        });
        Filter filter = filter(ctx);
        Path file = d.export().outcomes(filter);
        try {
            ctx.contentType("application/vnd.apache.parquet")
                    .header("Content-Disposition", "attachment; filename=\"" + file.getFileName() + "\"")
                    .result(Files.readAllBytes(file));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static void dashboardData(Context ctx, Dependencies d) {
        if (!d.dashboardOpen()) {
            ApiKey key = authenticated(ctx, d);
            Access.adminRefusal(key).ifPresent(reason -> {
                throw new BadRequest(403, reason);
            });
        }
        Duration window;
        try {
            window = DashboardData.window(ctx.queryParam("window"), null);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(400, e.getMessage());
        }
        json(ctx, 200, window == null ? d.dashboard().snapshot() : d.dashboard().snapshot(window));
    }

    private static ApiKey authenticated(Context ctx, Dependencies d) {
        Optional<ApiKey> key = Access.caller(d.keys(), ctx.header("Authorization"));
        if (key.isEmpty()) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new BadRequest(401, "a valid API key is required: Authorization: Bearer <key>");
        }
        ctx.attribute("tenant", key.get().admin() ? "*" : key.get().tenantId());
        return key.get();
    }

    private static String sqlOf(Context ctx) {
        String body = ctx.body();
        String type = ctx.contentType();
        if (type != null && type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            try {
                JsonNode sql = MAPPER.readTree(body).path("sql");
                if (!sql.isTextual()) throw new BadRequest(400, "body field 'sql' must be a string");
                return sql.asText();
            } catch (JsonProcessingException e) {
                throw new BadRequest(400, "the body is not JSON: expected {\"sql\": \"SELECT ...\"}");
            }
        }
        return body;
    }

    static Filter filter(Context ctx) {
        Instant from = instant(ctx, "from");
        Instant to = instant(ctx, "to");
        try {
            return new Filter(from, to, null);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(400, e.getMessage());
        }
    }

    private static Instant instant(Context ctx, String param) {
        String value = blankToNull(ctx.queryParam(param));
        if (value == null) return null;
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new BadRequest(400, "query parameter '" + param + "' must be an ISO-8601 instant such as 2026-11-30T09:00:00Z, was '" + value + "'");
        }
    }

    private static void table(Context ctx, Table table) {
        String format = ctx.queryParam("format");
        String accept = ctx.header("Accept");
        boolean csv = "csv".equalsIgnoreCase(format) || (format == null && accept != null && accept.contains("text/csv"));
        if (csv) {
            ctx.contentType("text/csv; charset=utf-8").result(Csv.of(table));
            if (table.truncated()) ctx.header("X-Herald-Truncated", "true");
            return;
        }
        ObjectNode body = MAPPER.createObjectNode();
        ArrayNode columns = body.putArray("columns");
        table.columns().forEach(columns::add);
        ArrayNode rows = body.putArray("rows");
        for (List<Object> row : table.rows()) {
            ObjectNode o = rows.addObject();
            for (int i = 0; i < table.columns().size(); i++) o.set(table.columns().get(i), MAPPER.valueToTree(row.get(i)));
        }
        body.put("truncated", table.truncated());
        json(ctx, 200, body);
    }

    static void json(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType("application/json").result(MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response bodies are plain trees", e);
        }
    }

    private static void error(Context ctx, int status, String reason) {
        json(ctx, status, MAPPER.createObjectNode().put("status", status).put("error", reason));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static byte[] resource(String path) {
        try (InputStream in = AnalyticsRoutes.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException(path + " missing from the classpath");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A request the caller must fix; the message is the reason shown. */
    static final class BadRequest extends RuntimeException {
        final int status;

        BadRequest(int status, String reason) {
            super(reason);
            this.status = status;
        }
    }
}
