package io.herald.ingest;

import io.herald.policy.destination.DestinationKeys;
import io.herald.policy.destination.DestinationOverrides;

import io.herald.contracts.Channel;
import io.herald.runtime.auth.ApiKey;
import io.herald.runtime.config.Config;
import io.herald.runtime.config.ConfigException;
import io.herald.runtime.config.KafkaKeys;
import io.herald.runtime.config.Secrets;
import io.herald.schemas.registry.RegistryConfig;
import io.herald.schemas.registry.RegistryKeys;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything the ingest service is configured with, read once through the configuration library
 * ({@link IngestKeys}, plus the shared Kafka and registry keys; reference: {@code docs/configuration.md}).
 * Every {@code kafka.*} key reaches the producer as it is. Secrets (registry credentials; API keys are only
 * hashes anyway) are masked by {@link #toString()}.
 */
public record IngestConfig(String host, int port, Map<String, Object> kafka, RegistryConfig registry, List<ApiKey> apiKeys,
                           String requestTopic, String criticalRequestTopic, String preferenceTopic, String preferenceEventTopic, int maxBodyBytes, int batchMax,
                           double ratePerSecond, double rateBurst, Map<Channel, Long> dailyQuota, URI routerUrl,
                           Duration idempotencyWindow, int idempotencyMaxEntries, Duration deliveryTimeout,
                           Duration maxBlock, long retryAfterSeconds, DestinationOverrides destinations,
                           boolean mxLookup) {

    public IngestConfig {
        kafka = Map.copyOf(kafka);
        apiKeys = List.copyOf(apiKeys);
        dailyQuota = dailyQuota.isEmpty() ? Map.of() : new EnumMap<>(dailyQuota);
        Objects.requireNonNull(registry, "schema.registry.url");
        if (!kafka.containsKey("bootstrap.servers")) throw new IllegalArgumentException("missing required config " + KafkaKeys.BOOTSTRAP_SERVERS);
        if (apiKeys.isEmpty()) throw new IllegalArgumentException("missing required config " + IngestKeys.API_KEYS + " (" + IngestKeys.API_KEYS.envName() + ")");
        if (port < 0 || port > 65535) throw new IllegalArgumentException(IngestKeys.HTTP_PORT + " must be 0-65535, was " + port);
        if (maxBodyBytes < 1024) throw new IllegalArgumentException(IngestKeys.MAX_BODY_BYTES + " must be >= 1024, was " + maxBodyBytes);
        if (batchMax < 1) throw new IllegalArgumentException(IngestKeys.BATCH_MAX + " must be >= 1, was " + batchMax);
        if (ratePerSecond <= 0) throw new IllegalArgumentException(IngestKeys.RATE_PER_SECOND + " must be > 0");
        if (rateBurst < 1) throw new IllegalArgumentException(IngestKeys.RATE_BURST + " must be >= 1");
        if (deliveryTimeout.toMillis() < 1000) throw new IllegalArgumentException(IngestKeys.DELIVERY_TIMEOUT + " must be >= 1s");
    }

    /** Reads environment-style keys (old names still work, with a warning); fails naming the key that is missing or malformed. */
    public static IngestConfig fromEnv(Map<String, String> env) {
        return from(Config.fromEnv(env, IngestKeys.ALL));
    }

    /** The ingest service's configuration from loaded keys. */
    public static IngestConfig from(Config c) {
        return new IngestConfig(
                c.get(IngestKeys.HTTP_HOST),
                c.get(IngestKeys.HTTP_PORT),
                new TreeMap<String, Object>(c.kafka()),
                RegistryKeys.registryConfig(c),
                apiKeys(c.get(IngestKeys.API_KEYS)),
                c.get(IngestKeys.REQUEST_TOPIC),
                c.get(IngestKeys.CRITICAL_REQUEST_TOPIC),
                c.get(IngestKeys.PREFERENCE_TOPIC),
                c.get(IngestKeys.PREFERENCE_EVENT_TOPIC),
                c.get(IngestKeys.MAX_BODY_BYTES),
                c.get(IngestKeys.BATCH_MAX),
                c.get(IngestKeys.RATE_PER_SECOND),
                c.get(IngestKeys.RATE_BURST),
                c.optional(IngestKeys.DAILY_QUOTA).orElse(Map.of()),
                c.get(IngestKeys.ROUTER_URL),
                c.get(IngestKeys.IDEMPOTENCY_WINDOW),
                c.get(IngestKeys.IDEMPOTENCY_MAX_ENTRIES),
                c.get(IngestKeys.DELIVERY_TIMEOUT),
                c.get(IngestKeys.MAX_BLOCK),
                c.get(IngestKeys.RETRY_AFTER).toSeconds(),
                c.get(DestinationKeys.OVERRIDES),
                c.get(DestinationKeys.MX_LOOKUP));
    }

    static List<ApiKey> apiKeys(String value) {
        List<ApiKey> keys = new ArrayList<>();
        for (String entry : value.split(",")) {
            if (entry.isBlank()) continue;
            try {
                keys.add(ApiKey.parseTenantKey(entry));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(IngestKeys.API_KEYS.name(), IngestKeys.API_KEYS + ": " + e.getMessage(), e);
            }
        }
        return keys;
    }

    @Override
    public String toString() {
        Map<String, Object> maskedKafka = new TreeMap<>();
        kafka.forEach((key, value) -> maskedKafka.put(key,
                Secrets.looksSecret(key) ? Secrets.MASK : value));
        return "IngestConfig[host=" + host + ", port=" + port + ", kafka=" + maskedKafka + ", registry=" + registry
                + ", apiKeys=" + apiKeys.size() + " key(s) for " + apiKeys.stream().map(ApiKey::tenantId).distinct().toList()
                + ", requestTopic=" + requestTopic + ", criticalRequestTopic=" + criticalRequestTopic + ", preferenceTopic=" + preferenceTopic
                + ", preferenceEventTopic=" + preferenceEventTopic
                + ", maxBodyBytes=" + maxBodyBytes + ", batchMax=" + batchMax + ", ratePerSecond=" + ratePerSecond
                + ", rateBurst=" + rateBurst + ", dailyQuota=" + dailyQuota + ", routerUrl=" + routerUrl
                + ", idempotencyWindow=" + idempotencyWindow + ", idempotencyMaxEntries=" + idempotencyMaxEntries
                + ", deliveryTimeout=" + deliveryTimeout + ", maxBlock=" + maxBlock
                + ", retryAfterSeconds=" + retryAfterSeconds + "]";
    }
}
