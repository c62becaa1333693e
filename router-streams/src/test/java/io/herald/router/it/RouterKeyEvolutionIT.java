package io.herald.router.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.contracts.NotificationRequest;
import io.herald.devkit.junit.WithKafka;
import io.herald.devkit.junit.WithRegistry;
import io.herald.devkit.kafka.KafkaCluster;
import io.herald.devkit.registry.SchemaRegistryEndpoint;
import io.herald.router.RouterApp;
import io.herald.schemas.HeraldHeaders;
import io.herald.schemas.NotificationIds;
import io.herald.schemas.Samples;
import io.herald.schemas.topics.TopicNames;
import io.herald.schemas.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * On a real broker with several partitions, requests keyed by their deterministic id and requests keyed the legacy
 * way (tenant/idempotencyKey, with the deterministic id or a producer-chosen one) are all routed and found by the
 * status API on the partition that owns their id; a new-keyed copy of an old-keyed key with another body is a
 * DUPLICATE that says so, in the original's timeline.
 */
@WithKafka
@WithRegistry
class RouterKeyEvolutionIT {
    private final KafkaCluster kafka;
    private final SchemaRegistryEndpoint registry;
    private final HttpClient http = HttpClient.newHttpClient();

    RouterKeyEvolutionIT(KafkaCluster kafka, SchemaRegistryEndpoint registry) {
        this.kafka = kafka;
        this.registry = registry;
        RouterIt.provision(kafka);
    }

    @Test
    void everyKeyFormIsRoutedRecordedAndDeduplicatedAgainstTheOthers() throws Exception {
        String tenant = "evo-" + UUID.randomUUID().toString().substring(0, 8);
        Topics topics = RouterIt.topics(registry);
        List<String> routed = new ArrayList<>();
        try (RouterApp router = new RouterApp(RouterIt.config(kafka, registry, "router-" + tenant)).start();
             KafkaProducer<byte[], byte[]> producer = RouterIt.producer(kafka)) {
            await().atMost(Duration.ofSeconds(40)).until(router::isReady);
            for (int i = 0; i < 6; i++) {
                // Current contract: key = notificationId = NotificationIds.of(tenant, key).
                NotificationRequest current = request(tenant, "new-" + i, NotificationIds.of(tenant, "new-" + i));
                send(producer, topics, current.getNotificationId(), current, "fp-new-" + i);
                // Older ingest: keyed tenant/idempotencyKey, deterministic id or a producer-chosen one.
                NotificationRequest oldKeyed = request(tenant, "old-" + i, NotificationIds.of(tenant, "old-" + i));
                send(producer, topics, RouterIt.key(oldKeyed), oldKeyed, "fp-old-" + i);
                NotificationRequest chosen = request(tenant, "chosen-" + i, "n-" + tenant + "-chosen-" + i);
                send(producer, topics, RouterIt.key(chosen), chosen, null);
                routed.add(current.getNotificationId());
                routed.add(oldKeyed.getNotificationId());
                routed.add(chosen.getNotificationId());
            }
            // The same key as old-0, now keyed by its id and with another body: dedup spans both key forms.
            String original = NotificationIds.of(tenant, "old-0");
            send(producer, topics, original, request(tenant, "old-0", original), "fp-other-body");
            producer.flush();

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                for (String id : routed) {
                    HttpResponse<String> response = get(router, "/v1/notifications/" + id);
                    assertThat(response.statusCode()).as(id).isEqualTo(200);
                    assertThat(response.body()).as(id).contains("\"state\":\"ROUTED\"");
                }
                assertThat(get(router, "/v1/notifications/" + original).body())
                        .contains("\"status\":\"DUPLICATE\"", "idempotency key reused with a different body; kept the first: "
                                + original);
            });
        }
    }

    private static NotificationRequest request(String tenant, String key, String notificationId) {
        NotificationRequest r = Samples.otp(tenant, key, Instant.now());
        r.setNotificationId(notificationId);
        return r;
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, Topics topics, String key, NotificationRequest r,
                             String fingerprint) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(TopicNames.REQUEST, key.getBytes(StandardCharsets.UTF_8),
                topics.request().valueSerde().serializer().serialize(TopicNames.REQUEST, r));
        if (fingerprint != null) {
            record.headers().add(HeraldHeaders.INGEST_FINGERPRINT, fingerprint.getBytes(StandardCharsets.UTF_8));
        }
        producer.send(record);
    }

    private HttpResponse<String> get(RouterApp app, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + app.httpPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
