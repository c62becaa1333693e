package io.herald.schemas.topics;

import io.herald.contracts.Channel;
import io.herald.contracts.Priority;
import java.time.Duration;
import io.herald.runtime.config.Config;
import java.util.ArrayList;
import java.util.HashMap;
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

    /** Reads the layout from environment-style keys ({@link TopicKeys}); fails naming a bad key. */
    public static TopicLayout fromEnv(Map<String, String> env) {
        return from(Config.fromEnv(env, List.of(TopicKeys.CATALOGUE)));
    }

    /** The layout {@code config} describes ({@link TopicKeys}). */
    public static TopicLayout from(Config config) {
        Map<String, Integer> partitionOverrides = new HashMap<>();
        Map<String, Duration> retentionOverrides = new HashMap<>();
        for (String topic : topicsNamedIn(config, TopicKeys.TOPIC_PARTITIONS)) {
            partitionOverrides.put(topic, config.get(TopicKeys.TOPIC_PARTITIONS.of(topic)));
        }
        for (String topic : topicsNamedIn(config, TopicKeys.TOPIC_RETENTION)) {
            retentionOverrides.put(topic, config.get(TopicKeys.TOPIC_RETENTION.of(topic)));
        }
        return new TopicLayout(config.get(TopicKeys.PARTITIONS), config.get(TopicKeys.REPLICATION_FACTOR).shortValue(),
                RetryLanes.from(config).union(), partitionOverrides, retentionOverrides);
    }

    private static <T> List<String> topicsNamedIn(Config config, io.herald.runtime.config.Key<T> template) {
        return config.concreteKeys(template).stream().filter(config::isSet).map(k -> k.id()).toList();
    }

    /** The spec of every topic Herald uses. */
    public List<TopicSpec> specs() {
        List<TopicSpec> specs = new ArrayList<>();
        specs.add(delete(TopicNames.REQUEST, Duration.ofDays(7)));
        // Co-partitioned with the request topic (the router's ledger merges both): it follows that topic's count.
        specs.add(likeRequest(TopicNames.REQUEST_CRITICAL));
        // Read by the ledger task beside the request topic: the same count. Kept as long as requests, for a main router
        // that was down while the critical one routed.
        specs.add(likeRequest(TopicNames.CRITICAL_INTAKE));
        specs.add(delete(TopicNames.REPLAY, Duration.ofDays(7)));
        specs.add(delete(TopicNames.OUTCOME, Duration.ofDays(30)));
        specs.add(delete(TopicNames.DLQ, Duration.ofDays(30)));
        specs.add(delete(TopicNames.PROVIDER_PROBE, DAY));
        // Merged by the router into the compacted preference topic; kept like requests, for a router that was down.
        specs.add(delete(TopicNames.PREFERENCE_EVENT, Duration.ofDays(7)));
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

    /** A topic the ledger task reads beside the request topic: its partitions and retention, unless overridden by name. */
    private TopicSpec likeRequest(String name) {
        return new TopicSpec(name, partitionOverrides.getOrDefault(name, partitionsOf(TopicNames.REQUEST)), replicationFactor, false,
                retentionOverrides.getOrDefault(name, retentionOverrides.getOrDefault(TopicNames.REQUEST, Duration.ofDays(7))));
    }

    private TopicSpec compact(String name) {
        return new TopicSpec(name, partitionsOf(name), replicationFactor, true, null);
    }

    private int partitionsOf(String name) {
        return partitionOverrides.getOrDefault(name, partitions);
    }
}
