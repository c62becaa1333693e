package io.herald.router.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.contracts.Channel;
import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.ErrorClass;
import io.herald.contracts.HealthState;
import io.herald.contracts.NotificationRequest;
import io.herald.contracts.OutcomeStatus;
import io.herald.contracts.Priority;
import io.herald.contracts.ProviderHealth;
import io.herald.contracts.Stage;
import io.herald.devkit.junit.WithKafka;
import io.herald.devkit.junit.WithRegistry;
import io.herald.devkit.kafka.KafkaCluster;
import io.herald.devkit.registry.SchemaRegistryEndpoint;
import io.herald.router.RouterApp;
import io.herald.router.RouterConfig;
import io.herald.schemas.NotificationIds;
import io.herald.schemas.Samples;
import io.herald.schemas.topics.TopicNames;
import io.herald.schemas.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/**
 * Upgrading from a router that wrote its internal state as JSON (issue 13): a router writing JSON (what every router
 * before the binary encoding wrote; {@code herald.router.internal.encoding=json}) records a notification and a
 * provider's failures, stops, and a router with the default binary encoding and an empty state directory restores
 * both from the changelogs on a real broker and goes on from them: the status API shows the old timeline, and two
 * more failures take the provider DOWN only because the restored tracker remembered the first three.
 */
@WithKafka
@WithRegistry
class RouterStateEncodingIT {
    private final KafkaCluster kafka;
    private final SchemaRegistryEndpoint registry;
    private final HttpClient http = HttpClient.newHttpClient();

    RouterStateEncodingIT(KafkaCluster kafka, SchemaRegistryEndpoint registry) {
        this.kafka = kafka;
        this.registry = registry;
        RouterIt.provision(kafka);
    }

    @Test
    void aBinaryRouterTakesOverTheJsonStateAnOlderRouterLeftInTheChangelogs() throws Exception {
        String tenant = "enc-" + UUID.randomUUID().toString().substring(0, 8);
        String provider = "smtp-" + tenant; // its own provider: other tests' outcomes never count for it
        String appId = "router-" + tenant;
        Topics topics = RouterIt.topics(registry);
        NotificationRequest request = Samples.otp(tenant, "k1", Instant.now());
        request.setNotificationId(NotificationIds.of(tenant, "k1"));
        String id = request.getNotificationId();
        RouterConfig base = RouterIt.config(kafka, registry, appId);
        try (KafkaProducer<byte[], byte[]> producer = RouterIt.producer(kafka);
             KafkaConsumer<byte[], byte[]> health = healthConsumer()) {
            try (RouterApp older = new RouterApp(base.withKafka(Map.of("herald.router.internal.encoding", "json"))).start()) {
                await().atMost(Duration.ofSeconds(40)).until(older::isReady);
                send(producer, TopicNames.REQUEST, id, topics.request().valueSerde().serializer()
                        .serialize(TopicNames.REQUEST, request));
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThat(status(older, id).body()).contains("\"state\":\"ROUTED\""));
                for (int i = 0; i < 3; i++) send(producer, topics, deferred(request, provider));
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThat(states(health, provider)).containsExactly(HealthState.DEGRADED));
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThat(status(older, id).body().split("\"status\":\"DEFERRED\"", -1)).hasSize(4));
            }

            RouterConfig upgraded = base.withInstance(appId, Files.createTempDirectory("router-it").toString(), 0);
            try (RouterApp router = new RouterApp(upgraded).start()) {
                await().atMost(Duration.ofSeconds(60)).until(router::isReady);
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    HttpResponse<String> restored = status(router, id);
                    assertThat(restored.statusCode()).isEqualTo(200);
                    assertThat(restored.body().split("\"status\":\"DEFERRED\"", -1)).hasSize(4);
                });
                for (int i = 0; i < 2; i++) send(producer, topics, deferred(request, provider));
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThat(states(health, provider)).containsExactly(HealthState.DOWN));
                send(producer, topics, outcome(request, "smtp-primary", OutcomeStatus.SENT, null));
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    String body = status(router, id).body();
                    assertThat(body).contains("\"state\":\"SENT\"");
                    assertThat(body.split("\"status\":\"DEFERRED\"", -1)).hasSize(6);
                });
                assertThat(router.isReady()).isTrue();
            }
        }
    }

    private static DeliveryOutcome deferred(NotificationRequest request, String provider) {
        return outcome(request, provider, OutcomeStatus.DEFERRED, ErrorClass.TRANSIENT);
    }

    private static DeliveryOutcome outcome(NotificationRequest request, String provider, OutcomeStatus status,
                                           ErrorClass error) {
        return DeliveryOutcome.newBuilder().setEventId(UUID.randomUUID().toString())
                .setNotificationId(request.getNotificationId()).setTenantId(request.getTenantId()).setAt(Instant.now())
                .setStage(Stage.WORKER).setStatus(status).setChannel(Channel.EMAIL).setLane(Priority.CRITICAL)
                .setProvider(provider).setAttempt(1).setErrorClass(error).setProviderCode(error == null ? "250" : "451")
                .setLatencyMs(5L).build();
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, Topics topics, DeliveryOutcome outcome) {
        send(producer, TopicNames.OUTCOME, outcome.getNotificationId(),
                topics.outcome().valueSerde().serializer().serialize(TopicNames.OUTCOME, outcome));
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value));
        producer.flush();
    }

    private KafkaConsumer<byte[], byte[]> healthConsumer() {
        Map<String, Object> p = new HashMap<>(kafka.clientProperties());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "verify-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(TopicNames.PROVIDER_HEALTH));
        return consumer;
    }

    /** The provider's health transitions published since the last call. */
    private List<HealthState> states(KafkaConsumer<byte[], byte[]> consumer, String provider) {
        Topics topics = RouterIt.topics(registry);
        List<HealthState> states = new ArrayList<>();
        consumer.poll(Duration.ofMillis(200)).forEach(r -> {
            ProviderHealth h = topics.providerHealth().valueSerde().deserializer().deserialize(r.topic(), r.value());
            if (h != null && provider.equals(h.getProviderId())) states.add(h.getState());
        });
        return states;
    }

    private HttpResponse<String> status(RouterApp app, String id) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + app.httpPort() + "/v1/notifications/" + id))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
