package io.herald.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.contracts.Channel;
import io.herald.contracts.Priority;
import io.herald.router.topology.CriticalCommit;
import io.herald.router.topology.InternalEncoding;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class RouterConfigTest {
    @Test
    void theCriticalRouterIsAnApplicationOfItsOwnWithOneThread() {
        RouterConfig c = RouterConfig.fromEnv(Map.of("HERALD_ROUTER_THREADS", "3", "HERALD_KAFKA_SECURITY_PROTOCOL", "SASL_SSL"));
        Properties p = c.criticalStreamsProperties();
        assertThat(p.get(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("herald-router-critical");
        assertThat(c.criticalApplicationId()).isEqualTo("herald-router-critical");
        assertThat(p.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG)).isEqualTo(1);
        assertThat(p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(p).as("nothing is queried from it").doesNotContainKey(StreamsConfig.APPLICATION_SERVER_CONFIG);
        assertThat(p.get("security.protocol")).as("Kafka settings pass through").isEqualTo("SASL_SSL");
        assertThat(p).as("no outcome topic to wait on: Kafka's fetch wait").doesNotContainKey(StreamsConfig.mainConsumerPrefix("fetch.max.wait.ms"));
        assertThat(p.get(StreamsConfig.producerPrefix("retry.backoff.ms"))).as("a commit retries its offsets quickly").isEqualTo(10);
        assertThat(p.get(StreamsConfig.POLL_MS_CONFIG)).as("an idle critical thread runs a due commit reminder within 10 ms").isEqualTo(10L);
        assertThat(c.streamsProperties(8081)).as("the main router keeps Streams' poll.ms").doesNotContainKey(StreamsConfig.POLL_MS_CONFIG);
        assertThat(RouterConfig.fromEnv(Map.of("HERALD_KAFKA_POLL_MS", "50")).criticalStreamsProperties().get(StreamsConfig.POLL_MS_CONFIG))
                .isEqualTo("50");
        assertThat(c.streamsProperties(8081).get(StreamsConfig.producerPrefix("retry.backoff.ms"))).isEqualTo(10);
        Properties overridden = RouterConfig.fromEnv(Map.of("HERALD_KAFKA_RETRY_BACKOFF_MS", "250")).streamsProperties(0);
        assertThat(overridden).as("an operator's back-off wins").doesNotContainKey(StreamsConfig.producerPrefix("retry.backoff.ms"));
        assertThat(overridden.get("retry.backoff.ms")).isEqualTo("250");
        assertThat(RouterConfig.fromEnv(Map.of("HERALD_KAFKA_FETCH_MAX_WAIT_MS", "50")).criticalStreamsProperties().get("fetch.max.wait.ms"))
                .as("an operator's setting still applies").isEqualTo("50");
        assertThat(c.streamsProperties(8081).get(StreamsConfig.NUM_STREAM_THREADS_CONFIG)).isEqualTo(3);
    }

    @Test
    void hasWorkingDefaults() {
        RouterConfig c = RouterConfig.fromEnv(Map.of());
        assertThat(c.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(c.httpHost()).as("the key-less status API listens on loopback unless told otherwise").isEqualTo("127.0.0.1");
        assertThat(c.dedupWindow()).isEqualTo(Duration.ofDays(7));
        // Providers are declared once (email.providers, sms.providers), for router and workers alike: none by default.
        assertThat(c.routing().providersOf(Channel.EMAIL)).isEmpty();
        assertThat(c.routing().providersOf(Channel.WEBHOOK)).containsExactly("webhook");
        assertThat(c.routing().halfOpenTricklePercent()).isEqualTo(10);
        assertThat(c.routing().paidChannels()).containsExactly(Channel.SMS);
        assertThat(c.expiry().defaults()).containsEntry(Priority.CRITICAL, Duration.ofMinutes(15));
        assertThat(c.deferTick()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.ledgerRetention()).isEqualTo(Duration.ofDays(7));
        assertThat(c.ledgerPurgeInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.routing().halfOpenTricklePercent()).isEqualTo(10);
        assertThat(c.health()).isEqualTo(io.herald.router.health.HealthPolicy.DEFAULT);
        Properties p = c.streamsProperties(8081);
        assertThat(p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(p.get(StreamsConfig.APPLICATION_SERVER_CONFIG)).isEqualTo("localhost:8081");
        assertThat(p.get(StreamsConfig.mainConsumerPrefix("fetch.max.wait.ms"))).as("outcomes are read with a short fetch wait").isEqualTo(25);
        assertThat(p.get(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG)).as("no waiting for empty input partitions").isEqualTo(-1L);
        assertThat(p.get(StreamsConfig.mainConsumerPrefix("max.partition.fetch.bytes")))
                .as("small fetches: a code is not handed out behind megabytes of campaign").isEqualTo(16 * 1024);
    }

    @Test
    void theCriticalCommitGapIsARouterKeyThatReachesTheTopologyAndWinsOverItsPassThroughSpelling() {
        assertThat(RouterConfig.fromEnv(Map.of()).streamsProperties(1)).doesNotContainKey(CriticalCommit.GAP_CONFIG);
        assertThat(RouterConfig.fromEnv(Map.of("HERALD_ROUTER_CRITICAL_COMMIT_GAP", "40ms")).streamsProperties(1))
                .containsEntry(CriticalCommit.GAP_CONFIG, "40");
        assertThat(RouterConfig.fromEnv(Map.of("HERALD_ROUTER_CRITICAL_COMMIT_GAP", "0s",
                "HERALD_KAFKA_HERALD_ROUTER_CRITICAL_COMMIT_MS", "20")).streamsProperties(1)).containsEntry(CriticalCommit.GAP_CONFIG, "0");
        assertThatThrownBy(() -> RouterConfig.fromEnv(Map.of("HERALD_ROUTER_CRITICAL_COMMIT_GAP", "-1s")))
                .hasMessageContaining("router.critical.commit-gap");
    }

    @Test
    void theInternalEncodingIsARouterKeyThatReachesTheTopologyAndNamesABadValue() {
        assertThat(RouterConfig.fromEnv(Map.of()).streamsProperties(1)).doesNotContainKey(InternalEncoding.CONFIG);
        assertThat(RouterConfig.fromEnv(Map.of("HERALD_ROUTER_INTERNAL_ENCODING", "json")).streamsProperties(1))
                .containsEntry(InternalEncoding.CONFIG, "json");
        assertThat(RouterConfig.fromEnv(Map.of("HERALD_ROUTER_INTERNAL_ENCODING", "binary",
                "HERALD_KAFKA_HERALD_ROUTER_INTERNAL_ENCODING", "json")).streamsProperties(1)).containsEntry(InternalEncoding.CONFIG, "binary");
        assertThatThrownBy(() -> RouterConfig.fromEnv(Map.of("HERALD_ROUTER_INTERNAL_ENCODING", "xml")))
                .hasMessageContaining("router.internal-encoding").hasMessageContaining("binary or json");
    }

    @Test
    void aConfiguredFetchWaitReplacesTheRoutersOwn() {
        Properties p = RouterConfig.fromEnv(Map.of("HERALD_KAFKA_FETCH_MAX_WAIT_MS", "300")).streamsProperties(1);
        assertThat(p).containsEntry("fetch.max.wait.ms", "300").doesNotContainKey(StreamsConfig.mainConsumerPrefix("fetch.max.wait.ms"));
        Properties q = RouterConfig.fromEnv(Map.of("HERALD_KAFKA_MAX_PARTITION_FETCH_BYTES", "1048576")).streamsProperties(1);
        assertThat(q).containsEntry("max.partition.fetch.bytes", "1048576")
                .doesNotContainKey(StreamsConfig.mainConsumerPrefix("max.partition.fetch.bytes"));
        Properties r = RouterConfig.fromEnv(Map.of("HERALD_KAFKA_FETCH_MAX_BYTES", "52428800")).streamsProperties(1);
        assertThat(r).containsEntry("fetch.max.bytes", "52428800").doesNotContainKey(StreamsConfig.mainConsumerPrefix("fetch.max.bytes"));
    }

    @Test
    void theMainConsumerFetchesLittleAtATimeSoACodeIsNotHandedOutBehindThousandsOfRecords() {
        Properties p = RouterConfig.fromEnv(Map.of()).streamsProperties(1);
        assertThat(p).containsEntry(StreamsConfig.mainConsumerPrefix("max.partition.fetch.bytes"), 16 * 1024)
                .containsEntry(StreamsConfig.mainConsumerPrefix("fetch.max.bytes"), 64 * 1024);
    }

    @Test
    void readsEveryKindOfValueAndPassesKafkaSettingsThrough() {
        RouterConfig c = RouterConfig.fromEnv(Map.of(
                "HERALD_KAFKA_BOOTSTRAP_SERVERS", "broker:9093",
                "HERALD_ROUTER_DEDUP_WINDOW", "P1D",
                "HERALD_ROUTER_TTL_BULK", "12h",
                "HERALD_ROUTER_PROVIDERS_SMS", "twilio, vonage",
                "HERALD_HEALTH_MIN_DWELL", "30s",
                "HERALD_DEFER_TICK", "250ms",
                "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "kafka.sasl.jaas.config", "secret-stuff",
                "kafka.num.standby.replicas", "1"));
        assertThat(c.bootstrapServers()).isEqualTo("broker:9093");
        assertThat(c.dedupWindow()).isEqualTo(Duration.ofDays(1));
        assertThat(c.expiry().defaults()).containsEntry(Priority.BULK, Duration.ofHours(12));
        assertThat(c.routing().providersOf(Channel.SMS)).containsExactly("twilio", "vonage");
        assertThat(c.health().minDwell()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.deferTick()).isEqualTo(Duration.ofMillis(250));
        assertThat(c.toString()).contains("deferTick=PT0.25S");
        Properties p = c.streamsProperties(1);
        assertThat(p).containsEntry("security.protocol", "SASL_SSL").containsEntry("num.standby.replicas", "1");
        assertThat(c.toString()).contains("sasl.jaas.config=****").doesNotContain("secret-stuff");
    }

    @Test
    void readsTheHalfOpenTrickleFromTheKeyTheWorkersShareOrTheRoutersOlderOne() {
        assertThat(RouterConfig.fromEnv(Map.of("HERALD_HEALTH_HALF_OPEN_TRICKLE_PERCENT", "25")).routing()
                .halfOpenTricklePercent()).isEqualTo(25);
        assertThat(RouterConfig.fromEnv(Map.of("HERALD_ROUTER_HALF_OPEN_TRICKLE_PERCENT", "30")).routing()
                .halfOpenTricklePercent()).isEqualTo(30);
        assertThat(RouterConfig.fromEnv(Map.of("HERALD_HEALTH_HALF_OPEN_TRICKLE_PERCENT", "25",
                "HERALD_ROUTER_HALF_OPEN_TRICKLE_PERCENT", "30")).routing().halfOpenTricklePercent()).isEqualTo(25);
    }

    @Test
    void failsNamingTheKey() {
        assertThatThrownBy(() -> RouterConfig.fromEnv(Map.of("HERALD_ROUTER_DEDUP_WINDOW", "a week")))
                .hasMessageContaining("HERALD_ROUTER_DEDUP_WINDOW");
        assertThatThrownBy(() -> RouterConfig.fromEnv(Map.of("HERALD_ROUTER_THREADS", "two")))
                .hasMessageContaining("HERALD_ROUTER_THREADS");
        assertThatThrownBy(() -> RouterConfig.fromEnv(Map.of("HERALD_DEFER_TICK", "soon")))
                .hasMessageContaining("HERALD_DEFER_TICK");
        assertThatThrownBy(() -> RouterConfig.fromEnv(Map.of("HERALD_DEFER_TICK", "0s")))
                .hasMessageContaining("HERALD_DEFER_TICK");
        assertThatThrownBy(() -> RouterConfig.fromEnv(Map.of("HERALD_ROUTER_PAID_CHANNELS", "PIGEON")))
                .hasMessageContaining("HERALD_ROUTER_PAID_CHANNELS");
        // Its meaning (a transient-failure share) no longer exists: refusing it beats ignoring it.
        assertThatThrownBy(() -> RouterConfig.fromEnv(Map.of("HERALD_HEALTH_DOWN_RATIO", "0.5")))
                .hasMessageContaining("HERALD_HEALTH_DOWN_RATIO").hasMessageContaining("HERALD_HEALTH_DOWN_DELIVERED_RATIO");
        assertThatThrownBy(() -> RouterConfig.fromEnv(Map.of("HERALD_HEALTH_RECOVERY_RATIO", "0.9")))
                .hasMessageContaining("recoveryRatio");
    }

    @Test
    void refusesALedgerRetentionShorterThanTheDedupWindowNamingBothKeys() {
        assertThatThrownBy(() -> RouterConfig.fromEnv(Map.of("HERALD_ROUTER_LEDGER_RETENTION", "3d")))
                .isInstanceOf(io.herald.runtime.config.ConfigException.class)
                .hasMessageContaining("router.ledger.retention").hasMessageContaining("HERALD_ROUTER_LEDGER_RETENTION")
                .hasMessageContaining("router.dedup.window");
        assertThatThrownBy(() -> RouterConfig.fromEnv(Map.of("HERALD_ROUTER_DEDUP_WINDOW", "14d")))
                .hasMessageContaining("router.ledger.retention");
        assertThat(RouterConfig.fromEnv(Map.of("HERALD_ROUTER_DEDUP_WINDOW", "1d", "HERALD_ROUTER_LEDGER_RETENTION", "1d"))
                .ledgerRetention()).isEqualTo(Duration.ofDays(1));
        assertThatThrownBy(() -> RouterConfig.fromEnv(Map.of("HERALD_ROUTER_LEDGER_PURGE_INTERVAL", "0s")))
                .hasMessageContaining("HERALD_ROUTER_LEDGER_PURGE_INTERVAL");
    }

    @Test
    void takesItsProviderListsFromTheKeysTheWorkersReadToo() {
        RouterConfig c = RouterConfig.fromEnv(Map.of("HERALD_EMAIL_PROVIDERS", "relay-a,relay-b", "sms.providers", "twilio",
                "HERALD_WEBHOOK_PROVIDER_ID", "hooks", "HERALD_HEALTH_HALF_OPEN_TRICKLE_PERCENT", "25"));
        assertThat(c.routing().providersOf(Channel.EMAIL)).containsExactly("relay-a", "relay-b");
        assertThat(c.routing().providersOf(Channel.SMS)).containsExactly("twilio");
        assertThat(c.routing().providersOf(Channel.WEBHOOK)).containsExactly("hooks");
        assertThat(c.routing().halfOpenTricklePercent()).isEqualTo(25);
    }

    @Test
    void oldNamesStillWorkForOneRelease() {
        RouterConfig c = RouterConfig.fromEnv(Map.of("HERALD_ROUTER_PROVIDERS_EMAIL", "smtp-primary", "HERALD_TWILIO_ACCOUNT_SID", "AC1",
                "HERALD_ROUTER_HALF_OPEN_TRICKLE_PERCENT", "5", "KAFKA_BOOTSTRAP_SERVERS", "old:9092", "HERALD_DEFER_TICK", "2s"));
        assertThat(c.routing().providersOf(Channel.EMAIL)).containsExactly("smtp-primary");
        assertThat(c.routing().providersOf(Channel.SMS)).containsExactly("twilio");
        assertThat(c.routing().halfOpenTricklePercent()).isEqualTo(5);
        assertThat(c.bootstrapServers()).isEqualTo("old:9092");
        assertThat(c.deferTick()).isEqualTo(Duration.ofSeconds(2));
    }
}
