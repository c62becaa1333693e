package io.herald.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.contracts.Channel;
import io.herald.contracts.NotificationRequest;
import io.herald.contracts.PreferenceEventType;
import io.herald.contracts.Priority;
import io.herald.devkit.junit.WithKafka;
import io.herald.devkit.junit.WithRegistry;
import io.herald.devkit.kafka.KafkaCluster;
import io.herald.devkit.registry.SchemaRegistryEndpoint;
import io.herald.ingest.intake.KafkaNotificationSink;
import io.herald.ingest.support.Bodies;
import io.herald.ingest.support.Harness;
import io.herald.ingest.support.Http;
import io.herald.ingest.support.InProcessApi;
import io.herald.schemas.NotificationIds;
import io.javalin.Javalin;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The running service over real HTTP, on the shared embedded broker and the real Apicurio registry. */
@WithKafka
@WithRegistry
class IngestServiceIT {
    static final String ACME = InProcessApi.ACME_KEY;
    static final String GLOBEX = InProcessApi.GLOBEX_KEY;
    static Harness harness;
    static IngestApp app;
    static Http http;
    static Javalin router;
    static volatile String knownId = "00000000-0000-0000-0000-000000000000";

    @BeforeAll
    static void start(KafkaCluster kafka, SchemaRegistryEndpoint registry) {
        // Stand-in for the router's status API (the router is another module): knows one id, of tenant acme.
        router = Javalin.create(c -> c.routes.get("/v1/notifications/{id}", ctx -> {
            if (!ctx.pathParam("id").equals(knownId)) {
                ctx.status(404).contentType("application/problem+json").result("{\"status\":404}");
                return;
            }
            ctx.contentType("application/json").result("{\"notificationId\":\"" + knownId + "\",\"tenantId\":\"acme\","
                    + "\"state\":\"ROUTED\",\"terminal\":false,\"channel\":\"EMAIL\",\"provider\":\"smtp-primary\","
                    + "\"updatedAt\":\"2026-11-23T10:00:00Z\",\"timeline\":[]}");
        })).start("127.0.0.1", 0);
        harness = new Harness(kafka, registry)
                .with("HERALD_INGEST_ROUTER_URL", "http://127.0.0.1:" + router.port())
                .with("HERALD_INGEST_DAILY_QUOTA", "webhook=1")
                .with("HERALD_INGEST_RATE_PER_SECOND", "100000")
                .with("HERALD_INGEST_RATE_BURST", "100000");
        app = harness.start();
        http = new Http(app.url());
    }

    @AfterAll
    static void stop() {
        if (app != null) app.close();
        if (router != null) router.stop();
    }

    static String key() {
        return UUID.randomUUID().toString();
    }

