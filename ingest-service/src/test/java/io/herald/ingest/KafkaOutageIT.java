package io.herald.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.devkit.junit.WithRegistry;
import io.herald.devkit.kafka.EmbeddedKafka;
import io.herald.devkit.registry.SchemaRegistryEndpoint;
import io.herald.ingest.support.Bodies;
import io.herald.ingest.support.Harness;
import io.herald.ingest.support.Http;
import io.herald.ingest.support.InProcessApi;
import io.herald.schemas.NotificationIds;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Kafka down → 503 with Retry-After and never a false 202; Kafka back → 202 again.
 *
 * <p>Runs on a dedicated broker rather than the JVM-wide one: stopping the shared broker would pull
 * it from under any other class's still-running clients (and leave them reconnecting in the
 * background), and a private broker costs about two seconds. The registry is the shared one.
 */
@WithRegistry
class KafkaOutageIT {
    static final String ACME = InProcessApi.ACME_KEY;

    @Test
    void answers503WhileKafkaIsDownAndAcceptsAgainOnceItIsBack(SchemaRegistryEndpoint registry) {
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().build().start()) {
            Harness harness = new Harness(kafka, registry);
            try (IngestApp app = harness.start()) {
                Http http = new Http(app.url());
                String before = UUID.randomUUID().toString();
                assertThat(http.post("/v1/notifications", ACME, before, Bodies.otp("before")).status()).isEqualTo(202);

                kafka.stop();
                String during = UUID.randomUUID().toString();
                Http.Answer down = http.post("/v1/notifications", ACME, during, Bodies.otp("during"));

                assertThat(down.status()).isEqualTo(503);
                assertThat(down.header("Content-Type")).startsWith("application/problem+json");
                assertThat(Long.parseLong(down.header("Retry-After"))).isPositive();
                Http.Answer preference = http.put("/v1/recipients/u-1/preferences", ACME,
                        "{\"optOuts\":[{\"channel\":\"sms\"}],\"consent\":{\"source\":\"api\"}}");
                assertThat(preference.status()).isEqualTo(503);
                assertThat(preference.header("Retry-After")).isNotNull();
                await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/health/ready", null).status() == 503);
                assertThat(http.get("/health/live", null).status()).isEqualTo(200);

                kafka.start();
                // The same key is retried, as a client honouring Retry-After would.
                AtomicReference<Http.Answer> retried = new AtomicReference<>();
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    retried.set(http.post("/v1/notifications", ACME, during, Bodies.otp("during")));
                    return retried.get().status() == 202;
                });
                await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/health/ready", null).status() == 200);

                assertThat(harness.preferenceEvents()).isEmpty();
                List<ConsumerRecord<String, io.herald.contracts.NotificationRequest>> records = harness.requests();
                assertThat(records).extracting(ConsumerRecord::key).containsExactlyInAnyOrder(NotificationIds.of("acme", before),
                        NotificationIds.of("acme", during));
                assertThat(records).filteredOn(r -> r.key().equals(NotificationIds.of("acme", during))).singleElement()
                        .satisfies(r -> assertThat(r.value().getNotificationId())
                                .isEqualTo(retried.get().json().get("id").asText()));
            }
        }
    }
}
