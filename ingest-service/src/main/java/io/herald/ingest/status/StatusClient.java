package io.herald.ingest.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.ingest.problem.Problems;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Fetches a notification's status timeline from the router's status endpoint
 * ({@code GET <base>/v1/notifications/{id}}) and scopes it to the caller's tenant: a timeline
 * belonging to another tenant is reported as absent, exactly like an unknown id, so ids cannot be
 * probed across tenants.
 */
public final class StatusClient {
    private final HttpClient http;
    private final URI base;
    private final Duration timeout;
    private final ObjectMapper mapper;

    public StatusClient(URI base, Duration timeout, ObjectMapper mapper) {
        this.base = base;
        this.timeout = timeout;
        this.mapper = mapper;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** The timeline JSON if the router knows {@code notificationId} and it belongs to {@code tenantId}. */
    public Optional<JsonNode> status(String tenantId, String notificationId) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/+$", "") + "/v1/notifications/" + notificationId))
                .timeout(timeout).header("Accept", "application/json").GET().build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw Problems.unavailable("the status service is unreachable", 5).toException();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Problems.unavailable("interrupted", 5).toException();
        }
        if (response.statusCode() == 404) return Optional.empty();
        if (response.statusCode() != 200) {
            throw Problems.unavailable("the status service answered " + response.statusCode(), 5).toException();
        }
        try {
            JsonNode timeline = mapper.readTree(response.body());
            JsonNode owner = timeline.get("tenantId");
            if (owner == null || !owner.isTextual() || !owner.textValue().equals(tenantId)) return Optional.empty();
            return Optional.of(timeline);
        } catch (IOException e) {
            throw Problems.unavailable("the status service answered unreadable JSON", 5).toException();
        }
    }
}
