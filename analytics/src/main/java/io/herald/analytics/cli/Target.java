package io.herald.analytics.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.analytics.AnalyticsKeys;
import io.herald.analytics.report.Table;
import io.herald.runtime.config.Config;
import io.herald.runtime.config.ConfigLoader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where the CLI reads from: the analytics HTTP API (default) or a DuckDB file ({@code --db}). */
final class Target {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--url", description = "Analytics API base URL (default: $HERALD_ANALYTICS_URL, else the configuration's "
            + "analytics.http.host and analytics.http.port: http://127.0.0.1:8084 unless configured).")
    String url;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Herald configuration (properties; see "
            + "docs/configuration.md). Default: $HERALD_CONFIG. Environment variables (HERALD_FOO_BAR for foo.bar) override it. "
            + "Gives the API's address and, with --db, analytics.in-flight-grace and analytics.sql.max-rows.")
    Path configFile;

    /** The process environment; tests replace it. */
    Map<String, String> env = System.getenv();

    private Config config;

    @Option(names = "--api-key", defaultValue = "${env:HERALD_ANALYTICS_API_KEY}",
            description = "API key sent as a Bearer token (env HERALD_ANALYTICS_API_KEY); SQL and export need an admin key.")
    String apiKey;

    @Option(names = "--db", description = "Read this DuckDB file directly instead of the API (only while no service holds it).")
    Path db;

    /** A failed call: the HTTP status (or 0) and the service's reason. */
    static final class Failure extends RuntimeException {
        final int status;

        Failure(int status, String reason) {
            super(reason);
            this.status = status;
        }
    }

    /** The analytics keys from {@code --config} (or {@code $HERALD_CONFIG}) and the environment, read once when needed. */
    Config config() {
        if (config == null) {
            Path file = configFile != null ? configFile : ConfigLoader.configFile(new String[0], env);
            config = new ConfigLoader(AnalyticsKeys.ALL).file(file).env(env).load();
        }
        return config;
    }

    /** {@code --url}, else {@code $HERALD_ANALYTICS_URL}, else the configured listen address (wildcards as loopback). */
    String baseUrl() {
        if (url != null && !url.isBlank()) return strip(url.trim());
        String fromEnv = env.get("HERALD_ANALYTICS_URL");
        if (fromEnv != null && !fromEnv.isBlank()) return strip(fromEnv.trim());
        String host = config().get(AnalyticsKeys.HTTP_HOST);
        if (host.equals("0.0.0.0") || host.equals("::")) host = "127.0.0.1";
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + config().get(AnalyticsKeys.HTTP_PORT);
    }

    HttpResponse<byte[]> get(String pathAndQuery, String accept) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + pathAndQuery)).timeout(Duration.ofMinutes(5));
        if (accept != null) b.header("Accept", accept);
        return send(b);
    }

    HttpResponse<byte[]> post(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofMinutes(5))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder b) throws IOException, InterruptedException {
        if (apiKey != null && !apiKey.isBlank()) b.header("Authorization", "Bearer " + apiKey);
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() >= 300) {
            String reason;
            try {
                reason = JSON.readTree(response.body()).path("error").asText("HTTP " + response.statusCode());
            } catch (IOException e) {
                reason = "HTTP " + response.statusCode();
            }
            throw new Failure(response.statusCode(), reason);
        }
        return response;
    }

    /** The API's JSON table ({@code columns}, {@code rows} of objects, {@code truncated}) as a table. */
    static Table table(byte[] json) throws IOException {
        JsonNode root = JSON.readTree(json);
        List<String> columns = new ArrayList<>();
        root.path("columns").forEach(c -> columns.add(c.asText()));
        List<List<Object>> rows = new ArrayList<>();
        for (JsonNode row : root.path("rows")) {
            List<Object> values = new ArrayList<>();
            for (String c : columns) {
                JsonNode v = row.get(c);
                values.add(v == null || v.isNull() ? null : v.isNumber() ? v.numberValue() : v.isBoolean() ? v.asBoolean() : v.asText());
            }
            rows.add(values);
        }
        return new Table(columns, rows, root.path("truncated").asBoolean(false));
    }

    static String json(Table table) throws IOException {
        var root = JSON.createObjectNode();
        var columns = root.putArray("columns");
        table.columns().forEach(columns::add);
        var rows = root.putArray("rows");
        for (List<Object> row : table.rows()) {
            var o = rows.addObject();
            Iterator<String> names = table.columns().iterator();
            for (Object v : row) o.set(names.next(), JSON.valueToTree(v));
        }
        root.put("truncated", table.truncated());
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }

    private static String strip(String base) {
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
