package io.herald.router;

import io.herald.contracts.Channel;
import io.herald.contracts.Priority;
import io.herald.policy.destination.DestinationKeys;
import io.herald.router.decision.ExpiryPolicy;
import io.herald.router.decision.RoutingPolicy;
import io.herald.router.health.HealthPolicy;
import io.herald.router.topology.CriticalCommit;
import io.herald.router.topology.DeadLetterHandler;
import io.herald.router.topology.InternalEncoding;
import io.herald.router.topology.RocksDbMemory;
import io.herald.runtime.config.Config;
import io.herald.runtime.config.ConfigException;
import io.herald.runtime.config.KafkaKeys;
import io.herald.runtime.config.Secrets;
import io.herald.schemas.config.ProviderKeys;
import io.herald.schemas.registry.RegistryConfig;
import io.herald.schemas.registry.RegistryKeys;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Everything the router needs, read once through the configuration library ({@link RouterKeys}, plus the
 * shared Kafka, registry and provider keys). Every {@code kafka.*} key becomes a Streams property as it is.
 * The reference is {@code docs/configuration.md}.
 */
public record RouterConfig(String applicationId, String bootstrapServers, RegistryConfig registry, String stateDir,
                           int threads, Duration commitInterval, Duration dedupWindow, Duration dedupPurgeInterval,
                           RoutingPolicy routing, ExpiryPolicy expiry, HealthPolicy health, Duration healthTick,
                           Duration deferTick, String httpHost, int httpPort, String advertisedHost, long rocksDbCacheBytes,
                           long rocksDbWriteBufferBytes, Map<String, String> kafka, int replayMaxReleases,
                           Duration ledgerRetention, Duration ledgerPurgeInterval) {
    /** The main consumer's default fetch.max.wait.ms (see {@link #streamsProperties}); kafka.fetch.max.wait.ms overrides it. */
    static final int FETCH_MAX_WAIT_MS = 25;
    /** The main consumer's default {@code max.partition.fetch.bytes}; {@code kafka.max.partition.fetch.bytes} overrides it. */
    static final int MAX_PARTITION_FETCH_BYTES = 16 * 1024;
    /** The main consumer's default {@code fetch.max.bytes}; {@code kafka.fetch.max.bytes} overrides it. */
    static final int FETCH_MAX_BYTES = 64 * 1024;
    /** The producers' default {@code retry.backoff.ms} (see {@link #streamsProperties}); {@code kafka.retry.backoff.ms} overrides it. */
    static final int RETRY_BACKOFF_MS = 10;
    /** The critical router's {@code poll.ms} (see {@link #criticalStreamsProperties}); {@code kafka.poll.ms} overrides it. */
    static final long CRITICAL_POLL_MS = 10;
    /** Appended to the application id for the critical router. */
    static final String CRITICAL_SUFFIX = "-critical";

    public RouterConfig {
        if (threads < 1) throw new IllegalArgumentException(RouterKeys.THREADS + " must be >= 1: " + threads);
        if (httpPort < 0 || httpPort > 65535) throw new IllegalArgumentException(RouterKeys.HTTP_PORT + " out of range: " + httpPort);
        if (dedupWindow.isNegative() || dedupWindow.isZero()) throw new IllegalArgumentException(RouterKeys.DEDUP_WINDOW + " must be positive");
        if (deferTick.isNegative() || deferTick.isZero()) throw new IllegalArgumentException(RouterKeys.DEFER_TICK + " must be positive: " + deferTick);
        if (replayMaxReleases < 1) throw new IllegalArgumentException(RouterKeys.REPLAY_MAX_RELEASES + " must be >= 1: " + replayMaxReleases);
        if (ledgerRetention.compareTo(dedupWindow) < 0) throw retentionShorterThanDedup(ledgerRetention, dedupWindow);
        if (ledgerPurgeInterval.isNegative() || ledgerPurgeInterval.isZero()) {
            throw new IllegalArgumentException(RouterKeys.LEDGER_PURGE_INTERVAL + " must be positive: " + ledgerPurgeInterval);
        }
        kafka = Map.copyOf(kafka);
    }

    /**
     * A ledger that forgot a notification the dedup store still remembers would answer "duplicate of X" for an X
     * the status API no longer knows.
     */
    private static ConfigException retentionShorterThanDedup(Duration retention, Duration dedupWindow) {
        return new ConfigException(RouterKeys.LEDGER_RETENTION.name(), RouterKeys.LEDGER_RETENTION + " ("
                + RouterKeys.LEDGER_RETENTION.envName() + ") must be at least " + RouterKeys.DEDUP_WINDOW + " ("
                + dedupWindow + "), was " + retention);
    }

    /** Reads environment-style keys (old names still work, with a warning); fails naming the key on a bad value. */
    public static RouterConfig fromEnv(Map<String, String> env) {
        return from(Config.fromEnv(ProviderKeys.withLegacySmsProvider(env), RouterKeys.ALL));
    }

    /** The router's configuration from loaded keys; fails naming the key on a bad value. */
    public static RouterConfig from(Config c) {
        Map<Channel, List<String>> providers = new EnumMap<>(Channel.class);
        providers.put(Channel.EMAIL, c.get(ProviderKeys.EMAIL_PROVIDERS));
        providers.put(Channel.SMS, c.get(ProviderKeys.SMS_PROVIDERS));
        providers.put(Channel.WEBHOOK, List.of(c.get(ProviderKeys.WEBHOOK_PROVIDER_ID)));
        RoutingPolicy routing = new RoutingPolicy(providers, c.get(RouterKeys.PAID_CHANNELS), c.get(ProviderKeys.HALF_OPEN_TRICKLE_PERCENT),
                c.get(DestinationKeys.OVERRIDES), c.get(DestinationKeys.EMAIL_WARMUP_SHARE));
        Map<Priority, Duration> ttl = new EnumMap<>(Priority.class);
        ttl.put(Priority.CRITICAL, c.get(RouterKeys.TTL_CRITICAL));
        ttl.put(Priority.TRANSACTIONAL, c.get(RouterKeys.TTL_TRANSACTIONAL));
        ttl.put(Priority.BULK, c.get(RouterKeys.TTL_BULK));
        HealthPolicy health;
        try {
            health = new HealthPolicy(c.get(RouterKeys.HEALTH_WINDOW), c.get(RouterKeys.HEALTH_MIN_SAMPLE),
                    c.get(RouterKeys.HEALTH_CONSECUTIVE_DEGRADED), c.get(RouterKeys.HEALTH_CONSECUTIVE_DOWN),
                    c.get(RouterKeys.HEALTH_CONSECUTIVE_DOWN_THROTTLED), c.get(RouterKeys.HEALTH_DEGRADED_RATIO),
                    c.get(RouterKeys.HEALTH_DOWN_DELIVERED_RATIO), c.get(RouterKeys.HEALTH_THROTTLED_RATIO),
                    c.get(RouterKeys.HEALTH_RECOVERY_RATIO), c.get(RouterKeys.HEALTH_HALF_OPEN_AFTER),
                    c.get(RouterKeys.HEALTH_HALF_OPEN_SUCCESSES), c.get(RouterKeys.HEALTH_MIN_DWELL),
                    c.get(RouterKeys.HEALTH_PROBE_TIMEOUT));
        } catch (IllegalArgumentException e) {
            // The keys only make sense together (recovery < degraded, degraded streak <= down streak <= throttled streak).
            throw new ConfigException("health", "inconsistent health.* settings: " + e.getMessage(), e);
        }
        String stateDir = c.isSet(RouterKeys.STATE_DIR) ? c.get(RouterKeys.STATE_DIR)
                : System.getProperty("java.io.tmpdir") + "/herald-router";
        return new RouterConfig(
                c.get(RouterKeys.APPLICATION_ID),
                c.get(KafkaKeys.BOOTSTRAP_SERVERS),
                RegistryKeys.registryConfig(c),
                stateDir,
                c.get(RouterKeys.THREADS),
                c.get(RouterKeys.COMMIT_INTERVAL),
                c.get(RouterKeys.DEDUP_WINDOW),
                c.get(RouterKeys.DEDUP_PURGE_INTERVAL),
                routing, new ExpiryPolicy(ttl), health,
                c.get(RouterKeys.HEALTH_TICK),
                c.get(RouterKeys.DEFER_TICK),
                c.get(RouterKeys.HTTP_HOST),
                c.get(RouterKeys.HTTP_PORT),
                c.get(RouterKeys.ADVERTISED_HOST),
                c.get(RouterKeys.ROCKSDB_CACHE_MB) * 1024L * 1024L,
                c.get(RouterKeys.ROCKSDB_WRITE_BUFFER_MB) * 1024L * 1024L,
                kafkaWithCriticalCommitGap(c),
                c.get(RouterKeys.REPLAY_MAX_RELEASES),
                c.get(RouterKeys.LEDGER_RETENTION),
                c.get(RouterKeys.LEDGER_PURGE_INTERVAL));
    }

    /**
     * The pass-through settings, plus {@code router.critical.commit-gap} as the Streams property {@link CriticalCommit}
     * reads (the key wins over a pass-through {@code kafka.herald.router.critical.commit.ms}, its earlier spelling), and
     * {@code router.internal-encoding} as the one {@link InternalEncoding} reads (likewise winning over its pass-through).
     */
    private static Map<String, String> kafkaWithCriticalCommitGap(Config c) {
        if (!c.isSet(RouterKeys.CRITICAL_COMMIT_GAP) && !c.isSet(RouterKeys.INTERNAL_ENCODING)) return c.kafka();
        Map<String, String> kafka = new TreeMap<>(c.kafka());
        if (c.isSet(RouterKeys.CRITICAL_COMMIT_GAP)) {
            kafka.put(CriticalCommit.GAP_CONFIG, Long.toString(c.get(RouterKeys.CRITICAL_COMMIT_GAP).toMillis()));
        }
        if (c.isSet(RouterKeys.INTERNAL_ENCODING)) kafka.put(InternalEncoding.CONFIG, c.get(RouterKeys.INTERNAL_ENCODING));
        return kafka;
    }

    /** Defaults for local runs and tests against {@code bootstrap} and {@code registryUrl}, with the local providers. */
    public static RouterConfig local(String bootstrap, String registryUrl) {
        return fromEnv(Map.of(KafkaKeys.BOOTSTRAP_SERVERS.name(), bootstrap, RegistryKeys.URL.name(), registryUrl,
                ProviderKeys.EMAIL_PROVIDERS.name(), "smtp-primary,smtp-secondary", ProviderKeys.SMS_PROVIDERS.name(), "twilio"));
    }

    /** A copy with other Streams identity and HTTP settings (tests and the one-JVM stack run several). */
    public RouterConfig withInstance(String applicationId, String stateDir, int httpPort) {
        return new RouterConfig(applicationId, bootstrapServers, registry, stateDir, threads, commitInterval, dedupWindow,
                dedupPurgeInterval, routing, expiry, health, healthTick, deferTick, httpHost, httpPort, advertisedHost, rocksDbCacheBytes,
                rocksDbWriteBufferBytes, kafka, replayMaxReleases, ledgerRetention, ledgerPurgeInterval);
    }

    /** A copy with extra pass-through Kafka settings. */
    public RouterConfig withKafka(Map<String, String> extra) {
        Map<String, String> merged = new TreeMap<>(kafka);
        merged.putAll(extra);
        return new RouterConfig(applicationId, bootstrapServers, registry, stateDir, threads, commitInterval, dedupWindow,
                dedupPurgeInterval, routing, expiry, health, healthTick, deferTick, httpHost, httpPort, advertisedHost, rocksDbCacheBytes,
                rocksDbWriteBufferBytes, merged, replayMaxReleases, ledgerRetention, ledgerPurgeInterval);
    }

    /** The critical router's application id (its consumer group, transactional ids, internal topics and state directory). */
    public String criticalApplicationId() {
        return applicationId + CRITICAL_SUFFIX;
    }

    /**
     * The critical router's Streams properties: the main router's, under {@link #criticalApplicationId()}, with one
     * stream thread (critical requests are few; one thread keeps their order and their commits cheap) and no
     * {@code application.server} (nothing is queried from it: the ledger stays with the main router).
     */
    public Properties criticalStreamsProperties() {
        Properties p = streamsProperties(httpPort);
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, criticalApplicationId());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        p.remove(StreamsConfig.APPLICATION_SERVER_CONFIG);
        // The short fetch wait is for the outcome topic's transactions (see streamsProperties); the critical router
        // does not read it, and a broker answers a waiting fetch as soon as a code arrives: Kafka's default wait
        // keeps its idle consumer from asking forty times a second.
        p.remove(StreamsConfig.mainConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG));
        // An idle stream thread waits in poll for up to poll.ms before it runs a due punctuation: the reminder that
        // commits a code decided within the early-commit gap (CriticalCommit) fired up to 100 ms late, and with codes
        // 100 ms apart half of them waited for it. The critical thread only waits for codes: 10 ms.
        if (!kafka.containsKey(StreamsConfig.POLL_MS_CONFIG)) p.put(StreamsConfig.POLL_MS_CONFIG, CRITICAL_POLL_MS);
        return p;
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
        // The main consumer reads the workers' outcomes read_committed, and a fetch waiting at the last stable offset
        // often waits out fetch.max.wait.ms (500 ms by default) after the transaction it waits for has committed: a
        // critical code failing over to SMS waited that long at the router. 25 ms bounds the wait for more fetches while
        // idle: 10 ms doubled the idle local stack's CPU (7 → 14 CPU-s a minute), hence the compromise
        // (docs/benchmarks/pipeline.md).
        // No task here joins or otherwise depends on the timestamp order across its input partitions, so nothing is
        // gained by waiting for an empty partition's lag; and with waiting on (0, the default) Kafka Streams 4.3 formats
        // a log line for every empty input partition on every processing check: 13% of the stream thread in the
        // router's profile (one task reads the request, outcome, replay and two repartition topics).
        p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
        if (!kafka.containsKey(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG)) {
            p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), FETCH_MAX_WAIT_MS);
        }
        // The consumer hands out fetched data in the order it was fetched, and the stream thread processes what one poll
        // returned before it polls again: a code fetched from the critical request topic waits until everything fetched
        // before it (requests of a campaign, the workers' outcomes) has been processed. With 256 KiB per partition and
        // Kafka's 50 MiB per fetch that was up to 3 MiB, ten thousand records: during a million-mail drain, a code was
        // decided p50 0.5 / p99 1.4 s after it was produced. 16 KiB per partition and 64 KiB per fetch: p50 67 / p99
        // 203 ms, the drain as fast (docs/benchmarks/pipeline.md). Fetches are many more, but on the broker's side each is
        // cheap and the router does less than 20 MB/s.
        // A transaction's offsets wait while the previous transaction's markers are still being written (the coordinator
        // answers CONCURRENT_TRANSACTIONS), and the producer retries after retry.backoff.ms, 100 ms by default. A router
        // that commits every few tens of milliseconds (early critical commits) met that on most commits: the critical
        // router's commits took ~93 ms on average, nearly all of it that back-off, and at 500 codes/s it fell behind.
        if (!kafka.containsKey(ProducerConfig.RETRY_BACKOFF_MS_CONFIG)) {
            p.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), RETRY_BACKOFF_MS);
        }
        if (!kafka.containsKey(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG)) {
            p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG), MAX_PARTITION_FETCH_BYTES);
        }
        if (!kafka.containsKey(ConsumerConfig.FETCH_MAX_BYTES_CONFIG)) {
            p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.FETCH_MAX_BYTES_CONFIG), FETCH_MAX_BYTES);
        }
        p.putAll(kafka);
        return p;
    }

    /** Loggable view: pass-through values whose names suggest secrets are masked. */
    @Override
    public String toString() {
        Map<String, String> masked = kafka.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> Secrets.mask(Secrets.looksSecret(e.getKey()), e.getValue()), (a, b) -> a, TreeMap::new));
        return "RouterConfig[applicationId=" + applicationId + ", bootstrap=" + bootstrapServers + ", registry="
                + registry.url() + ", stateDir=" + stateDir + ", threads=" + threads + ", commitInterval=" + commitInterval
                + ", dedupWindow=" + dedupWindow + ", ledgerRetention=" + ledgerRetention + ", deferTick=" + deferTick + ", replayMaxReleases=" + replayMaxReleases + ", routing=" + routing + ", expiry=" + expiry + ", health=" + health
                + ", httpHost=" + httpHost + ", httpPort=" + httpPort + ", advertisedHost=" + advertisedHost + ", rocksDbCacheBytes="
                + rocksDbCacheBytes + ", kafka=" + masked + "]";
    }
}
