package io.herald.router;

import io.herald.policy.destination.DestinationKeys;

import io.herald.contracts.Channel;
import io.herald.router.health.HealthPolicy;
import io.herald.runtime.config.Key;
import io.herald.runtime.config.KafkaKeys;
import io.herald.runtime.config.KeyCatalogue;
import io.herald.schemas.config.ProviderKeys;
import io.herald.schemas.registry.RegistryKeys;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The router's keys: Streams identity and state, dedup, expiry, paid channels, and the health model ({@code health.*}). */
public final class RouterKeys {
    private static final String POSITIVE = "must be positive";

    public static final Key<String> APPLICATION_ID = Key.string("router.application-id").defaultValue("herald-router")
            .doc("Kafka Streams application id (consumer group, internal topic prefix). The critical router, which reads "
                    + "the critical request topic, runs beside it as `<application id>-critical`.").build();
    public static final Key<String> STATE_DIR = Key.string("router.state-dir").defaultText("${java.io.tmpdir}/herald-router")
            .doc("Kafka Streams state directory (RocksDB stores).").build();
    public static final Key<Integer> THREADS = Key.integer("router.threads").defaultValue(1).check(n -> n >= 1, "must be >= 1")
            .doc("Stream threads of the main router (the critical router always has one).").build();
    public static final Key<Duration> COMMIT_INTERVAL = Key.duration("router.commit-interval").defaultValue(Duration.ofMillis(100))
            .check(RouterKeys::positive, POSITIVE).doc("Commit interval; under exactly-once it bounds routing latency.").build();
    public static final Key<Duration> CRITICAL_COMMIT_GAP = Key.duration("router.critical.commit-gap").defaultText("router.commit-interval")
            .check(d -> !d.isNegative(), "must not be negative")
            .doc("Least time between two early commits for critical dispatches (under exactly-once a dispatch reaches the "
                    + "workers only when the router's transaction commits; the first critical dispatch after a quiet spell "
                    + "commits at once). `0s` turns early commits off. A much shorter gap costs throughput under critical "
                    + "load: each commit is several broker round trips.").build();
    public static final Key<String> INTERNAL_ENCODING = Key.string("router.internal-encoding").defaultValue("binary")
            .check(v -> v.equalsIgnoreCase("binary") || v.equalsIgnoreCase("json"), "must be binary or json")
            .doc("How the router writes its own state (ledger entries, health trackers, health signals): `binary`, or `json` as "
                    + "routers before issue 13 did. Both are always read. Set `json` while rolling an upgrade from an older router "
                    + "(it cannot read `binary`), and remove it once every instance runs this version.").build();
    public static final Key<Duration> DEDUP_WINDOW = Key.duration("router.dedup.window").defaultValue(Duration.ofDays(7))
            .check(RouterKeys::positive, POSITIVE).doc("How long an idempotency key is remembered.").build();
    public static final Key<Duration> DEDUP_PURGE_INTERVAL = Key.duration("router.dedup.purge-interval")
            .defaultValue(Duration.ofMinutes(1)).check(RouterKeys::positive, POSITIVE).doc("How often expired dedup entries are purged.")
            .build();
    public static final Key<Duration> LEDGER_RETENTION = Key.duration("router.ledger.retention").defaultValue(Duration.ofDays(7))
            .check(RouterKeys::positive, POSITIVE)
            .doc("How long the ledger keeps a notification after its terminal state (its request is dropped at once); the status "
                    + "API answers 404 after it. At least `router.dedup.window`.").build();
    public static final Key<Duration> LEDGER_PURGE_INTERVAL = Key.duration("router.ledger.purge-interval")
            .defaultValue(Duration.ofMinutes(1)).check(RouterKeys::positive, POSITIVE)
            .doc("How often ledger entries past `router.ledger.retention` are deleted.").build();
    public static final Key<Set<Channel>> PAID_CHANNELS = Key.custom("router.paid-channels", "list of channels", RouterKeys::channels)
            .defaultValue(Set.of(Channel.SMS)).defaultText("sms")
            .doc("Channels that cost money per message: bulk traffic never fails over onto them.").build();
    public static final Key<Duration> TTL_CRITICAL = Key.duration("router.ttl.critical").defaultValue(Duration.ofMinutes(15))
            .check(RouterKeys::positive, POSITIVE).doc("Default expiry of critical notifications without `expiresAt`.").build();
    public static final Key<Duration> TTL_TRANSACTIONAL = Key.duration("router.ttl.transactional").defaultValue(Duration.ofHours(24))
            .check(RouterKeys::positive, POSITIVE).doc("Default expiry of transactional notifications.").build();
    public static final Key<Duration> TTL_BULK = Key.duration("router.ttl.bulk").defaultValue(Duration.ofHours(72))
            .check(RouterKeys::positive, POSITIVE).doc("Default expiry of bulk notifications.").build();
    public static final Key<Duration> DEFER_TICK = Key.duration("router.defer-tick").defaultValue(Duration.ofSeconds(5))
            .check(RouterKeys::positive, POSITIVE).legacy("HERALD_DEFER_TICK")
            .doc("How often notifications whose quiet hours ended are released; a deferred one is routed at most this late.").build();
    public static final Key<String> HTTP_HOST = Key.string("router.http.host").defaultValue("127.0.0.1")
            .doc("Listen address of the status API, health and metrics. Loopback by default: the status API answers any "
                    + "tenant's notification ids without a key, so expose it (`0.0.0.0`) only on a network that only ingest and "
                    + "the other router instances reach.").build();
    public static final Key<Integer> HTTP_PORT = Key.integer("router.http.port").defaultValue(8081)
            .check(p -> p >= 0 && p <= 65_535, "must be a port (0-65535)").doc("Status API, health and metrics; 0 = any free port.")
            .build();
    public static final Key<String> ADVERTISED_HOST = Key.string("router.advertised-host").defaultValue("localhost")
            .doc("Host other router instances use to reach this one's status API (interactive queries).").build();
    public static final Key<Integer> ROCKSDB_CACHE_MB = Key.integer("router.rocksdb.cache-mb").defaultValue(64)
            .check(n -> n >= 1, "must be >= 1").doc("RocksDB block cache shared by every store, MiB.").build();
    public static final Key<Integer> ROCKSDB_WRITE_BUFFER_MB = Key.integer("router.rocksdb.write-buffer-mb").defaultValue(32)
            .check(n -> n >= 1, "must be >= 1").doc("RocksDB write-buffer budget shared by every store, MiB.").build();

