package io.herald.ingest;

import io.herald.policy.destination.DestinationKeys;

import io.herald.contracts.Channel;
import io.herald.runtime.config.Key;
import io.herald.runtime.config.KafkaKeys;
import io.herald.runtime.config.KeyCatalogue;
import io.herald.schemas.registry.RegistryKeys;
import io.herald.schemas.topics.TopicNames;
import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The ingest service's keys: the HTTP front door, its tenants, limits and the Kafka hand-off bounds. */
public final class IngestKeys {
    private static final String POSITIVE = "must be positive";

    public static final Key<String> HTTP_HOST = Key.string("ingest.http.host").defaultValue("0.0.0.0").legacy("HERALD_INGEST_HOST")
            .doc("Listen address of the HTTP API.").build();
    public static final Key<Integer> HTTP_PORT = Key.integer("ingest.http.port").defaultValue(8080)
            .check(p -> p >= 0 && p <= 65_535, "must be a port (0-65535)").legacy("HERALD_INGEST_PORT")
            .doc("Port of the HTTP API (also health and metrics); 0 = any free port.").build();
    public static final Key<String> API_KEYS = Key.string("ingest.api-keys").required().secret()
            .doc("Tenant API keys, comma-separated `tenant:keyId:sha256hex` (only hashes of the keys are configured).").build();
    public static final Key<String> REQUEST_TOPIC = Key.string("ingest.request-topic").defaultValue(TopicNames.REQUEST)
            .doc("Topic accepted requests are written to.").build();
    public static final Key<String> CRITICAL_REQUEST_TOPIC = Key.string("ingest.critical-request-topic")
            .defaultValue(TopicNames.REQUEST_CRITICAL)
            .doc("Topic accepted requests of the critical lane are written to: the router takes it before the request topic, so a "
                    + "one-time code never queues behind a campaign. Co-partitioned with the request topic.").build();
    public static final Key<String> PREFERENCE_TOPIC = Key.string("ingest.preference-topic").defaultValue(TopicNames.PREFERENCE)
            .doc("Compacted topic of merged preferences and consent trails (written by the router), read to answer GET.").build();
    public static final Key<String> PREFERENCE_EVENT_TOPIC = Key.string("ingest.preference-event-topic")
            .defaultValue(TopicNames.PREFERENCE_EVENT)
            .doc("Topic preference changes and erasure requests are appended to; the router merges them into the preference "
                    + "topic, one writer per recipient.").build();
    public static final Key<Integer> MAX_BODY_BYTES = Key.integer("ingest.max-body-bytes").defaultValue(262_144)
            .check(n -> n >= 1024, "must be >= 1024").doc("Larger request bodies get 413.").build();
    public static final Key<Integer> BATCH_MAX = Key.integer("ingest.batch-max").defaultValue(100).check(n -> n >= 1, "must be >= 1")
            .doc("Notifications per batch request at most.").build();
    public static final Key<Double> RATE_PER_SECOND = Key.decimal("ingest.rate-per-second").defaultValue(2000.0)
            .check(r -> r > 0, "must be > 0").doc("Per-tenant request rate (token bucket); over it: 429.").build();
    public static final Key<Double> RATE_BURST = Key.decimal("ingest.rate-burst").defaultValue(4000.0).check(r -> r >= 1, "must be >= 1")
            .doc("Per-tenant burst.").build();
    public static final Key<Map<Channel, Long>> DAILY_QUOTA = Key.custom("ingest.daily-quota", "channel=count,…", IngestKeys::quota)
            .doc("Per tenant and UTC day, e.g. `sms=10000,email=1000000`; none = unlimited.").build();
    public static final Key<URI> ROUTER_URL = Key.uri("ingest.router-url").defaultValue(URI.create("http://127.0.0.1:8081"))
            .doc("Base URL of the router's status API (status timelines are read from there).").build();
    public static final Key<Duration> IDEMPOTENCY_WINDOW = Key.duration("ingest.idempotency.window").defaultValue(Duration.ofHours(24))
            .check(IngestKeys::positive, POSITIVE).legacy("HERALD_INGEST_IDEMPOTENCY_WINDOW")
            .doc("How long a repeated `Idempotency-Key` gets the first answer (200 or 409) from the instance that accepted it.").build();
    public static final Key<Integer> IDEMPOTENCY_MAX_ENTRIES = Key.integer("ingest.idempotency.max-entries").defaultValue(500_000)
            .check(n -> n >= 1, "must be >= 1").legacy("HERALD_INGEST_IDEMPOTENCY_MAX_ENTRIES")
            .doc("Idempotency ledger entries (this instance's accepted keys) kept in memory at most.").build();
    public static final Key<Duration> DELIVERY_TIMEOUT = Key.duration("ingest.delivery-timeout").defaultValue(Duration.ofSeconds(5))
            .check(d -> d.toMillis() >= 1000, "must be >= 1s").legacy("HERALD_INGEST_DELIVERY_TIMEOUT_MS").legacyValue(IngestKeys::millis)
            .doc("Longest wait for Kafka's acknowledgement before answering 503.").build();
    public static final Key<Duration> MAX_BLOCK = Key.duration("ingest.max-block").defaultValue(Duration.ofSeconds(2))
            .check(IngestKeys::positive, POSITIVE).legacy("HERALD_INGEST_MAX_BLOCK_MS").legacyValue(IngestKeys::millis)
            .doc("Longest wait for producer metadata or buffer space before answering 503.").build();
    public static final Key<Duration> RETRY_AFTER = Key.duration("ingest.retry-after").defaultValue(Duration.ofSeconds(5))
            .check(d -> d.toSeconds() >= 1, "must be >= 1s").legacy("HERALD_INGEST_RETRY_AFTER_SECONDS")
            .legacyValue(v -> v.matches("\\d+") ? v + "s" : v).doc("`Retry-After` sent with a 503.").build();

    public static final KeyCatalogue CATALOGUE = KeyCatalogue.of("Ingest", "`herald ingest --config FILE`: the HTTP API.",
            HTTP_HOST, HTTP_PORT, API_KEYS, REQUEST_TOPIC, CRITICAL_REQUEST_TOPIC, PREFERENCE_TOPIC, PREFERENCE_EVENT_TOPIC, MAX_BODY_BYTES, BATCH_MAX, RATE_PER_SECOND, RATE_BURST,
            DAILY_QUOTA, ROUTER_URL, IDEMPOTENCY_WINDOW, IDEMPOTENCY_MAX_ENTRIES, DELIVERY_TIMEOUT, MAX_BLOCK, RETRY_AFTER)
            .owning("ingest");

    /** Everything the ingest service reads. */
    public static final List<KeyCatalogue> ALL = List.of(KafkaKeys.CATALOGUE, RegistryKeys.CATALOGUE, CATALOGUE,
            DestinationKeys.CATALOGUE);

    private IngestKeys() {
    }

    private static boolean positive(Duration d) {
        return !d.isNegative() && !d.isZero();
    }

    private static String millis(String v) {
        return v.matches("\\d+") ? v + "ms" : v;
    }

    static Map<Channel, Long> quota(String value) {
        Map<Channel, Long> quota = new EnumMap<>(Channel.class);
        for (String entry : value.split(",")) {
            if (entry.isBlank()) continue;
            String[] kv = entry.split("=");
            try {
                quota.put(Channel.valueOf(kv[0].trim().toUpperCase(Locale.ROOT)), Long.parseLong(kv[1].trim()));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("'" + value + "' does not look like sms=10000,email=1000000");
            }
        }
        return quota;
    }
}
