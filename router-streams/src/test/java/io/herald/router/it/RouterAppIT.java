package io.herald.router.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.herald.contracts.NotificationRequest;
import io.herald.devkit.junit.WithKafka;
import io.herald.devkit.junit.WithRegistry;
import io.herald.devkit.kafka.KafkaCluster;
import io.herald.devkit.registry.SchemaRegistryEndpoint;
import io.herald.router.RouterApp;
import io.herald.router.RouterConfig;
import io.herald.router.topology.RouterTopology;
import io.herald.schemas.Samples;
import io.herald.schemas.topics.TopicNames;
import io.herald.schemas.topics.Topics;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

/**
 * Two router instances of one application: the status API answers for every notification from
 * either instance (forwarding to the owner of the ledger partition), and health and metrics are served.
 */
@WithKafka
@WithRegistry
class RouterAppIT {
    private final KafkaCluster kafka;
    private final SchemaRegistryEndpoint registry;
    private final HttpClient http = HttpClient.newHttpClient();

    RouterAppIT(KafkaCluster kafka, SchemaRegistryEndpoint registry) {
        this.kafka = kafka;
        this.registry = registry;
        RouterIt.provision(kafka);
    }

    @Test
    void eitherInstanceServesTheStatusOfEveryNotification() throws Exception {
        String tenant = "app-" + UUID.randomUUID().toString().substring(0, 8);
        String appId = "router-app-" + tenant;
        Topics topics = RouterIt.topics(registry);
        try (RouterApp one = new RouterApp(RouterIt.config(kafka, registry, appId)).start();
             RouterApp two = new RouterApp(RouterIt.config(kafka, registry, appId)).start()) {
            await().atMost(Duration.ofSeconds(40)).until(() -> one.isReady() && two.isReady()
                    && one.streams().metadataForAllStreamsClients().size() == 2);

            List<String> ids = new ArrayList<>();
            try (KafkaProducer<byte[], byte[]> producer = RouterIt.producer(kafka)) {
                for (int i = 0; i < 12; i++) {
                    NotificationRequest r = Samples.otp(tenant, "k" + i, Instant.now());
                    ids.add(r.getNotificationId());
                    producer.send(new ProducerRecord<>(TopicNames.REQUEST, RouterIt.key(r).getBytes(StandardCharsets.UTF_8),
                            topics.request().valueSerde().serializer().serialize(TopicNames.REQUEST, r)));
                }
            }
            List<String> ownedByTwo = ids.stream().filter(id -> one.streams()
                    .queryMetadataForKey(RouterTopology.LEDGER_STORE, id, Serdes.String().serializer())
                    .activeHost().port() == two.httpPort()).toList();
            assertThat(ownedByTwo).as("some notifications live on the other instance").isNotEmpty();

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (String id : ids) {
                    HttpResponse<String> response = get(one, "/v1/notifications/" + id);
                    assertThat(response.statusCode()).as(id).isEqualTo(200);
                    assertThat(response.body()).contains("\"notificationId\":\"" + id + "\"", "\"state\":\"ROUTED\"",
                            "\"stage\":\"ROUTER\"");
                }
            });
            assertThat(get(two, "/v1/notifications/" + ownedByTwo.get(0)).statusCode()).isEqualTo(200);
            assertThat(get(one, "/v1/notifications/no-such-id").statusCode()).isEqualTo(404);
            assertThat(get(one, "/health/ready").statusCode()).isEqualTo(200);

            String metrics = get(one, "/metrics").body() + get(two, "/metrics").body();
            assertThat(metrics).contains("herald_router_decisions_total{channel=\"email\",lane=\"critical\",outcome=\"routed\"}")
                    .contains("herald_router_provider_health{channel=\"email\",provider=\"smtp-primary\"} 0.0")
                    .contains("kafka_stream_thread_");

            // The status API answers any tenant's ids without a key: by default only this host can ask.
            InetAddress external = nonLoopbackAddress();
            assertThatThrownBy(() -> new Socket(external, one.httpPort()).close()).as("connect via " + external)
                    .isInstanceOf(ConnectException.class);
        }
    }

    /** A router that cannot start frees what it opened: its HTTP port, so the next attempt (or a restart) can bind it. */
    @Test
    void aRouterThatFailsToStartReleasesItsHttpPort() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        String appId = "router-app-broken-" + UUID.randomUUID().toString().substring(0, 8);
        RouterConfig base = RouterIt.config(kafka, registry, appId);
        RouterConfig broken = base.withInstance(appId, base.stateDir(), port)
                .withKafka(Map.of("num.standby.replicas", "not-a-number"));

        assertThatThrownBy(() -> new RouterApp(broken).start()).isInstanceOf(ConfigException.class)
                .hasMessageContaining("num.standby.replicas");

        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
    }

    /** An address of this host other than loopback (the test machines have one; without it there is nothing to refuse). */
    private static InetAddress nonLoopbackAddress() throws Exception {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) continue;
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (a instanceof Inet4Address) return a;
            }
        }
        throw new IllegalStateException("this host has no non-loopback IPv4 address to test the status API's binding with");
    }

    private HttpResponse<String> get(RouterApp app, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + app.httpPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