    public static final Key<Duration> HEALTH_WINDOW = Key.duration("health.window").defaultValue(HealthPolicy.DEFAULT.window())
            .check(RouterKeys::positive, POSITIVE).doc("Window over which a provider's outcomes are judged.").build();
    public static final Key<Integer> HEALTH_MIN_SAMPLE = Key.integer("health.min-sample").defaultValue(HealthPolicy.DEFAULT.minSample())
            .check(n -> n >= 1, "must be >= 1").doc("Attempts in the window before ratios count.").build();
    public static final Key<Integer> HEALTH_CONSECUTIVE_DEGRADED = Key.integer("health.consecutive-degraded").defaultValue(HealthPolicy.DEFAULT.consecutiveDegraded())
            .doc("Consecutive failed attempts that make a provider DEGRADED.").build();
    public static final Key<Integer> HEALTH_CONSECUTIVE_DOWN = Key.integer("health.consecutive-down")
            .defaultValue(HealthPolicy.DEFAULT.consecutiveDown())
            .doc("Attempts in a row without a delivery, one of them a failure, that take a provider DOWN.").build();
    public static final Key<Integer> HEALTH_CONSECUTIVE_DOWN_THROTTLED = Key.integer("health.consecutive-down-throttled")
            .defaultValue(HealthPolicy.DEFAULT.consecutiveDownThrottled())
            .doc("Throttled replies in a row without a delivery that take a provider DOWN (nothing accepted even at the floor rate).")
            .build();
    public static final Key<Double> HEALTH_DEGRADED_RATIO = Key.decimal("health.degraded-ratio").defaultValue(HealthPolicy.DEFAULT.degradedRatio())
            .check(RouterKeys::ratio, "must be 0..1").doc("Failure ratio over the window that makes a provider DEGRADED.").build();
    public static final Key<Double> HEALTH_DOWN_DELIVERED_RATIO = Key.decimal("health.down-delivered-ratio")
            .defaultValue(HealthPolicy.DEFAULT.downDeliveredRatio()).check(RouterKeys::ratio, "must be 0..1")
            .doc("DOWN when less than this share of the attempts over the minimum sample is delivered: an outage is judged by what "
                    + "gets through.").build();
    /** Refused: silently ignoring it would hide that outages are now judged by what gets through. */
    public static final Key<String> HEALTH_DOWN_RATIO = Key.string("health.down-ratio")
            .check(v -> false, "is no longer read: a provider is DOWN when it delivers less than health.down-delivered-ratio "
                    + "(HERALD_HEALTH_DOWN_DELIVERED_RATIO) of its attempts")
            .doc("Removed (refused at start-up): use `health.down-delivered-ratio`.").build();
    public static final Key<Double> HEALTH_THROTTLED_RATIO = Key.decimal("health.throttled-ratio").defaultValue(HealthPolicy.DEFAULT.throttledRatio())
            .check(RouterKeys::ratio, "must be 0..1").doc("Throttled ratio that makes a provider DEGRADED (never DOWN by itself).").build();
    public static final Key<Double> HEALTH_RECOVERY_RATIO = Key.decimal("health.recovery-ratio").defaultValue(HealthPolicy.DEFAULT.recoveryRatio())
            .check(RouterKeys::ratio, "must be 0..1").doc("Failure ratio under which a DEGRADED provider recovers.").build();
    public static final Key<Duration> HEALTH_HALF_OPEN_AFTER = Key.duration("health.half-open.after").defaultValue(HealthPolicy.DEFAULT.halfOpenAfter())
            .check(RouterKeys::positive, POSITIVE).doc("Time DOWN before the half-open probe phase starts.").build();
    public static final Key<Integer> HEALTH_HALF_OPEN_SUCCESSES = Key.integer("health.half-open.successes").defaultValue(HealthPolicy.DEFAULT.halfOpenSuccesses())
            .check(n -> n >= 1, "must be >= 1").doc("Successful probes that make a HALF_OPEN provider HEALTHY again.").build();
    public static final Key<Duration> HEALTH_MIN_DWELL = Key.duration("health.min-dwell").defaultValue(HealthPolicy.DEFAULT.minDwell())
            .doc("Least time in a state before the next transition (hysteresis).").build();
    public static final Key<Duration> HEALTH_PROBE_TIMEOUT = Key.duration("health.probe-timeout").defaultValue(HealthPolicy.DEFAULT.probeTimeout())
            .check(RouterKeys::positive, POSITIVE).doc("A provider probed within this time leaves DOWN only on a successful probe "
                    + "(`notify.provider-probe.v1`); after it, the time-based half-open applies again.").build();
    public static final Key<Integer> REPLAY_MAX_RELEASES = Key.integer("replay.max-releases").defaultValue(3)
            .check(n -> n >= 1, "must be >= 1")
            .doc("A notification parked again after this many releases from its parked topic ends FAILED: park/release cycles end.")
            .build();
    public static final Key<Duration> HEALTH_TICK = Key.duration("health.tick").defaultValue(Duration.ofSeconds(1))
            .check(RouterKeys::positive, POSITIVE).doc("How often time-driven health transitions are evaluated.").build();

