package io.herald.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.Channel;
import io.herald.ingest.support.Bodies;
import io.herald.ingest.support.Http;
import io.herald.ingest.support.InProcessApi;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every status code of the API over real HTTP, with the Kafka write replaced by memory (see the ITs for Kafka). */
class ApiRoutesTest {
    static final String ACME = InProcessApi.ACME_KEY;
    static final String GLOBEX = InProcessApi.GLOBEX_KEY;
    static final String KNOWN_ID = "0b9c2f4e-8a51-4c3e-9d7a-2f1e6b5c4d3a";
    static Javalin router;
    static InProcessApi api;
    static Http http;

    @BeforeAll
    static void start() {
        // A stand-in for the router's status API, serving the timeline shape from the shared conventions.
        router = Javalin.create(c -> c.routes.get("/v1/notifications/{id}", ctx -> {
            if (!ctx.pathParam("id").equals(KNOWN_ID)) {
                ctx.status(404).contentType("application/problem+json").result("{\"status\":404}");
                return;
            }
            ctx.contentType("application/json").result("""
                    {"notificationId":"%s","tenantId":"acme","state":"SENT","terminal":true,"channel":"EMAIL",
                     "provider":"smtp-primary","updatedAt":"2026-11-23T10:00:00Z","timeline":[{"at":"2026-11-23T10:00:00Z",
                     "stage":"ROUTER","status":"ROUTED","channel":"EMAIL","provider":"smtp-primary","providerCode":null,"detail":"first choice"}]}"""
                    .formatted(KNOWN_ID));
        })).start("127.0.0.1", 0);
        api = new InProcessApi(1_000_000, 1_000_000, Map.of(Channel.WEBHOOK, 1L), 65_536,
                URI.create("http://127.0.0.1:" + router.port()));
        http = new Http(api.url());
    }

    @AfterAll
    static void stop() {
        api.close();
        router.stop();
    }

    static String key() {
        return UUID.randomUUID().toString();
    }

    @Test
    void acceptsAValidNotificationWith202AndItsId() {
        Http.Answer answer = http.post("/v1/notifications", ACME, key(), Bodies.otp());

        assertThat(answer.status()).isEqualTo(202);
        String id = answer.json().get("id").asText();
        assertThat(answer.json().get("status").asText()).isEqualTo("ACCEPTED");
        assertThat(answer.header("Location")).isEqualTo("/v1/notifications/" + id);
        assertThat(api.sink.written).anySatisfy(r -> assertThat(r.getNotificationId()).isEqualTo(id));
    }

