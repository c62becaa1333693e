package io.herald.schemas.topics;

import io.herald.runtime.config.Key;
import io.herald.runtime.config.KeyCatalogue;
import java.time.Duration;
import java.util.List;

/** The shape of Herald's topics ({@code herald topics apply|verify}) and the retry tiers that name topics. */
public final class TopicKeys {
    public static final Key<Integer> PARTITIONS = Key.integer("topics.partitions").defaultValue(3).check(n -> n >= 1, "must be >= 1")
            .legacy("HERALD_TOPIC_PARTITIONS").doc("Partitions of every topic without its own setting.").build();
    public static final Key<Integer> REPLICATION_FACTOR = Key.integer("topics.replication-factor").defaultValue(3)
            .check(n -> n >= 1 && n <= Short.MAX_VALUE, "must be >= 1").legacy("HERALD_TOPICS_REPLICATION_FACTOR")
            .doc("Replication factor of created topics (1 for a single broker).").build();
    public static final Key<Integer> TOPIC_PARTITIONS = Key.integer("topics.<topic>.partitions").check(n -> n >= 1, "must be >= 1")
            .legacy("HERALD_TOPICS_PARTITIONS__<raw>")
            .doc("Partitions of one topic, e.g. `topics.notify.request.v1.partitions=12`. Only applied when the topic is created: "
                    + "`herald topics verify` reports a difference, nothing changes partition counts.").build();
    public static final Key<Duration> TOPIC_RETENTION = Key.duration("topics.<topic>.retention")
            .check(d -> !d.isNegative() && !d.isZero(), "must be positive").legacy("HERALD_TOPICS_RETENTION__<raw>")
            .legacyValue(v -> v.matches("\\d+") ? v + "ms" : v)
            .doc("Retention of one delete-policy topic, e.g. `topics.notify.outcome.v1.retention=90d`.").build();
    public static final Key<List<RetryTier>> RETRY_TIERS = Key.custom("retry.tiers", "list of durations", RetryTier::parseList)
            .doc("One retry schedule for every lane without its own `retry.<lane>.tiers`. Each tier has its own topic per channel "
                    + "(`notify.retry.<channel>.<tier>.v1`; the topics are the union of every lane's tiers).").build();
    public static final Key<List<RetryTier>> RETRY_CRITICAL_TIERS = Key.custom("retry.critical.tiers", "list of durations",
                    RetryTier::parseList).defaultText("`retry.tiers`, else 5s")
            .doc("Critical lane: a short schedule whose last tier repeats until the message expires; with a fallback channel "
                    + "the message goes back to the router after one failed round instead.").build();
    public static final Key<List<RetryTier>> RETRY_TRANSACTIONAL_TIERS = Key.custom("retry.transactional.tiers", "list of durations",
                    RetryTier::parseList).defaultText("`retry.tiers`, else 10s,1m,10m").doc("Transactional lane's retry tiers.").build();
    public static final Key<List<RetryTier>> RETRY_BULK_TIERS = Key.custom("retry.bulk.tiers", "list of durations",
                    RetryTier::parseList).defaultText("`retry.tiers`, else 10s,1m,10m").doc("Bulk lane's retry tiers.").build();

    public static final KeyCatalogue CATALOGUE = KeyCatalogue.of("Topics",
            "Read by `herald topics apply|verify` and by the local stack; the retry tiers also by the workers (one topic per tier and channel).",
            PARTITIONS, REPLICATION_FACTOR, TOPIC_PARTITIONS, TOPIC_RETENTION, RETRY_TIERS, RETRY_CRITICAL_TIERS,
            RETRY_TRANSACTIONAL_TIERS, RETRY_BULK_TIERS).owning("topics");

    private TopicKeys() {
    }
}
