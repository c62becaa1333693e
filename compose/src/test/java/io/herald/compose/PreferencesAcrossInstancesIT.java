package io.herald.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.devkit.junit.WithKafka;
import io.herald.devkit.junit.WithRegistry;
import io.herald.devkit.kafka.KafkaCluster;
import io.herald.devkit.registry.SchemaRegistryEndpoint;
import io.herald.ingest.IngestApp;
import io.herald.ingest.IngestConfig;
import io.herald.router.RouterApp;
import io.herald.router.RouterConfig;
import io.herald.runtime.auth.ApiKeys;
import io.herald.schemas.topics.TopicLayout;
import io.herald.schemas.topics.TopicProvisioner;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Preferences and erasure across real services on the embedded broker: two ingest instances (each with its own
 * preference cache) and the router, the single writer of the consent trail (issue 10, defects 3 and 7).
 */
@WithKafka
@WithRegistry
class PreferencesAcrossInstancesIT {
    private static final String KEY = "acme-secret-key";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static RouterApp router;
    private static IngestApp first;
    private static IngestApp second;

    @BeforeAll
    static void start(KafkaCluster kafka, SchemaRegistryEndpoint registry) throws IOException {
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            try (Admin admin = Admin.create(new HashMap<>(kafka.clientProperties()))) {
                new TopicProvisioner(admin).provision(TopicLayout.local(3).specs());
                return true;
            }
        });
        router = new RouterApp(RouterConfig.local(kafka.bootstrapServers(), registry.confluentApiUrl())
                .withInstance("prefs-it-" + UUID.randomUUID(), Files.createTempDirectory("prefs-it").toString(), 0)
                .withKafka(Map.of("commit.interval.ms", "100"))).start();
        Map<String, String> env = new HashMap<>();
        env.put("HERALD_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("HERALD_SCHEMA_REGISTRY_URL", registry.confluentApiUrl());
        env.put("HERALD_INGEST_HTTP_HOST", "127.0.0.1");
        env.put("HERALD_INGEST_HTTP_PORT", "0");
        env.put("HERALD_INGEST_API_KEYS", "acme:acme-main:" + ApiKeys.hashOf(KEY));
        env.put("HERALD_INGEST_ROUTER_URL", "http://127.0.0.1:" + router.httpPort());
        first = new IngestApp(IngestConfig.fromEnv(env)).start();
        second = new IngestApp(IngestConfig.fromEnv(env)).start();
        await().atMost(Duration.ofSeconds(60)).until(() -> router.isReady() && first.ready() && second.ready());
    }

    @AfterAll
    static void stop() {
        if (second != null) second.close();
        if (first != null) first.close();
        if (router != null) router.close();
    }

    @Test
    void consentEvidenceRecordedThroughTwoInstancesAtOnceIsAllKept() throws Exception {
        List<String> recipients = new ArrayList<>();
        for (int i = 0; i < 10; i++) recipients.add("u-" + UUID.randomUUID());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (String recipient : recipients) {
                // Each instance records its own evidence for the same person at the same moment; neither has seen
                // the other's change (before the fix, the second write dropped the first one's consent record).
                CountDownLatch go = new CountDownLatch(1);
                CompletableFuture<Integer> a = CompletableFuture.supplyAsync(() -> put(first, recipient, go,
                        "{\"optOuts\":[{\"channel\":\"sms\"}],\"consent\":{\"source\":\"sms-stop\",\"proof\":\"A-" + recipient + "\"}}"), pool);
                CompletableFuture<Integer> b = CompletableFuture.supplyAsync(() -> put(second, recipient, go,
                        "{\"optOuts\":[{\"channel\":\"email\"}],\"consent\":{\"source\":\"web-form\",\"proof\":\"B-" + recipient + "\"}}"), pool);
                go.countDown();
                assertThat(a.get()).isEqualTo(202);
                assertThat(b.get()).isEqualTo(202);
            }
        } finally {
            pool.shutdown();
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (String recipient : recipients) {
                for (IngestApp instance : List.of(first, second)) {
                    HttpResponse<String> get = send(instance, "GET", "/v1/recipients/" + recipient + "/preferences", null);
                    assertThat(get.statusCode()).as(recipient).isEqualTo(200);
                    List<String> proofs = StreamSupport.stream(JSON.readTree(get.body()).get("consents").spliterator(), false)
                            .map(c -> c.get("proof").asText()).toList();
                    assertThat(proofs).as("evidence of both instances for " + recipient)
                            .contains("A-" + recipient, "B-" + recipient);
                }
            }
        });
    }

    @Test
    void erasingARecipientDeletesItsPreferencesAndScrubsItsNotificationsFromTheLedger() throws Exception {
        String recipient = "u-" + UUID.randomUUID();
        assertThat(send(first, "PUT", "/v1/recipients/" + recipient + "/preferences",
                "{\"optOuts\":[{\"channel\":\"sms\"}],\"consent\":{\"source\":\"api\"}}").statusCode()).isEqualTo(202);
        HttpResponse<String> accepted = send(first, "POST", "/v1/notifications", """
                {"priority":"transactional","category":"receipt",
                 "recipient":{"id":"%s","email":"erase-me@example.com"},
                 "channels":["email"],"content":{"subject":"Receipt","text":"Thanks"}}""".formatted(recipient));
        assertThat(accepted.statusCode()).isEqualTo(202);
        String id = JSON.readTree(accepted.body()).get("id").asText();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(send(second, "GET", "/v1/recipients/" + recipient + "/preferences", null).statusCode()).isEqualTo(200);
            assertThat(send(first, "GET", "/v1/notifications/" + id, null).body()).contains("\"ROUTED\"");
        });

        assertThat(send(second, "DELETE", "/v1/recipients/" + recipient, null).statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(send(first, "GET", "/v1/recipients/" + recipient + "/preferences", null).statusCode()).isEqualTo(404);
            assertThat(send(second, "GET", "/v1/recipients/" + recipient + "/preferences", null).statusCode()).isEqualTo(404);
            JsonNode status = JSON.readTree(send(first, "GET", "/v1/notifications/" + id, null).body());
            List<String> timeline = StreamSupport.stream(status.get("timeline").spliterator(), false)
                    .map(t -> t.get("status").asText()).toList();
            assertThat(timeline).contains("ERASED");
        });
    }

    private static int put(IngestApp instance, String recipient, CountDownLatch go, String body) {
        try {
            go.await();
            return send(instance, "PUT", "/v1/recipients/" + recipient + "/preferences", body).statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static HttpResponse<String> send(IngestApp instance, String method, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(instance.url() + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + KEY);
        if (body != null) {
            b.header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString());
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