    @Test
    void replaysTheSameKeyAndBodyWith200AndTheOriginalId() {
        String k = key();
        Http.Answer first = http.post("/v1/notifications", ACME, k, Bodies.otp("a"));
        Http.Answer second = http.post("/v1/notifications", ACME, k, Bodies.otp("a"));

        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().get("id")).isEqualTo(first.json().get("id"));
        assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
    }

    @Test
    void refusesTheSameKeyWithADifferentBodyWith409() {
        String k = key();
        http.post("/v1/notifications", ACME, k, Bodies.otp("a"));

        Http.Answer answer = http.post("/v1/notifications", ACME, k, Bodies.otp("b"));

        assertProblem(answer, 409, "idempotency-conflict");
    }

    @Test
    void requiresAnIdempotencyKey() {
        Http.Answer answer = http.post("/v1/notifications", ACME, null, Bodies.otp());

        assertProblem(answer, 400, "invalid-header");
        assertThat(answer.json().get("errors").get(0).get("header").asText()).isEqualTo("Idempotency-Key");
    }

    @Test
    void answers400ForMalformedJsonAndInvalidUtf8() {
        assertProblem(http.post("/v1/notifications", ACME, key(), "{\"priority\":"), 400, "malformed-request");
        assertProblem(http.post("/v1/notifications", ACME, key(), new byte[] {'{', '"', (byte) 0xff, '"', ':', '1', '}'}),
                400, "malformed-request");
    }

    @Test
    void answers401WithoutOrWithAnUnknownKey() {
        assertProblem(http.post("/v1/notifications", null, key(), Bodies.otp()), 401, "unauthorized");
        assertProblem(http.post("/v1/notifications", "not-a-key", key(), Bodies.otp()), 401, "unauthorized");
        assertProblem(http.get("/v1/recipients/u-1/preferences", null), 401, "unauthorized");
    }

    @Test
    void answers403WhenTheKeyBelongsToAnotherTenant() {
        HttpRequest request = http.request("/v1/notifications").header("Authorization", "Bearer " + GLOBEX)
                .header("X-Tenant-Id", "acme").header("Idempotency-Key", key()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Bodies.otp())).build();

        assertProblem(http.send(request), 403, "forbidden");
    }

    @Test
    void answers413ForABodyOverTheLimitBeforeParsingIt() {
        String huge = "{\"pad\":\"" + "x".repeat(70_000) + "\"}";

        assertProblem(http.post("/v1/notifications", ACME, key(), huge), 413, "payload-too-large");
    }

    @Test
    void acceptsAChunkedBodyWithoutAContentLengthAndStillLimitsIt() {
        // No declared length: the body is read up to the limit instead of exactly its declared size.
        HttpRequest small = chunkedPost(Bodies.otp().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        HttpRequest huge = chunkedPost(("{\"pad\":\"" + "x".repeat(70_000) + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThat(http.send(small).status()).isEqualTo(202);
        assertProblem(http.send(huge), 413, "payload-too-large");
    }

    private static HttpRequest chunkedPost(byte[] body) {
        return http.request("/v1/notifications").header("Authorization", "Bearer " + ACME)
                .header("Idempotency-Key", key()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))).build();
    }

    @Test
    void answers415ForAnotherContentTypeOrCharset() {
        HttpRequest text = http.request("/v1/notifications").header("Authorization", "Bearer " + ACME)
                .header("Idempotency-Key", key()).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(Bodies.otp())).build();
        HttpRequest latin1 = http.request("/v1/notifications").header("Authorization", "Bearer " + ACME)
                .header("Idempotency-Key", key()).header("Content-Type", "application/json; charset=ISO-8859-1")
                .POST(HttpRequest.BodyPublishers.ofString(Bodies.otp())).build();

        assertProblem(http.send(text), 415, "unsupported-media-type");
        assertProblem(http.send(latin1), 415, "unsupported-media-type");
    }

    @Test
    void answers422ListingEveryInvalidFieldWithAPointer() {
        String body = Bodies.otp().replace("\"critical\"", "\"urgent\"").replace("+14155550100", "555-0100")
                .replace("\"Your code\"", "\"Hi\\r\\nBcc: x@example.com\"").replace("{\"priority\"", "{\"admin\":true,\"priority\"");

        Http.Answer answer = http.post("/v1/notifications", ACME, key(), body);

        assertProblem(answer, 422, "validation");
        assertThat(answer.json().get("errors").findValuesAsText("pointer"))
                .containsExactlyInAnyOrder("/admin", "/priority", "/recipient/phone", "/content/subject");
    }

    @Test
    void answers429WithRetryAfterWhenTheDailyChannelQuotaIsUsedUp() {
        String webhook = Bodies.otp().replace("\"webhookUrl\":null", "\"webhookUrl\":\"https://hooks.example.com/x\"")
                .replace("[\"email\",\"sms\"]", "[\"webhook\"]");
        assertThat(http.post("/v1/notifications", GLOBEX, key(), webhook).status()).isEqualTo(202);

        Http.Answer answer = http.post("/v1/notifications", GLOBEX, key(), webhook.replace("123456", "654321"));

        assertProblem(answer, 429, "quota-exceeded");
        assertThat(Long.parseLong(answer.header("Retry-After"))).isPositive();
    }

    @Test
    void answers429WithRetryAfterWhenTheTenantRateIsExceeded() {
        try (InProcessApi slow = new InProcessApi(0.01, 1, Map.of(), 65_536, URI.create("http://127.0.0.1:9"))) {
            Http client = new Http(slow.url());
            assertThat(client.post("/v1/notifications", ACME, key(), Bodies.otp()).status()).isEqualTo(202);

            Http.Answer answer = client.post("/v1/notifications", ACME, key(), Bodies.otp());

            assertProblem(answer, 429, "rate-limited");
            assertThat(Long.parseLong(answer.header("Retry-After"))).isBetween(1L, 100L);
            assertThat(client.post("/v1/notifications", GLOBEX, key(), Bodies.otp()).status()).isEqualTo(202);
        }
    }

    @Test
    void batchAnswersPerItemAndEnforcesTheMaximumCount() {
        String k = key();
        String batch = "{\"items\":[{\"idempotencyKey\":\"" + k + "\",\"notification\":" + Bodies.otp("a") + "},"
                + "{\"idempotencyKey\":\"" + key() + "\",\"notification\":" + Bodies.otp("b").replace("\"critical\"", "\"loud\"") + "},"
                + "{\"idempotencyKey\":\"" + k + "\",\"notification\":" + Bodies.otp("c") + "}]}";

        Http.Answer answer = http.post("/v1/notifications:batch", ACME, null, batch);

        assertThat(answer.status()).isEqualTo(200);
        var results = answer.json().get("results");
        assertThat(results.get(0).get("status").asInt()).isEqualTo(202);
        assertThat(results.get(1).get("status").asInt()).isEqualTo(422);
        assertThat(results.get(1).get("problem").get("errors").get(0).get("pointer").asText())
                .isEqualTo("/items/1/notification/priority");
        assertThat(results.get(2).get("status").asInt()).isEqualTo(409);

        StringBuilder tooMany = new StringBuilder("{\"items\":[");
        for (int i = 0; i < 6; i++) tooMany.append(i == 0 ? "" : ",").append("{\"idempotencyKey\":\"").append(key())
                .append("\",\"notification\":").append(Bodies.otp()).append("}");
        assertProblem(http.post("/v1/notifications:batch", ACME, null, tooMany + "]}"), 422, "validation");
    }

    @Test
    void statusIsProxiedFromTheRouterAndScopedToTheTenant() {
        Http.Answer mine = http.get("/v1/notifications/" + KNOWN_ID, ACME);

        assertThat(mine.status()).isEqualTo(200);
        assertThat(mine.json().get("state").asText()).isEqualTo("SENT");
        assertThat(mine.json().get("timeline").get(0).get("status").asText()).isEqualTo("ROUTED");
        assertProblem(http.get("/v1/notifications/" + KNOWN_ID, GLOBEX), 404, "not-found");
        assertProblem(http.get("/v1/notifications/" + UUID.randomUUID(), ACME), 404, "not-found");
        assertProblem(http.get("/v1/notifications/not-a-uuid", ACME), 404, "not-found");
    }

    @Test
    void statusAnswers503WhenTheRouterIsUnreachable() {
        try (InProcessApi noRouter = InProcessApi.lenient()) {
            Http.Answer answer = new Http(noRouter.url()).get("/v1/notifications/" + KNOWN_ID, ACME);

            assertProblem(answer, 503, "unavailable");
            assertThat(answer.header("Retry-After")).isNotNull();
        }
    }

    @Test
    void aPreferencesChangeIsAppendedWithItsConsentEvidenceForTheRouterToMerge() {
        String body = "{\"optOuts\":[{\"channel\":\"sms\",\"category\":\"newsletter\"}],\"quietHours\":{\"start\":\"22:00\","
                + "\"end\":\"07:00\"},\"timezone\":\"Europe/Paris\",\"consent\":{\"source\":\"web-form\",\"proof\":\"form-7\"}}";

        Http.Answer put = http.put("/v1/recipients/u-pref/preferences", ACME, body);

        assertThat(put.status()).isEqualTo(202);
        assertThat(put.header("Location")).isEqualTo("/v1/recipients/u-pref/preferences");
        assertThat(put.json().get("status").asText()).isEqualTo("ACCEPTED");
        assertThat(put.json().get("optOuts").get(0).get("channel").asText()).isEqualTo("SMS");
        assertThat(put.json().get("consent").get("proof").asText()).isEqualTo("form-7");
        assertThat(eventsFor("acme/u-pref")).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("acme/u-pref");
            assertThat(r.value().getType()).isEqualTo(io.herald.contracts.PreferenceEventType.SET);
            assertThat(r.value().getEventId()).isEqualTo(put.json().get("eventId").asText());
            assertThat(r.value().getOptOuts()).singleElement().satisfies(o -> assertThat(o.getCategory()).isEqualTo("newsletter"));
            assertThat(r.value().getQuietHours().getStartMinute()).isEqualTo(22 * 60);
            assertThat(r.value().getSource()).isEqualTo("web-form");
            assertThat(r.value().getActor()).isEqualTo("acme-main");
            assertThat(r.value().getEvidence()).isEqualTo("form-7");
        });
        // Nothing is merged without the router: GET answers from the merged topic only, scoped to the tenant.
        assertProblem(http.get("/v1/recipients/u-pref/preferences", GLOBEX), 404, "not-found");
        assertProblem(http.put("/v1/recipients/u-pref/preferences", ACME, "{\"optOuts\":[]}"), 422, "validation");
        assertThat(eventsFor("acme/u-pref")).hasSize(1);
    }

    private static java.util.List<org.apache.kafka.clients.producer.ProducerRecord<String, io.herald.contracts.PreferenceEvent>> eventsFor(
            String key) {
        return api.preferenceEvents.history().stream().filter(r -> r.key().equals(key)).toList();
    }

    @Test
    void anErasureIsAppendedForTheCallersTenantOnly() {
        Http.Answer erased = http.delete("/v1/recipients/u-gone", ACME);

        assertThat(erased.status()).isEqualTo(202);
        assertThat(erased.json().get("status").asText()).isEqualTo("ACCEPTED");
        assertThat(eventsFor("acme/u-gone")).singleElement().satisfies(r -> {
            assertThat(r.value().getType()).isEqualTo(io.herald.contracts.PreferenceEventType.ERASE);
            assertThat(r.value().getTenantId()).isEqualTo("acme");
            assertThat(r.value().getActor()).isEqualTo("acme-main");
        });
        assertProblem(http.delete("/v1/recipients/u-gone", null), 401, "unauthorized");
        assertThat(eventsFor("acme/u-gone")).hasSize(1);
    }

    @Test
    void servesHealthAndMetricsWithoutCredentials() {
        http.post("/v1/notifications", ACME, key(), Bodies.otp());

        assertThat(http.get("/health/live", null).status()).isEqualTo(200);
        assertThat(http.get("/health/ready", null).status()).isEqualTo(200);
        String metrics = http.get("/metrics", null).text();
        assertThat(metrics).contains("herald_ingest_http_requests_seconds_count{method=\"POST\",route=\"/v1/notifications\"");
        assertThat(metrics).contains("herald_ingest_notifications_total{outcome=\"accepted\"}");
    }

    @Test
    void liveAndReadyAreToldApart() {
        try {
            api.live.set(false);

            Http.Answer live = http.get("/health/live", null);
            assertThat(live.status()).isEqualTo(503);
            assertThat(live.text()).contains("\"status\":\"DOWN\"");
            assertThat(http.get("/health/ready", null).status()).as("readiness is its own check").isEqualTo(200);
        } finally {
            api.live.set(true);
        }
        assertThat(http.get("/health/live", null).text()).contains("\"status\":\"UP\"");
    }

    @Test
    void servesAnAnswerLargerThanTheCopyBufferWhole() throws java.io.IOException {
        byte[] document;
        try (java.io.InputStream in = IngestRoutes.class.getResourceAsStream("/openapi.json")) {
            document = in.readAllBytes();
        }

        assertThat(document.length).isGreaterThan(4 * IngestRoutes.RESPONSE_COPY_BUFFER);
        assertThat(http.get("/openapi.json", null).raw().body()).isEqualTo(document);
    }

    @Test
    void unknownRoutesAndMethodsAreClientErrorsNotServerErrors() {
        assertProblem(http.get("/nope", ACME), 404, "not-found");
        assertThat(http.post("/v1/notifications/" + KNOWN_ID, ACME, key(), Bodies.otp()).status()).isBetween(404, 405);
        assertThat(http.send(http.request("/v1/notifications").DELETE().build()).status()).isBetween(404, 405);
    }

    @Test
    void accessLogIsStructuredAndFreeOfKeysAndPersonalData() {
        ch.qos.logback.classic.Logger access = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger("io.herald.ingest.access");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> captured =
                new ch.qos.logback.core.read.ListAppender<>();
        captured.start();
        access.addAppender(captured);
        try {
            http.post("/v1/notifications", ACME, key(), Bodies.otp("secret code 424242"));
            http.get("/v1/recipients/u-private-42/preferences", ACME);

            org.awaitility.Awaitility.await().until(() -> captured.list.size() >= 2);
            List<String> lines = captured.list.stream().map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                    .toList();
            assertThat(lines).anySatisfy(l -> assertThat(l)
                    .contains("\"method\":\"POST\"", "\"route\":\"/v1/notifications\"", "\"status\":202", "\"tenant\":\"acme\""));
            assertThat(lines).anySatisfy(l -> assertThat(l).contains("\"route\":\"/v1/recipients/{id}/preferences\""));
            assertThat(String.join("\n", lines)).doesNotContain(ACME, "a@example.com", "+14155550100", "424242", "u-private-42");
            for (String line : lines) assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(line).isObject()).isTrue();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError("access log line is not JSON", e);
        } finally {
            access.detachAppender(captured);
        }
    }

    static void assertProblem(Http.Answer answer, int status, String type) {
        assertThat(answer.status()).as(answer.text()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.json().get("type").asText()).endsWith("/" + type);
        assertThat(answer.json().get("status").asInt()).isEqualTo(status);
    }
}
