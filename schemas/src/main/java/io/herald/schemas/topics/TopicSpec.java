package io.herald.schemas.topics;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.TopicConfig;

/**
 * How one topic should exist on the broker: partitions, replication and the configs Herald cares
 * about (cleanup policy and retention).
 *
 * @param retention null for compacted topics (kept forever, latest per key)
 */
public record TopicSpec(String name, int partitions, short replicationFactor, boolean compacted, Duration retention) {
    public TopicSpec {
        Objects.requireNonNull(name, "name");
        if (partitions < 1) throw new IllegalArgumentException("partitions of " + name + " must be >= 1, was " + partitions);
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("replication factor of " + name + " must be >= 1, was " + replicationFactor);
        }
        if (!compacted && retention == null) throw new IllegalArgumentException("retention of " + name + " is required");
    }

    /** The topic-level configs that {@link TopicProvisioner} sets and keeps in line. */
    public Map<String, String> configs() {
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, compacted ? TopicConfig.CLEANUP_POLICY_COMPACT : TopicConfig.CLEANUP_POLICY_DELETE);
        if (retention != null) configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis()));
        return configs;
    }
}