    /** The request records of tenant acme's {@code idempotencyKey}: keyed by the notification id (the contract). */
    static List<ConsumerRecord<String, NotificationRequest>> recordsOf(String idempotencyKey) {
        String id = NotificationIds.of("acme", idempotencyKey);
        return harness.requests().stream().filter(r -> r.key().equals(id)).toList();
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Test
    void a202MeansTheRequestIsOnTheTopicWithItsIdKeyAndFingerprint() {
        String k = key();

        Http.Answer answer = http.post("/v1/notifications", ACME, k, Bodies.otp());

        assertThat(answer.status()).isEqualTo(202);
        String id = answer.json().get("id").asText();
        assertThat(id).as("the deterministic id of tenant and key").isEqualTo(NotificationIds.of("acme", k));
        List<ConsumerRecord<String, NotificationRequest>> records = recordsOf(k);
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.key()).as("the request topic is keyed by the notification id").isEqualTo(id);
            NotificationRequest request = r.value();
            assertThat(request.getNotificationId()).isEqualTo(id);
            assertThat(request.getTenantId()).isEqualTo("acme");
            assertThat(request.getIdempotencyKey()).isEqualTo(k);
            assertThat(request.getPriority()).isEqualTo(Priority.CRITICAL);
            assertThat(request.getChannels()).containsExactly(Channel.EMAIL, Channel.SMS);
            assertThat(request.getRecipient().getPhone()).isEqualTo("+14155550100");
            assertThat(request.getExpiresAt()).isAfter(request.getCreatedAt());
            assertThat(header(r, KafkaNotificationSink.ID_HEADER)).isEqualTo(id);
            assertThat(header(r, KafkaNotificationSink.FINGERPRINT_HEADER)).hasSize(64);
        });
    }

    @Test
    void aCriticalRequestGoesToTheCriticalRequestTopicAndTheOthersToTheRequestTopicOnTheSamePartitionNumber() {
        String code = key();
        String receipt = key();
        assertThat(http.post("/v1/notifications", ACME, code, Bodies.otp()).status()).isEqualTo(202);
        assertThat(http.post("/v1/notifications", ACME, receipt, Bodies.receipt()).status()).isEqualTo(202);
        String codeId = NotificationIds.of("acme", code);

        assertThat(harness.criticalRequests()).filteredOn(r -> r.key().equals(codeId)).singleElement()
                .satisfies(r -> assertThat(r.partition()).as("the request topic's partition for this key")
                        .isEqualTo(org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(
                                codeId.getBytes(java.nio.charset.StandardCharsets.UTF_8))) % 3));
        String receiptId = NotificationIds.of("acme", receipt);
        assertThat(harness.readAll(harness.requestTopic, harness.topics().request().valueSerde().deserializer()))
                .noneMatch(r -> r.key().equals(codeId))
                .filteredOn(r -> r.key().equals(receiptId)).singleElement()
                .satisfies(r -> assertThat(r.value().getPriority()).isEqualTo(Priority.TRANSACTIONAL));
        assertThat(harness.criticalRequests()).noneMatch(r -> r.key().equals(receiptId));
    }

    @Test
    void hundredParallelPostsWithOneKeyPutExactlyOneRecordOnTheTopic() throws Exception {
        String k = key();
        String body = Bodies.otp("parallel");
        ExecutorService pool = Executors.newFixedThreadPool(32);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Http.Answer>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                Callable<Http.Answer> post = () -> {
                    go.await();
                    return http.post("/v1/notifications", ACME, k, body);
                };
                answers.add(pool.submit(post));
            }
            go.countDown();
            List<Http.Answer> done = new ArrayList<>();
            for (Future<Http.Answer> f : answers) done.add(f.get(60, TimeUnit.SECONDS));

            assertThat(done).extracting(Http.Answer::status).containsOnly(200, 202);
            assertThat(done).filteredOn(a -> a.status() == 202).hasSize(1);
            assertThat(done).extracting(a -> a.json().get("id").asText()).containsOnly(done.get(0).json().get("id").asText());
            assertThat(recordsOf(k)).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void replayAndConflictAnswersDoNotWriteAgain() {
        String k = key();
        Http.Answer first = http.post("/v1/notifications", ACME, k, Bodies.otp("one"));

        Http.Answer replay = http.post("/v1/notifications", ACME, k, Bodies.otp("one"));
        Http.Answer conflict = http.post("/v1/notifications", ACME, k, Bodies.otp("two"));

        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.json().get("id")).isEqualTo(first.json().get("id"));
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(recordsOf(k)).hasSize(1);
    }

    @Test
    void aRetryOnAFreshInstanceGetsTheSameIdWithoutReadingAnything() {
        String k = key();
        Http.Answer first = http.post("/v1/notifications", ACME, k, Bodies.otp("before restart"));

        // A fresh instance (a restart, or a new one behind the load balancer) knows nothing of the first post.
        try (IngestApp fresh = harness.start()) {
            Http.Answer retry = new Http(fresh.url()).post("/v1/notifications", ACME, k, Bodies.otp("before restart"));

            assertThat(retry.status()).as("written again under the same key; the router's dedup drops it").isEqualTo(202);
            assertThat(retry.json().get("id")).isEqualTo(first.json().get("id"));
            assertThat(retry.header("Location")).isEqualTo("/v1/notifications/" + first.json().get("id").asText());
        }
        List<ConsumerRecord<String, NotificationRequest>> records = recordsOf(k);
        assertThat(records).hasSize(2);
        assertThat(records).extracting(r -> r.value().getNotificationId()).containsOnly(first.json().get("id").asText());
        assertThat(records).extracting(r -> header(r, KafkaNotificationSink.FINGERPRINT_HEADER)).as("same body").hasSize(2)
                .containsOnly(header(records.get(0), KafkaNotificationSink.FINGERPRINT_HEADER));
    }

    @Test
    void twoInstancesGiveOneKeyOneIdAndOnlyTheInstanceThatAcceptedItAnswers409ForAnotherBody() {
        try (IngestApp second = harness.start()) {
            Http other = new Http(second.url());
            String retried = key();
            String reused = key();
            Http.Answer first = http.post("/v1/notifications", ACME, retried, Bodies.otp("two instances"));
            Http.Answer firstOfReused = http.post("/v1/notifications", ACME, reused, Bodies.otp("first body"));
            assertThat(first.status()).isEqualTo(202);
            assertThat(firstOfReused.status()).isEqualTo(202);
            String id = first.json().get("id").asText();
            String reusedId = firstOfReused.json().get("id").asText();

            Http.Answer sameInstanceRetry = http.post("/v1/notifications", ACME, retried, Bodies.otp("two instances"));
            Http.Answer sameInstanceConflict = http.post("/v1/notifications", ACME, retried, Bodies.otp("changed"));
            Http.Answer otherInstanceRetry = other.post("/v1/notifications", ACME, retried, Bodies.otp("two instances"));
            Http.Answer otherInstanceConflict = other.post("/v1/notifications", ACME, reused, Bodies.otp("second body"));

            assertThat(sameInstanceRetry.status()).isEqualTo(200);
            assertThat(sameInstanceRetry.json().get("id").asText()).isEqualTo(id);
            assertThat(sameInstanceConflict.status()).isEqualTo(409);
            assertThat(otherInstanceRetry.status()).as("no lookup: the same id, written again").isEqualTo(202);
            assertThat(otherInstanceRetry.json().get("id").asText()).isEqualTo(id);
            // Another body on another instance is accepted under the same id; the router's dedup reports the
            // conflict asynchronously (DUPLICATE, rule idempotency-key-conflict) from the differing fingerprint.
            assertThat(otherInstanceConflict.status()).isEqualTo(202);
            assertThat(otherInstanceConflict.json().get("id").asText()).isEqualTo(reusedId);
            assertThat(other.post("/v1/notifications", ACME, reused, Bodies.otp("first body")).status())
                    .as("from then on the second instance answers from its own ledger").isEqualTo(409);

            List<ConsumerRecord<String, NotificationRequest>> retries = recordsOf(retried);
            assertThat(retries).as("the first write and the other instance's retry").hasSize(2);
            assertThat(retries).extracting(r -> r.value().getNotificationId()).containsOnly(id);
            assertThat(retries).extracting(r -> header(r, KafkaNotificationSink.FINGERPRINT_HEADER)).as("same body")
                    .containsOnly(header(retries.get(0), KafkaNotificationSink.FINGERPRINT_HEADER));
            List<ConsumerRecord<String, NotificationRequest>> reuses = recordsOf(reused);
            assertThat(reuses).hasSize(2);
            assertThat(reuses).extracting(r -> r.value().getNotificationId()).containsOnly(reusedId);
            assertThat(reuses).extracting(ConsumerRecord::partition).as("one key, one partition, in order")
                    .containsOnly(reuses.get(0).partition());
            assertThat(reuses).extracting(r -> header(r, KafkaNotificationSink.FINGERPRINT_HEADER))
                    .as("each body its own fingerprint: what the router's dedup compares").doesNotHaveDuplicates();
        }
    }

    @Test
    void aDailyQuotaIsCountedByEachInstanceOnItsOwn() {
        // Globex may send one webhook notification a day per instance; its own tenant, so no other test shares the count.
        String webhook = Bodies.otp().replace("\"webhookUrl\":null", "\"webhookUrl\":\"https://hooks.example.com/q\"")
                .replace("[\"email\",\"sms\"]", "[\"webhook\"]");
        try (IngestApp second = harness.start()) {
            Http other = new Http(second.url());
            Http.Answer first = other.post("/v1/notifications", GLOBEX, key(), webhook.replace("123456", "424242"));
            Http.Answer again = other.post("/v1/notifications", GLOBEX, key(), webhook.replace("123456", "434343"));

            assertThat(first.status()).isEqualTo(202);
            assertThat(again.status()).isEqualTo(429);
            assertThat(again.header("Retry-After")).isNotNull();
        }
    }

    @Test
    void everyErrorStatusIsAProblemDocumentFromTheRunningService() {
        HttpRequest latin1 = http.request("/v1/notifications").header("Authorization", "Bearer " + ACME)
                .header("Idempotency-Key", key()).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(Bodies.otp())).build();
        HttpRequest wrongTenant = http.request("/v1/notifications").header("Authorization", "Bearer " + GLOBEX)
                .header("X-Tenant-Id", "acme").header("Idempotency-Key", key()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Bodies.otp())).build();
        String webhook = Bodies.otp().replace("\"webhookUrl\":null", "\"webhookUrl\":\"https://hooks.example.com/x\"")
                .replace("[\"email\",\"sms\"]", "[\"webhook\"]");
        http.post("/v1/notifications", GLOBEX, key(), webhook);

        assertThat(http.post("/v1/notifications", ACME, key(), "{not json").status()).isEqualTo(400);
        assertThat(http.post("/v1/notifications", ACME, null, Bodies.otp()).status()).isEqualTo(400);
        assertThat(http.post("/v1/notifications", "nope", key(), Bodies.otp()).status()).isEqualTo(401);
        assertThat(http.send(wrongTenant).status()).isEqualTo(403);
        assertThat(http.get("/v1/notifications/" + UUID.randomUUID(), ACME).status()).isEqualTo(404);
        assertThat(http.post("/v1/notifications", ACME, key(), "{\"p\":\"" + "x".repeat(70_000) + "\"}").status()).isEqualTo(413);
        assertThat(http.send(latin1).status()).isEqualTo(415);
        assertThat(http.post("/v1/notifications", ACME, key(), Bodies.otp().replace("+14155550100", "12")).status()).isEqualTo(422);
        Http.Answer quota = http.post("/v1/notifications", GLOBEX, key(), webhook.replace("123456", "999999"));
        assertThat(quota.status()).isEqualTo(429);
        assertThat(quota.header("Retry-After")).isNotNull();
        assertThat(quota.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void theTenantRateLimitAnswers429WithRetryAfter() {
        try (IngestApp limited = harness.with("HERALD_INGEST_RATE_PER_SECOND", "0.01").with("HERALD_INGEST_RATE_BURST", "2")
                .start()) {
            Http client = new Http(limited.url());
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 3; i++) statuses.add(client.post("/v1/notifications", ACME, key(), Bodies.otp()).status());
            Http.Answer limitedAnswer = client.post("/v1/notifications", ACME, key(), Bodies.otp());

            assertThat(statuses).containsExactly(202, 202, 429);
            assertThat(limitedAnswer.status()).isEqualTo(429);
            assertThat(Long.parseLong(limitedAnswer.header("Retry-After"))).isPositive();
        } finally {
            harness.with("HERALD_INGEST_RATE_PER_SECOND", "100000").with("HERALD_INGEST_RATE_BURST", "100000");
        }
    }

    @Test
    void batchWritesEachValidItemAndReportsEachInvalidOne() {
        String good = key();
        String batch = "{\"items\":[{\"idempotencyKey\":\"" + good + "\",\"notification\":" + Bodies.otp("batch") + "},"
                + "{\"idempotencyKey\":\"" + key() + "\",\"notification\":{\"priority\":\"bulk\"}}]}";

        Http.Answer answer = http.post("/v1/notifications:batch", ACME, null, batch);

        assertThat(answer.status()).isEqualTo(200);
        JsonNode results = answer.json().get("results");
        assertThat(results.get(0).get("status").asInt()).isEqualTo(202);
        assertThat(results.get(1).get("status").asInt()).isEqualTo(422);
        assertThat(recordsOf(good)).singleElement()
                .satisfies(r -> assertThat(r.value().getNotificationId()).isEqualTo(results.get(0).get("id").asText()));
    }

    @Test
    void statusIsTheRoutersTimelineForTheOwningTenantOnly() {
        knownId = http.post("/v1/notifications", ACME, key(), Bodies.otp()).json().get("id").asText();

        Http.Answer mine = http.get("/v1/notifications/" + knownId, ACME);
        Http.Answer theirs = http.get("/v1/notifications/" + knownId, GLOBEX);

        assertThat(mine.status()).isEqualTo(200);
        assertThat(mine.json().get("notificationId").asText()).isEqualTo(knownId);
        assertThat(theirs.status()).isEqualTo(404);
    }

    @Test
    void preferenceChangesAreAppendedWithTheirConsentEvidenceAndTheMergedVersionIsServedAfterARestart() {
        String recipient = "u-" + UUID.randomUUID();
        String optOut = "{\"optOuts\":[{\"channel\":\"sms\"}],\"consent\":{\"source\":\"sms-stop\",\"proof\":\"SM123\"}}";
        String optIn = "{\"optOuts\":[],\"timezone\":\"Europe/Paris\",\"consent\":{\"source\":\"web-form\"}}";

        assertThat(http.put("/v1/recipients/" + recipient + "/preferences", ACME, optOut).status()).isEqualTo(202);
        assertThat(http.put("/v1/recipients/" + recipient + "/preferences", ACME, optIn).status()).isEqualTo(202);
        assertThat(http.delete("/v1/recipients/" + recipient, ACME).status()).isEqualTo(202);

        var written = harness.preferenceEvents().stream().filter(r -> r.key().equals("acme/" + recipient)).toList();
        assertThat(written).extracting(r -> r.value().getType()).containsExactly(PreferenceEventType.SET,
                PreferenceEventType.SET, PreferenceEventType.ERASE);
        assertThat(written).extracting(r -> r.partition()).as("one partition per recipient: one writer merges them").containsOnly(
                written.get(0).partition());
        assertThat(written.get(0).value().getSource()).isEqualTo("sms-stop");
        assertThat(written.get(0).value().getEvidence()).isEqualTo("SM123");
        assertThat(written.get(1).value().getActor()).isEqualTo("acme-main");
        assertThat(harness.preferences()).as("only the router writes merged preferences").isEmpty();

        // What the router merged is what a (re)started instance serves.
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<>(new java.util.HashMap<>(harness.kafka.clientProperties()),
                new org.apache.kafka.common.serialization.StringSerializer(), harness.topics().preference().valueSerde().serializer())) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(harness.preferenceTopic, "acme/" + recipient,
                    io.herald.schemas.Samples.preference("acme", recipient, java.time.Instant.now()))).get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        try (IngestApp restarted = harness.start()) {
            Http.Answer get = new Http(restarted.url()).get("/v1/recipients/" + recipient + "/preferences", ACME);
            assertThat(get.status()).isEqualTo(200);
            assertThat(get.json().get("consents")).hasSize(1);
            assertThat(get.json().get("timezone").asText()).isEqualTo("Europe/Paris");
        }
    }

    @Test
    void isReadyWithKafkaAndExportsRequestAndProduceMetrics() {
        http.post("/v1/notifications", ACME, key(), Bodies.otp());

        await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/health/ready", null).status() == 200);
        String metrics = http.get("/metrics", null).text();
        assertThat(metrics).contains("herald_ingest_produce_latency_seconds_count{result=\"ok\"}");
        assertThat(metrics).contains("route=\"/v1/notifications\"");
        assertThat(metrics).doesNotContain(ACME);
    }
}
