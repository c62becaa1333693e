package io.herald.schemas.topics;

import io.herald.contracts.Priority;
import io.herald.runtime.config.Config;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The retry tiers of each lane. Lanes wait differently: a critical one-time code must not sit on a
 * ten-minute tier, while bulk mail should back off for long. Retry topics are per (channel, tier), so
 * the topic layout creates the {@link #union()} of every lane's tiers; the workers read the same keys,
 * which is why both parse them here.
 *
 * <p>Keys ({@link TopicKeys}): {@code retry.critical.tiers}, {@code retry.transactional.tiers},
 * {@code retry.bulk.tiers} ({@code HERALD_RETRY_<LANE>_TIERS}); each defaults to {@code retry.tiers} when that is
 * set, else critical {@code 5s} (a short schedule whose last tier repeats until the message expires) and
 * transactional and bulk {@code 10s,1m,10m}.
 */
public record RetryLanes(List<RetryTier> critical, List<RetryTier> transactional, List<RetryTier> bulk) {
    public static final String CRITICAL_KEY = "HERALD_RETRY_CRITICAL_TIERS";
    public static final String TRANSACTIONAL_KEY = "HERALD_RETRY_TRANSACTIONAL_TIERS";
    public static final String BULK_KEY = "HERALD_RETRY_BULK_TIERS";
    /** The one schedule for every lane that has no key of its own. */
    public static final String ALL_LANES_KEY = "HERALD_RETRY_TIERS";
    public static final String DEFAULT_CRITICAL = "5s";
    public static final String DEFAULT_TIERED = "10s,1m,10m";
    public static final RetryLanes DEFAULTS = new RetryLanes(RetryTier.parseList(DEFAULT_CRITICAL),
            RetryTier.parseList(DEFAULT_TIERED), RetryTier.parseList(DEFAULT_TIERED));

    public RetryLanes {
        critical = nonEmpty(critical, CRITICAL_KEY);
        transactional = nonEmpty(transactional, TRANSACTIONAL_KEY);
        bulk = nonEmpty(bulk, BULK_KEY);
    }

    /** The same tiers on every lane (tests, and operators who set only {@code HERALD_RETRY_TIERS}). */
    public static RetryLanes uniform(List<RetryTier> tiers) {
        return new RetryLanes(tiers, tiers, tiers);
    }

    /** Reads the lanes' tiers from environment-style keys, failing with the key's name on a malformed list. */
    public static RetryLanes fromEnv(Map<String, String> env) {
        return from(Config.fromEnv(env, List.of(TopicKeys.CATALOGUE)));
    }

    /** The lanes' tiers of {@code config} ({@link TopicKeys}): each lane's own key, else {@code retry.tiers}, else the default. */
    public static RetryLanes from(Config config) {
        Optional<List<RetryTier>> all = config.optional(TopicKeys.RETRY_TIERS);
        return new RetryLanes(
                config.optional(TopicKeys.RETRY_CRITICAL_TIERS).or(() -> all).orElse(DEFAULTS.critical()),
                config.optional(TopicKeys.RETRY_TRANSACTIONAL_TIERS).or(() -> all).orElse(DEFAULTS.transactional()),
                config.optional(TopicKeys.RETRY_BULK_TIERS).or(() -> all).orElse(DEFAULTS.bulk()));
    }

    /** The tiers of {@code lane}, in order. */
    public List<RetryTier> of(Priority lane) {
        return switch (lane) {
            case CRITICAL -> critical;
            case TRANSACTIONAL -> transactional;
            case BULK -> bulk;
        };
    }

    /** Every lane's tiers once, shortest first: the retry topics each channel needs. */
    public List<RetryTier> union() {
        Map<String, RetryTier> byName = new LinkedHashMap<>();
        for (List<RetryTier> tiers : List.of(critical, transactional, bulk)) {
            for (RetryTier tier : tiers) byName.putIfAbsent(tier.name(), tier);
        }
        List<RetryTier> union = new ArrayList<>(byName.values());
        union.sort(Comparator.comparing(RetryTier::delay).thenComparing(RetryTier::name));
        return List.copyOf(union);
    }

    private static List<RetryTier> nonEmpty(List<RetryTier> tiers, String key) {
        Objects.requireNonNull(tiers, key);
        if (tiers.isEmpty()) throw new IllegalArgumentException(key + " needs at least one retry tier");
        return List.copyOf(tiers);
    }
}
