package io.herald.router.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.router.topology.LedgerEntry;
import io.herald.router.topology.TimelineEntry;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RouterHttpTest {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicBoolean live = new AtomicBoolean(true);
    private final AtomicBoolean ready = new AtomicBoolean(false);
    private final HttpClient client = HttpClient.newHttpClient();
    private final LedgerEntry sent = new LedgerEntry("n-1", "acme", "SENT", true, "EMAIL", "smtp-primary",
            1_795_428_000_000L, List.of(new TimelineEntry(1_795_428_000_000L, "ROUTER", "ROUTED", "EMAIL", "smtp-primary",
            null, null)), Set.of(), null, null, null, 0, null, null, null);
    private final Javalin app = Javalin.create(cfg -> RouterHttp.routes(cfg, (id, forwarded) -> switch (id) {
        case "n-1" -> new NotificationStatus.Result.Found(StatusJson.of(sent));
        case "moving" -> new NotificationStatus.Result.Unavailable("ledger store migrating");
        default -> new NotificationStatus.Result.NotFound();
    }, live::get, ready::get, registry)).start(0);

    @AfterEach
    void stop() {
        app.stop();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesTheStatusTimelineOfAKnownNotification() throws Exception {
        HttpResponse<String> response = get("/v1/notifications/n-1");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"notificationId\":\"n-1\",\"tenantId\":\"acme\",\"state\":\"SENT\","
                + "\"terminal\":true,\"channel\":\"EMAIL\",\"provider\":\"smtp-primary\",\"updatedAt\":\"2026-11-23T10:00:00Z\","
                + "\"timeline\":[{\"at\":\"2026-11-23T10:00:00Z\",\"stage\":\"ROUTER\",\"status\":\"ROUTED\",\"channel\":\"EMAIL\","
                + "\"provider\":\"smtp-primary\",\"providerCode\":null,\"detail\":null}]}");
    }

    @Test
    void answersAnUnknownOrPurgedNotificationWithAProblem404ThatNamesTheRetention() throws Exception {
        HttpResponse<String> response = get("/v1/notifications/nope");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"status\":404").contains("router.ledger.retention");
    }

    @Test
    void asksToRetryWhileTheLedgerMigrates() throws Exception {
        HttpResponse<String> response = get("/v1/notifications/moving");
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).contains("1");
    }

    @Test
    void isLiveUntilItFailsForGoodAndReadyOnlyWhenStreamsRuns() throws Exception {
        assertThat(get("/health/live").statusCode()).isEqualTo(200);
        assertThat(get("/health/ready").statusCode()).isEqualTo(503);
        ready.set(true);
        assertThat(get("/health/ready").statusCode()).isEqualTo(200);
        live.set(false);
        HttpResponse<String> dead = get("/health/live");
        assertThat(dead.statusCode()).isEqualTo(503);
        assertThat(dead.body()).isEqualTo("{\"status\":\"DOWN\"}");
    }

    @Test
    void exposesPrometheusMetrics() throws Exception {
        registry.counter("herald.router.dedup.hits").increment();
        HttpResponse<String> response = get("/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("herald_router_dedup_hits_total 1.0");
    }
}
