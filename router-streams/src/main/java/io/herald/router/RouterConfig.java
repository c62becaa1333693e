package io.herald.router;

import io.herald.contracts.Channel;
import io.herald.contracts.Priority;
import io.herald.router.decision.ExpiryPolicy;
import io.herald.router.decision.RoutingPolicy;
import io.herald.policy.choice.WarmUp;
import io.herald.policy.destination.DestinationOverrides;
import io.herald.router.health.HealthPolicy;
import io.herald.router.topology.DeadLetterHandler;
import io.herald.router.topology.RocksDbMemory;
import io.herald.schemas.registry.RegistryConfig;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Everything the router needs, read once from environment-style keys. Kafka client and Streams
 * settings pass through untouched: {@code kafka.<name>} keys and {@code KAFKA_<NAME>} variables
 * (upper-case, underscores for dots) become Streams properties.
 *
 * <table>
 * <caption>Keys</caption>
 * <tr><td>HERALD_KAFKA_BOOTSTRAP_SERVERS (or KAFKA_BOOTSTRAP_SERVERS)</td><td>localhost:9092</td></tr>
 * <tr><td>HERALD_SCHEMA_REGISTRY_URL (or schema.registry.url)</td><td>http://localhost:8080/apis/ccompat/v7</td></tr>
 * <tr><td>HERALD_ROUTER_APPLICATION_ID</td><td>herald-router</td></tr>
 * <tr><td>HERALD_ROUTER_STATE_DIR</td><td>${java.io.tmpdir}/herald-router</td></tr>
 * <tr><td>HERALD_ROUTER_THREADS</td><td>1</td></tr>
 * <tr><td>HERALD_ROUTER_COMMIT_INTERVAL</td><td>100ms (bounds routing latency under exactly-once)</td></tr>
 * <tr><td>HERALD_ROUTER_DEDUP_WINDOW / HERALD_ROUTER_DEDUP_PURGE_INTERVAL</td><td>7d / 1m</td></tr>
 * <tr><td>HERALD_ROUTER_PROVIDERS_EMAIL / _SMS / _WEBHOOK</td><td>smtp-primary,smtp-secondary / twilio / webhook</td></tr>
 * <tr><td>HERALD_ROUTER_PAID_CHANNELS</td><td>SMS</td></tr>
 * <tr><td>HERALD_HEALTH_HALF_OPEN_TRICKLE_PERCENT (or HERALD_ROUTER_HALF_OPEN_TRICKLE_PERCENT)</td><td>10 (share of
 *     notifications, by id, a HALF_OPEN provider takes; the workers read the same key)</td></tr>
 * <tr><td>HERALD_ROUTER_TTL_CRITICAL / _TRANSACTIONAL / _BULK</td><td>15m / 24h / 72h</td></tr>
 * <tr><td>HERALD_HEALTH_WINDOW, _MIN_SAMPLE</td><td>60s, 20 (counting window; attempts before a ratio counts)</td></tr>
 * <tr><td>HERALD_HEALTH_CONSECUTIVE_DEGRADED</td><td>3 (transient failures in a row that degrade)</td></tr>
 * <tr><td>HERALD_HEALTH_CONSECUTIVE_DOWN</td><td>5 (attempts in a row without a delivery, one of them a failure,
 *     that take a provider DOWN)</td></tr>
 * <tr><td>HERALD_HEALTH_CONSECUTIVE_DOWN_THROTTLED</td><td>10 (throttled replies in a row without a delivery that
 *     take it DOWN: nothing accepted even at the floor rate)</td></tr>
 * <tr><td>HERALD_HEALTH_DOWN_DELIVERED_RATIO</td><td>0.1 (DOWN when less than this share of attempts is
 *     delivered over the minimum sample; replaces HERALD_HEALTH_DOWN_RATIO, which is refused)</td></tr>
 * <tr><td>HERALD_HEALTH_DEGRADED_RATIO, _THROTTLED_RATIO, _RECOVERY_RATIO</td><td>0.2, 0.2, 0.05</td></tr>
 * <tr><td>HERALD_HEALTH_HALF_OPEN_AFTER, _HALF_OPEN_SUCCESSES, _MIN_DWELL, _TICK</td><td>30s, 5, 10s, 1s</td></tr>
 * <tr><td>HERALD_HEALTH_PROBE_TIMEOUT</td><td>2m (a provider probed within this time leaves DOWN only on a
 *     successful probe (notify.provider-probe.v1); after it, the time-based half-open applies again)</td></tr>
 * <tr><td>HERALD_DESTINATIONS</td><td>empty (domain=destination,... e.g. contoso.com=exchange-online: where a
 *     recipient domain's mail lands when the request does not carry its resolved destination)</td></tr>
 * <tr><td>HERALD_EMAIL_WARMUP_SHARE</td><td>0 (e.g. 2%: that share of transactional and bulk email goes to the
 *     secondary provider first while both are healthy, keeping its reputation warm; metric
 *     herald.router.warmup)</td></tr>
 * <tr><td>HERALD_DEFER_TICK</td><td>5s (how often the ledger releases notifications whose quiet hours ended;
 *     a deferred notification is routed at most this late)</td></tr>
 * <tr><td>HERALD_REPLAY_MAX_RELEASES</td><td>3 (a notification parked again after this many releases from its
 *     parked topic ends FAILED instead: park/release cycles end)</td></tr>
 * <tr><td>HERALD_ROUTER_HTTP_PORT</td><td>8081 (0 = any free port)</td></tr>
 * <tr><td>HERALD_ROUTER_ADVERTISED_HOST</td><td>localhost (host other instances use to reach this one)</td></tr>
 * <tr><td>HERALD_ROUTER_ROCKSDB_CACHE_MB / _WRITE_BUFFER_MB</td><td>64 / 32 (shared by every store)</td></tr>
 * </table>
 */
public record RouterConfig(String applicationId, String bootstrapServers, RegistryConfig registry, String stateDir,
                           int threads, Duration commitInterval, Duration dedupWindow, Duration dedupPurgeInterval,
                           RoutingPolicy routing, ExpiryPolicy expiry, HealthPolicy health, Duration healthTick,
                           Duration deferTick, int httpPort, String advertisedHost, long rocksDbCacheBytes,
                           long rocksDbWriteBufferBytes, Map<String, String> kafka, int replayMaxReleases) {

    public RouterConfig {
        if (threads < 1) throw new IllegalArgumentException("HERALD_ROUTER_THREADS must be >= 1: " + threads);
        if (httpPort < 0 || httpPort > 65535) throw new IllegalArgumentException("HERALD_ROUTER_HTTP_PORT out of range: " + httpPort);
        if (dedupWindow.isNegative() || dedupWindow.isZero()) throw new IllegalArgumentException("HERALD_ROUTER_DEDUP_WINDOW must be positive");
        if (deferTick.isNegative() || deferTick.isZero()) throw new IllegalArgumentException("HERALD_DEFER_TICK must be positive: " + deferTick);
        if (replayMaxReleases < 1) {
            throw new IllegalArgumentException("HERALD_REPLAY_MAX_RELEASES must be >= 1: " + replayMaxReleases);
        }
        kafka = Map.copyOf(kafka);
    }

    /** Reads the configuration; fails naming the key on a bad value. */
    public static RouterConfig fromEnv(Map<String, String> env) {
        Reader r = new Reader(env);
        String bootstrap = r.string("HERALD_KAFKA_BOOTSTRAP_SERVERS", r.string("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"));
        Map<String, String> registryKeys = new LinkedHashMap<>();
        registryKeys.put("schema.registry.url", r.string("HERALD_SCHEMA_REGISTRY_URL",
                r.string("schema.registry.url", "http://localhost:8080/apis/ccompat/v7")));
        String userInfo = r.string("HERALD_SCHEMA_REGISTRY_USER_INFO", r.string("basic.auth.user.info", null));
        if (userInfo != null) registryKeys.put("basic.auth.user.info", userInfo);

        Map<Channel, List<String>> providers = new EnumMap<>(Channel.class);
        providers.put(Channel.EMAIL, r.list("HERALD_ROUTER_PROVIDERS_EMAIL", "smtp-primary,smtp-secondary"));
        providers.put(Channel.SMS, r.list("HERALD_ROUTER_PROVIDERS_SMS", "twilio"));
        providers.put(Channel.WEBHOOK, r.list("HERALD_ROUTER_PROVIDERS_WEBHOOK", "webhook"));
        Set<Channel> paid = EnumSet.noneOf(Channel.class);
        for (String c : r.list("HERALD_ROUTER_PAID_CHANNELS", "SMS")) {
            try {
                paid.add(Channel.valueOf(c.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("HERALD_ROUTER_PAID_CHANNELS: unknown channel " + c);
            }
        }
        // One trickle for router and workers (both apply ProviderChoice); the router's older key still works.
        RoutingPolicy routing = new RoutingPolicy(providers, paid, r.integer("HERALD_HEALTH_HALF_OPEN_TRICKLE_PERCENT",
                r.integer("HERALD_ROUTER_HALF_OPEN_TRICKLE_PERCENT", 10)),
                DestinationOverrides.parse(r.string("HERALD_DESTINATIONS", "")),
                WarmUp.parse(r.string("HERALD_EMAIL_WARMUP_SHARE", "")));
        Map<Priority, Duration> ttl = new EnumMap<>(Priority.class);
        ttl.put(Priority.CRITICAL, r.duration("HERALD_ROUTER_TTL_CRITICAL", "15m"));
        ttl.put(Priority.TRANSACTIONAL, r.duration("HERALD_ROUTER_TTL_TRANSACTIONAL", "24h"));
        ttl.put(Priority.BULK, r.duration("HERALD_ROUTER_TTL_BULK", "72h"));
        if (r.string("HERALD_HEALTH_DOWN_RATIO", null) != null) {
            // The old key meant "transient-failure share that takes a provider down"; silently ignoring it would hide
            // that outages are now judged by what gets through.
            throw new IllegalArgumentException("HERALD_HEALTH_DOWN_RATIO is no longer read: a provider is DOWN when it "
                    + "delivers less than HERALD_HEALTH_DOWN_DELIVERED_RATIO of its attempts");
        }
        HealthPolicy d = HealthPolicy.DEFAULT;
        HealthPolicy health = new HealthPolicy(r.duration("HERALD_HEALTH_WINDOW", "60s"),
                r.integer("HERALD_HEALTH_MIN_SAMPLE", d.minSample()),
                r.integer("HERALD_HEALTH_CONSECUTIVE_DEGRADED", d.consecutiveDegraded()),
                r.integer("HERALD_HEALTH_CONSECUTIVE_DOWN", d.consecutiveDown()),
                r.integer("HERALD_HEALTH_CONSECUTIVE_DOWN_THROTTLED", d.consecutiveDownThrottled()),
                r.decimal("HERALD_HEALTH_DEGRADED_RATIO", d.degradedRatio()),
                r.decimal("HERALD_HEALTH_DOWN_DELIVERED_RATIO", d.downDeliveredRatio()),
                r.decimal("HERALD_HEALTH_THROTTLED_RATIO", d.throttledRatio()),
                r.decimal("HERALD_HEALTH_RECOVERY_RATIO", d.recoveryRatio()),
                r.duration("HERALD_HEALTH_HALF_OPEN_AFTER", "30s"),
                r.integer("HERALD_HEALTH_HALF_OPEN_SUCCESSES", d.halfOpenSuccesses()),
                r.duration("HERALD_HEALTH_MIN_DWELL", "10s"),
                r.duration("HERALD_HEALTH_PROBE_TIMEOUT", "2m"));

        Map<String, String> kafka = new TreeMap<>();
        env.forEach((k, v) -> {
            if (k.startsWith("kafka.")) kafka.put(k.substring("kafka.".length()), v);
            else if (k.startsWith("KAFKA_") && !k.equals("KAFKA_BOOTSTRAP_SERVERS")) {
                kafka.put(k.substring("KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.'), v);
            }
        });
        return new RouterConfig(
                r.string("HERALD_ROUTER_APPLICATION_ID", "herald-router"),
                bootstrap,
                RegistryConfig.from(registryKeys),
                r.string("HERALD_ROUTER_STATE_DIR", System.getProperty("java.io.tmpdir") + "/herald-router"),
                r.integer("HERALD_ROUTER_THREADS", 1),
                r.duration("HERALD_ROUTER_COMMIT_INTERVAL", "100ms"),
                r.duration("HERALD_ROUTER_DEDUP_WINDOW", "7d"),
                r.duration("HERALD_ROUTER_DEDUP_PURGE_INTERVAL", "1m"),
                routing, new ExpiryPolicy(ttl), health,
                r.duration("HERALD_HEALTH_TICK", "1s"),
                r.duration("HERALD_DEFER_TICK", "5s"),
                r.integer("HERALD_ROUTER_HTTP_PORT", 8081),
                r.string("HERALD_ROUTER_ADVERTISED_HOST", "localhost"),
                r.integer("HERALD_ROUTER_ROCKSDB_CACHE_MB", 64) * 1024L * 1024L,
                r.integer("HERALD_ROUTER_ROCKSDB_WRITE_BUFFER_MB", 32) * 1024L * 1024L,
                kafka,
                r.integer("HERALD_REPLAY_MAX_RELEASES", 3));
    }

    /** Defaults for local runs and tests against {@code bootstrap} and {@code registryUrl}. */
    public static RouterConfig local(String bootstrap, String registryUrl) {
        return fromEnv(Map.of("HERALD_KAFKA_BOOTSTRAP_SERVERS", bootstrap, "HERALD_SCHEMA_REGISTRY_URL", registryUrl));
    }

    /** A copy with other Streams identity and HTTP settings (tests and the one-JVM stack run several). */
    public RouterConfig withInstance(String applicationId, String stateDir, int httpPort) {
        return new RouterConfig(applicationId, bootstrapServers, registry, stateDir, threads, commitInterval, dedupWindow,
                dedupPurgeInterval, routing, expiry, health, healthTick, deferTick, httpPort, advertisedHost, rocksDbCacheBytes,
                rocksDbWriteBufferBytes, kafka, replayMaxReleases);
    }

    /** A copy with extra pass-through Kafka settings. */
    public RouterConfig withKafka(Map<String, String> extra) {
        Map<String, String> merged = new TreeMap<>(kafka);
        merged.putAll(extra);
        return new RouterConfig(applicationId, bootstrapServers, registry, stateDir, threads, commitInterval, dedupWindow,
                dedupPurgeInterval, routing, expiry, health, healthTick, deferTick, httpPort, advertisedHost, rocksDbCacheBytes,
                rocksDbWriteBufferBytes, merged, replayMaxReleases);
    }

    /**
     * Streams properties: exactly-once v2, the routing dead-letter handler, bounded RocksDB memory, and
     * {@code application.server} for interactive queries; pass-through settings are applied last.
     *
     * @param httpPort the port actually bound (may differ from {@link #httpPort()} when that is 0)
     */
    public Properties streamsProperties(int httpPort) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
        p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, advertisedHost + ":" + httpPort);
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, RocksDbMemory.class);
        p.put(RocksDbMemory.CACHE_BYTES_CONFIG, rocksDbCacheBytes);
        p.put(RocksDbMemory.WRITE_BUFFER_BYTES_CONFIG, rocksDbWriteBufferBytes);
        // Routing latency is bounded by the commit interval, not by batching on the way out.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        p.putAll(kafka);
        return p;
    }

    /** Loggable view: pass-through values whose names suggest secrets are masked. */
    @Override
    public String toString() {
        Map<String, String> masked = kafka.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> secret(e.getKey()) ? "****" : e.getValue(), (a, b) -> a, TreeMap::new));
        return "RouterConfig[applicationId=" + applicationId + ", bootstrap=" + bootstrapServers + ", registry="
                + registry.url() + ", stateDir=" + stateDir + ", threads=" + threads + ", commitInterval=" + commitInterval
                + ", dedupWindow=" + dedupWindow + ", deferTick=" + deferTick + ", replayMaxReleases=" + replayMaxReleases + ", routing=" + routing + ", expiry=" + expiry + ", health=" + health
                + ", httpPort=" + httpPort + ", advertisedHost=" + advertisedHost + ", rocksDbCacheBytes="
                + rocksDbCacheBytes + ", kafka=" + masked + "]";
    }

    private static boolean secret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("secret") || k.contains("jaas") || k.contains("user.info")
                || k.contains("token") || k.contains("key");
    }

    /** Typed access to the map, failing with the key's name. */
    private record Reader(Map<String, String> env) {
        String string(String key, String fallback) {
            String v = env.get(key);
            return v == null || v.isBlank() ? fallback : v.trim();
        }

        int integer(String key, int fallback) {
            String v = string(key, null);
            if (v == null) return fallback;
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be an integer, got '" + v + "'");
            }
        }

        double decimal(String key, double fallback) {
            String v = string(key, null);
            if (v == null) return fallback;
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be a number, got '" + v + "'");
            }
        }

        List<String> list(String key, String fallback) {
            return Arrays.stream(string(key, fallback).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }

        /** ISO-8601 (PT30S, P7D) or a number with ms/s/m/h/d. */
        Duration duration(String key, String fallback) {
            String v = string(key, fallback);
            try {
                if (v.startsWith("P") || v.startsWith("p")) return Duration.parse(v.toUpperCase(Locale.ROOT));
                String unit = v.replaceAll("[0-9]", "");
                long n = Long.parseLong(v.substring(0, v.length() - unit.length()));
                return switch (unit) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    case "d" -> Duration.ofDays(n);
                    default -> throw new IllegalArgumentException("unit");
                };
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(key + " must be a duration like 30s, 15m, 7d or PT30S, got '" + v + "'");
            }
        }
    }
}
