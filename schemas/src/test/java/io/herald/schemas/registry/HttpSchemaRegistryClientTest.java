package io.herald.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.herald.contracts.NotificationRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP client against a scripted local registry: caching, retries, auth and error reporting. */
class HttpSchemaRegistryClientTest {
    private HttpServer server;
    private final ConcurrentLinkedQueue<String> requests = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> authHeaders = new ConcurrentLinkedQueue<>();
    private final AtomicInteger failuresBeforeSuccess = new AtomicInteger();
    private volatile int status = 200;
    private volatile String body = "{\"id\":7}";

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath());
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (auth != null) authHeaders.add(auth);
        exchange.getRequestBody().readAllBytes();
        boolean fail = failuresBeforeSuccess.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
        byte[] out = (fail ? "{\"error_code\":50001,\"message\":\"store unavailable\"}" : body).getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(fail ? 503 : status, out.length);
        exchange.getResponseBody().write(out);
        exchange.close();
    }

    private HttpSchemaRegistryClient client(String userInfo) {
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/apis/ccompat/v7";
        return new HttpSchemaRegistryClient(new RegistryConfig(java.net.URI.create(url), userInfo, 3, Duration.ofSeconds(5)));
    }

    @Test
    void registersOnceAndServesTheIdFromCacheAfterwards() {
        HttpSchemaRegistryClient client = client(null);

        int first = client.register("notify.request.v1-value", NotificationRequest.getClassSchema());
        int second = client.register("notify.request.v1-value", NotificationRequest.getClassSchema());

        assertThat(first).isEqualTo(7).isEqualTo(second);
        assertThat(requests).containsExactly("POST /apis/ccompat/v7/subjects/notify.request.v1-value/versions");
        // The schema of a just-registered id is known without asking again.
        assertThat(client.schemaById(7)).isEqualTo(NotificationRequest.getClassSchema());
        assertThat(requests).hasSize(1);
    }

    @Test
    void retriesServerErrorsAndThenSucceeds() {
        failuresBeforeSuccess.set(2);

        int id = client(null).register("s-value", NotificationRequest.getClassSchema());

        assertThat(id).isEqualTo(7);
        assertThat(requests).hasSize(3);
    }

    @Test
    void givesUpAfterTheBoundedNumberOfRetriesNamingSubjectAndErrorCode() {
        failuresBeforeSuccess.set(100);

        assertThatThrownBy(() -> client(null).register("s-value", NotificationRequest.getClassSchema()))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.subject()).isEqualTo("s-value");
                    assertThat(e.httpStatus()).isEqualTo(503);
                    assertThat(e.errorCode()).isEqualTo(50001);
                })
                .hasMessageContaining("store unavailable");
        assertThat(requests).hasSize(4);
    }

    @Test
    void doesNotRetryARefusalAndReportsItAsIncompatible() {
        status = 409;
        body = "{\"error_code\":409,\"message\":\"Incompatible artifact\"}";

        assertThatThrownBy(() -> client(null).register("s-value", NotificationRequest.getClassSchema()))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.isIncompatible()).isTrue())
                .hasMessageContaining("subject=s-value")
                .hasMessageContaining("error_code=409");
        assertThat(requests).hasSize(1);
    }

    @Test
    void reportsAnUnknownIdAsNotFound() {
        status = 404;
        body = "{\"error_code\":40403,\"message\":\"Schema not found\"}";

        assertThatThrownBy(() -> client(null).schemaById(99))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.isNotFound()).isTrue();
                    assertThat(e.subject()).isEqualTo("id:99");
                });
    }

    @Test
    void sendsBasicAuthWhenUserInfoIsConfigured() {
        client("herald:s3cret").register("s-value", NotificationRequest.getClassSchema());

        assertThat(authHeaders).containsExactly("Basic aGVyYWxkOnMzY3JldA==");
    }

    @Test
    void reportsAnUnreachableRegistryWithItsAddressAfterRetrying() {
        server.stop(0);

        assertThatThrownBy(() -> client(null).latest("s-value"))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.httpStatus()).isZero())
                .hasMessageContaining("cannot reach 127.0.0.1");
    }

    @Test
    void readsLatestVersionAndCompatibilityAnswers() {
        body = "{\"subject\":\"s-value\",\"id\":3,\"version\":2,\"schema\":" + quoted(NotificationRequest.getClassSchema().toString())
                + ",\"is_compatible\":true}";
        HttpSchemaRegistryClient client = client(null);

        SchemaVersion latest = client.latest("s-value");
        boolean compatible = client.isCompatible("s-value", NotificationRequest.getClassSchema());

        assertThat(latest.id()).isEqualTo(3);
        assertThat(latest.version()).isEqualTo(2);
        assertThat(latest.schema()).isEqualTo(NotificationRequest.getClassSchema());
        assertThat(compatible).isTrue();
        assertThat(List.copyOf(requests)).containsExactly("GET /apis/ccompat/v7/subjects/s-value/versions/latest",
                "POST /apis/ccompat/v7/compatibility/subjects/s-value/versions/latest");
    }

    @Test
    void readsItsConfigFromKafkaStyleProperties() {
        RegistryConfig config = RegistryConfig.from(Map.of(RegistryConfig.URL, "http://r:8081/apis/ccompat/v7/",
                RegistryConfig.USER_INFO, "u:p", RegistryConfig.MAX_RETRIES, "5"));

        assertThat(config.url().toString()).isEqualTo("http://r:8081/apis/ccompat/v7");
        assertThat(config.maxRetries()).isEqualTo(5);
        assertThat(config.toString()).doesNotContain("u:p");
        assertThatThrownBy(() -> RegistryConfig.from(Map.of())).hasMessageContaining(RegistryConfig.URL);
        assertThatThrownBy(() -> RegistryConfig.from(Map.of(RegistryConfig.URL, "http://r", RegistryConfig.MAX_RETRIES, "x")))
                .hasMessageContaining(RegistryConfig.MAX_RETRIES);
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
