package io.herald.ingest;

import io.herald.policy.destination.DestinationOverrides;

import io.herald.contracts.Channel;
import io.herald.ingest.tenancy.ApiKey;
import io.herald.schemas.registry.RegistryConfig;
import io.herald.schemas.topics.TopicNames;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything the ingest service is configured with, read once from environment-style keys. Kafka
 * client settings pass through: {@code KAFKA_BOOTSTRAP_SERVERS} or {@code kafka.bootstrap.servers}
 * become {@code bootstrap.servers}. Secrets (registry credentials; API keys are only hashes anyway)
 * are masked by {@link #toString()}.
 *
 * <table>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>HERALD_INGEST_HOST / _PORT</td><td>0.0.0.0 / 8080</td><td>listen address; port 0 picks a free port</td></tr>
 * <tr><td>KAFKA_BOOTSTRAP_SERVERS</td><td>required</td><td>plus any other KAFKA_* / kafka.* client setting</td></tr>
 * <tr><td>HERALD_SCHEMA_REGISTRY_URL</td><td>required</td><td>Confluent-compatible registry (or SCHEMA_REGISTRY_URL, schema.registry.url)</td></tr>
 * <tr><td>HERALD_INGEST_API_KEYS</td><td>required</td><td>comma-separated tenant:keyId:sha256hex</td></tr>
 * <tr><td>HERALD_INGEST_REQUEST_TOPIC / _PREFERENCE_TOPIC</td><td>notify.request.v1 / notify.preference.v1</td><td></td></tr>
 * <tr><td>HERALD_INGEST_MAX_BODY_BYTES</td><td>262144</td><td>larger bodies get 413</td></tr>
 * <tr><td>HERALD_INGEST_BATCH_MAX</td><td>100</td><td>items per batch</td></tr>
 * <tr><td>HERALD_INGEST_RATE_PER_SECOND / _RATE_BURST</td><td>2000 / 4000</td><td>per-tenant token bucket</td></tr>
 * <tr><td>HERALD_INGEST_DAILY_QUOTA</td><td>none</td><td>per tenant and UTC day, e.g. sms=10000,email=1000000</td></tr>
 * <tr><td>HERALD_INGEST_ROUTER_URL</td><td>http://127.0.0.1:8081</td><td>router status API base URL</td></tr>
 * <tr><td>HERALD_INGEST_IDEMPOTENCY_WINDOW / _MAX_ENTRIES</td><td>24h / 500000</td><td>replay window, ledger cap</td></tr>
 * <tr><td>HERALD_INGEST_DELIVERY_TIMEOUT_MS / _MAX_BLOCK_MS</td><td>5000 / 2000</td><td>bounds on a produce before 503</td></tr>
 * <tr><td>HERALD_INGEST_RETRY_AFTER_SECONDS</td><td>5</td><td>Retry-After on 503</td></tr>
 * <tr><td>HERALD_DESTINATIONS</td><td>empty</td><td>domain=destination,... overrides (shared with the router), e.g.
 *     contoso.com=exchange-online</td></tr>
 * <tr><td>HERALD_INGEST_MX_LOOKUP</td><td>true</td><td>resolve recipient domains' MX in the background and tag
 *     requests with their destination (exchange-online, google-workspace, else the domain); false = overrides only</td></tr>
 * </table>
 */
public record IngestConfig(String host, int port, Map<String, Object> kafka, RegistryConfig registry, List<ApiKey> apiKeys,
                           String requestTopic, String preferenceTopic, int maxBodyBytes, int batchMax,
                           double ratePerSecond, double rateBurst, Map<Channel, Long> dailyQuota, URI routerUrl,
                           Duration idempotencyWindow, int idempotencyMaxEntries, Duration deliveryTimeout,
                           Duration maxBlock, long retryAfterSeconds, DestinationOverrides destinations,
                           boolean mxLookup) {
    public static final String PREFIX = "HERALD_INGEST_";

    public IngestConfig {
        kafka = Map.copyOf(kafka);
        apiKeys = List.copyOf(apiKeys);
        dailyQuota = dailyQuota.isEmpty() ? Map.of() : new EnumMap<>(dailyQuota);
        Objects.requireNonNull(registry, "schema.registry.url");
        if (!kafka.containsKey("bootstrap.servers")) throw new IllegalArgumentException("missing required config KAFKA_BOOTSTRAP_SERVERS");
        if (apiKeys.isEmpty()) throw new IllegalArgumentException("missing required config " + PREFIX + "API_KEYS");
        if (port < 0 || port > 65535) throw new IllegalArgumentException(PREFIX + "PORT must be 0-65535, was " + port);
        if (maxBodyBytes < 1024) throw new IllegalArgumentException(PREFIX + "MAX_BODY_BYTES must be >= 1024, was " + maxBodyBytes);
        if (batchMax < 1) throw new IllegalArgumentException(PREFIX + "BATCH_MAX must be >= 1, was " + batchMax);
        if (ratePerSecond <= 0) throw new IllegalArgumentException(PREFIX + "RATE_PER_SECOND must be > 0");
        if (rateBurst < 1) throw new IllegalArgumentException(PREFIX + "RATE_BURST must be >= 1");
        if (deliveryTimeout.toMillis() < 1000) throw new IllegalArgumentException(PREFIX + "DELIVERY_TIMEOUT_MS must be >= 1000");
    }

    /** Reads the config; fails naming the key that is missing or malformed. */
    public static IngestConfig fromEnv(Map<String, String> env) {
        Keys k = new Keys(env);
        Map<String, Object> registryProps = new LinkedHashMap<>();
        String registryUrl = k.first("HERALD_SCHEMA_REGISTRY_URL", "SCHEMA_REGISTRY_URL", RegistryConfig.URL);
        if (registryUrl == null) throw new IllegalArgumentException("missing required config HERALD_SCHEMA_REGISTRY_URL");
        registryProps.put(RegistryConfig.URL, registryUrl);
        String userInfo = k.first("HERALD_SCHEMA_REGISTRY_USER_INFO", "SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", RegistryConfig.USER_INFO);
        if (userInfo != null) registryProps.put(RegistryConfig.USER_INFO, userInfo);
        return new IngestConfig(
                k.string("HOST", "0.0.0.0"),
                k.integer("PORT", 8080),
                kafka(env),
                RegistryConfig.from(registryProps),
                apiKeys(k.string("API_KEYS", "")),
                k.string("REQUEST_TOPIC", TopicNames.REQUEST),
                k.string("PREFERENCE_TOPIC", TopicNames.PREFERENCE),
                k.integer("MAX_BODY_BYTES", 262_144),
                k.integer("BATCH_MAX", 100),
                k.decimal("RATE_PER_SECOND", 2000),
                k.decimal("RATE_BURST", 4000),
                quota(k.string("DAILY_QUOTA", "")),
                URI.create(k.string("ROUTER_URL", "http://127.0.0.1:8081")),
                k.duration("IDEMPOTENCY_WINDOW", Duration.ofHours(24)),
                k.integer("IDEMPOTENCY_MAX_ENTRIES", 500_000),
                Duration.ofMillis(k.integer("DELIVERY_TIMEOUT_MS", 5000)),
                Duration.ofMillis(k.integer("MAX_BLOCK_MS", 2000)),
                k.integer("RETRY_AFTER_SECONDS", 5),
                // Shared with the router (same key): domain=destination overrides, then MX lookups in the background.
                DestinationOverrides.parse(k.first("HERALD_DESTINATIONS")),
                !"false".equalsIgnoreCase(k.string("MX_LOOKUP", "true")));
    }

    /** {@code KAFKA_FOO_BAR} → {@code foo.bar}; {@code kafka.foo.bar} → {@code foo.bar} (the latter wins). */
    static Map<String, Object> kafka(Map<String, String> env) {
        Map<String, Object> props = new TreeMap<>();
        env.forEach((key, value) -> {
            if (key.startsWith("KAFKA_")) props.put(key.substring(6).toLowerCase(Locale.ROOT).replace('_', '.'), value);
        });
        env.forEach((key, value) -> {
            if (key.startsWith("kafka.")) props.put(key.substring(6), value);
        });
        return props;
    }

    static List<ApiKey> apiKeys(String value) {
        List<ApiKey> keys = new ArrayList<>();
        for (String entry : value.split(",")) {
            if (entry.isBlank()) continue;
            try {
                keys.add(ApiKey.parse(entry));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(PREFIX + "API_KEYS: " + e.getMessage(), e);
            }
        }
        return keys;
    }

    static Map<Channel, Long> quota(String value) {
        Map<Channel, Long> quota = new EnumMap<>(Channel.class);
        for (String entry : value.split(",")) {
            if (entry.isBlank()) continue;
            String[] kv = entry.split("=");
            try {
                quota.put(Channel.valueOf(kv[0].trim().toUpperCase(Locale.ROOT)), Long.parseLong(kv[1].trim()));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(PREFIX + "DAILY_QUOTA must look like sms=10000,email=1000000, was '" + value + "'", e);
            }
        }
        return quota;
    }

    /** {@code 24h}, {@code 30m}, {@code 10s}, {@code 500ms} or ISO-8601 ({@code PT24H}). */
    static Duration parseDuration(String key, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("p")) return Duration.parse(value.trim().toUpperCase(Locale.ROOT));
            if (v.endsWith("ms")) return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            switch (v.charAt(v.length() - 1)) {
                case 's': return Duration.ofSeconds(n);
                case 'm': return Duration.ofMinutes(n);
                case 'h': return Duration.ofHours(n);
                case 'd': return Duration.ofDays(n);
                default: break;
            }
        } catch (RuntimeException e) {
            // fall through to the message naming the key
        }
        throw new IllegalArgumentException(key + " must be a duration such as 24h, 30m, 10s or PT24H, was '" + value + "'");
    }

    @Override
    public String toString() {
        Map<String, Object> maskedKafka = new TreeMap<>();
        kafka.forEach((key, value) -> maskedKafka.put(key,
                key.contains("password") || key.contains("sasl.jaas") || key.contains("secret") ? "****" : value));
        return "IngestConfig[host=" + host + ", port=" + port + ", kafka=" + maskedKafka + ", registry=" + registry
                + ", apiKeys=" + apiKeys.size() + " key(s) for " + apiKeys.stream().map(ApiKey::tenantId).distinct().toList()
                + ", requestTopic=" + requestTopic + ", preferenceTopic=" + preferenceTopic
                + ", maxBodyBytes=" + maxBodyBytes + ", batchMax=" + batchMax + ", ratePerSecond=" + ratePerSecond
                + ", rateBurst=" + rateBurst + ", dailyQuota=" + dailyQuota + ", routerUrl=" + routerUrl
                + ", idempotencyWindow=" + idempotencyWindow + ", idempotencyMaxEntries=" + idempotencyMaxEntries
                + ", deliveryTimeout=" + deliveryTimeout + ", maxBlock=" + maxBlock
                + ", retryAfterSeconds=" + retryAfterSeconds + "]";
    }

    /** Typed access to {@code HERALD_INGEST_*} keys, each failure naming its key. */
    private record Keys(Map<String, String> env) {
        String string(String name, String fallback) {
            String v = env.get(PREFIX + name);
            return v == null || v.isBlank() ? fallback : v.trim();
        }

        String first(String... names) {
            for (String name : names) {
                String v = env.get(name);
                if (v != null && !v.isBlank()) return v.trim();
            }
            return null;
        }

        int integer(String name, int fallback) {
            String v = string(name, null);
            if (v == null) return fallback;
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(PREFIX + name + " must be an integer, was '" + v + "'", e);
            }
        }

        double decimal(String name, double fallback) {
            String v = string(name, null);
            if (v == null) return fallback;
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(PREFIX + name + " must be a number, was '" + v + "'", e);
            }
        }

        Duration duration(String name, Duration fallback) {
            String v = string(name, null);
            return v == null ? fallback : parseDuration(PREFIX + name, v);
        }
    }
}