    public static final KeyCatalogue CATALOGUE = KeyCatalogue.of("Router",
            "`herald router --config FILE`. Provider ids come from `email.providers` / `sms.providers` / `webhook.provider-id`.",
            APPLICATION_ID, STATE_DIR, THREADS, COMMIT_INTERVAL, CRITICAL_COMMIT_GAP, INTERNAL_ENCODING, DEDUP_WINDOW, DEDUP_PURGE_INTERVAL, LEDGER_RETENTION,
            LEDGER_PURGE_INTERVAL, PAID_CHANNELS, TTL_CRITICAL,
            TTL_TRANSACTIONAL, TTL_BULK, DEFER_TICK, REPLAY_MAX_RELEASES, HTTP_HOST, HTTP_PORT, ADVERTISED_HOST, ROCKSDB_CACHE_MB,
            ROCKSDB_WRITE_BUFFER_MB)
            .owning("router");
    public static final KeyCatalogue HEALTH = KeyCatalogue.of("Provider health",
            "The router's health model: DOWN when (almost) nothing gets through — a streak of attempts without a delivery, or a "
                    + "delivered share under `health.down-delivered-ratio` over a minimum sample; recovery "
                    + "only through a half-open trickle (`health.half-open.trickle-percent`, under Providers).",
            HEALTH_WINDOW, HEALTH_MIN_SAMPLE, HEALTH_CONSECUTIVE_DEGRADED, HEALTH_CONSECUTIVE_DOWN, HEALTH_CONSECUTIVE_DOWN_THROTTLED,
            HEALTH_DEGRADED_RATIO, HEALTH_DOWN_DELIVERED_RATIO, HEALTH_DOWN_RATIO, HEALTH_THROTTLED_RATIO, HEALTH_RECOVERY_RATIO,
            HEALTH_HALF_OPEN_AFTER, HEALTH_HALF_OPEN_SUCCESSES, HEALTH_MIN_DWELL, HEALTH_PROBE_TIMEOUT, HEALTH_TICK);

    /** Everything the router reads. */
    public static final List<KeyCatalogue> ALL = List.of(KafkaKeys.CATALOGUE, RegistryKeys.CATALOGUE, ProviderKeys.CATALOGUE,
            CATALOGUE, HEALTH, DestinationKeys.CATALOGUE);

    private RouterKeys() {
    }

    private static boolean positive(Duration d) {
        return !d.isNegative() && !d.isZero();
    }

    private static boolean ratio(double r) {
        return r >= 0 && r <= 1;
    }

    private static Set<Channel> channels(String value) {
        Set<Channel> out = EnumSet.noneOf(Channel.class);
        for (String c : Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList()) {
            try {
                out.add(Channel.valueOf(c.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown channel '" + c + "' (email, sms, webhook)");
            }
        }
        return Set.copyOf(out);
    }
}
