package io.herald.compose.sinks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** The sink console over HTTP, for the CLI and the drill: what a user does with curl. */
public final class SinksClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    public SinksClient(String baseUrl) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** Installs a mail fault on {@code provider} (or {@code all}); returns the installed faults. */
    public JsonNode smtpFault(String provider, Map<String, Object> fault) {
        return call("POST", "/sinks/smtp/" + provider + "/faults", fault);
    }

    /** Installs an SMS fault; returns the installed fault. */
    public JsonNode smsFault(Map<String, Object> fault) {
        return call("POST", "/sinks/sms/faults", fault);
    }

    /** Removes one fault by id. */
    public JsonNode remove(String faultId) {
        return call("DELETE", "/sinks/faults/" + faultId, null);
    }

    /** Clears the faults under {@code path}: {@code /sinks/faults} (all), {@code /sinks/smtp/all/faults}, {@code /sinks/sms/faults}. */
    public JsonNode clear(String path) {
        return call("DELETE", path, null);
    }

    /** GET {@code path} as JSON. */
    public JsonNode get(String path) {
        return call("GET", path, null);
    }

    private JsonNode call(String method, String path, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                    .header("Accept", "application/json");
            if (body == null) request.method(method, HttpRequest.BodyPublishers.noBody());
            else request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
            if (response.statusCode() >= 400) {
                throw new IllegalArgumentException("sink console answered " + response.statusCode() + ": " + json.path("error").asText(response.body()));
            }
            return json;
        } catch (ConnectException e) {
            throw new UncheckedIOException("no sink console at " + baseUrl + " (is `herald up` running? --sinks-url / HERALD_SINKS_URL)", e);
        } catch (IOException e) {
            throw new UncheckedIOException("sink console at " + baseUrl + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
