package io.herald.schemas.topics;

import io.herald.contracts.Channel;
import io.herald.contracts.Priority;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The configurable shape of Herald's topics: default partitions and replication, per-topic partition
 * and retention overrides, and the retry tiers. Defaults follow the architecture's topic table.
 *
 * @param partitionOverrides topic name → partitions
 * @param retentionOverrides topic name → retention
 */
public record TopicLayout(int partitions, short replicationFactor, List<RetryTier> retryTiers,
                          Map<String, Integer> partitionOverrides, Map<String, Duration> retentionOverrides) {
    public static final Duration DAY = Duration.ofDays(1);

    public TopicLayout {
        if (partitions < 1) throw new IllegalArgumentException("herald.topics.partitions must be >= 1, was " + partitions);
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("herald.topics.replication.factor must be >= 1, was " + replicationFactor);
        }
        retryTiers = List.copyOf(Objects.requireNonNull(retryTiers, "retryTiers"));
        partitionOverrides = Map.copyOf(partitionOverrides);
        retentionOverrides = Map.copyOf(retentionOverrides);
    }

    /** Defaults for a single-broker local stack: {@code partitions} per topic, replication 1, every lane's default tiers. */
    public static TopicLayout local(int partitions) {
        return new TopicLayout(partitions, (short) 1, RetryLanes.DEFAULTS.union(), Map.of(), Map.of());
    }

    /**
     * Reads the layout from environment-style keys, failing with the key's name on a bad value:
     * {@code HERALD_TOPICS_PARTITIONS} (default 3), {@code HERALD_TOPICS_REPLICATION_FACTOR} (default 3 in
     * production clusters; pass 1 for a single broker), the retry tiers of every lane as the workers read them
     * ({@link RetryLanes#fromEnv}: {@code HERALD_RETRY_<LANE>_TIERS}, {@code HERALD_RETRY_TIERS}; one topic per tier in
     * their union, default {@code 5s,10s,1m,10m}),
     * {@code HERALD_TOPICS_PARTITIONS__<topic>} and {@code HERALD_TOPICS_RETENTION__<topic>} (e.g.
     * {@code HERALD_TOPICS_RETENTION__notify.outcome.v1=90d}) per topic.
     */
    public static TopicLayout fromEnv(Map<String, String> env) {
        int partitions = positive(env, "HERALD_TOPICS_PARTITIONS", 3);
        short replication = (short) positive(env, "HERALD_TOPICS_REPLICATION_FACTOR", 3);
        List<RetryTier> tiers = RetryLanes.fromEnv(env).union();
        Map<String, Integer> partitionOverrides = new java.util.HashMap<>();
        Map<String, Duration> retentionOverrides = new java.util.HashMap<>();
        env.forEach((key, value) -> {
            if (key.startsWith("HERALD_TOPICS_PARTITIONS__")) {
                partitionOverrides.put(key.substring("HERALD_TOPICS_PARTITIONS__".length()), positive(env, key, 1));
            } else if (key.startsWith("HERALD_TOPICS_RETENTION__")) {
                retentionOverrides.put(key.substring("HERALD_TOPICS_RETENTION__".length()), retention(key, value));
            }
        });
        return new TopicLayout(partitions, replication, tiers, partitionOverrides, retentionOverrides);
    }

    private static int positive(Map<String, String> env, String key, int fallback) {
        String value = env.get(key);
        if (value == null || value.isBlank()) return fallback;
        try {
            int n = Integer.parseInt(value.trim());
            if (n < 1) throw new NumberFormatException("not positive");
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a positive integer, was '" + value + "'", e);
        }
    }

    private static Duration retention(String key, String value) {
        String v = value.trim();
        try {
            if (v.endsWith("d")) return Duration.ofDays(Long.parseLong(v.substring(0, v.length() - 1)));
            if (v.endsWith("h")) return Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1)));
            return Duration.ofMillis(Long.parseLong(v));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be <days>d, <hours>h or milliseconds, was '" + value + "'", e);
        }
    }

    /** The spec of every topic Herald uses. */
    public List<TopicSpec> specs() {
        List<TopicSpec> specs = new ArrayList<>();
        specs.add(delete(TopicNames.REQUEST, Duration.ofDays(7)));
        specs.add(delete(TopicNames.REPLAY, Duration.ofDays(7)));
        specs.add(delete(TopicNames.OUTCOME, Duration.ofDays(30)));
        specs.add(delete(TopicNames.DLQ, Duration.ofDays(30)));
        specs.add(delete(TopicNames.PROVIDER_PROBE, DAY));
        specs.add(compact(TopicNames.PROVIDER_HEALTH));
        specs.add(compact(TopicNames.PREFERENCE));
        specs.add(compact(TopicNames.CONTROL));
        specs.add(compact(TopicNames.REPLAY_RUNS));
        for (Channel channel : Channel.values()) {
            for (Priority lane : Priority.values()) specs.add(delete(TopicNames.dispatch(channel, lane), Duration.ofDays(7)));
            for (RetryTier tier : retryTiers) specs.add(delete(TopicNames.retry(channel, tier), Duration.ofDays(7)));
            specs.add(delete(TopicNames.parked(channel), Duration.ofDays(14)));
        }
        return List.copyOf(specs);
    }

    private TopicSpec delete(String name, Duration defaultRetention) {
        return new TopicSpec(name, partitionsOf(name), replicationFactor, false,
                retentionOverrides.getOrDefault(name, defaultRetention));
    }

    private TopicSpec compact(String name) {
        return new TopicSpec(name, partitionsOf(name), replicationFactor, true, null);
    }

    private int partitionsOf(String name) {
        return partitionOverrides.getOrDefault(name, partitions);
    }
}
