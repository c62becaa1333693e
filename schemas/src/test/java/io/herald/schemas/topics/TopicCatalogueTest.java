package io.herald.schemas.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.contracts.Channel;
import io.herald.contracts.Priority;
import io.herald.schemas.registry.InMemorySchemaRegistryClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TopicCatalogueTest {
    private final Topics topics = Topics.create(new InMemorySchemaRegistryClient());

    @Test
    void registersTheValueSchemaOfEveryAvroTopicAtStartUp() {
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        Topics catalogue = Topics.create(registry, true, RetryTier.parseList("10s,1m"));

        catalogue.registerSchemas();

        assertThat(registry.latest("notify.request.v1-value").schema().getName()).isEqualTo("NotificationRequest");
        assertThat(registry.latest("notify.request.critical.v1-value").schema().getName()).isEqualTo("NotificationRequest");
        assertThat(registry.latest("notify.outcome.v1-value").schema().getName()).isEqualTo("DeliveryOutcome");
        assertThat(registry.latest("notify.dispatch.email.critical.v1-value").schema().getName()).isEqualTo("DispatchCommand");
        assertThat(registry.latest("notify.parked.sms.v1-value").schema().getName()).isEqualTo("ParkedNotification");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> registry.latest("notify.dlq.v1-value")))
                .as("the DLQ keeps raw bytes: no schema").isNotNull();
    }

    @Test
    void namesEveryTopicOfTheArchitecture() {
        Set<String> names = topics.all().stream().map(Topic::name).collect(Collectors.toSet());

        assertThat(names).contains("notify.request.v1", "notify.request.critical.v1", "notify.replay.v1", "notify.outcome.v1",
                "notify.provider-health.v1", "notify.provider-probe.v1", "notify.preference.v1", "notify.preference-event.v1", "notify.control.v1", "notify.dlq.v1", "notify.replay-runs.v1",
                "notify.router.critical-intake.v1",
                "notify.dispatch.email.critical.v1", "notify.dispatch.sms.bulk.v1", "notify.dispatch.webhook.transactional.v1",
                "notify.retry.email.10s.v1", "notify.retry.sms.1m.v1", "notify.retry.webhook.10m.v1",
                "notify.parked.email.v1", "notify.parked.sms.v1", "notify.parked.webhook.v1");
        // 12 fixed + per channel (3 lanes + 4 tiers — critical 5s, the others 10s,1m,10m — + 1 parked)
        assertThat(names).hasSize(12 + 3 * 8);
    }

    @Test
    void layoutAndCatalogueDescribeTheSameTopics() {
        Set<String> catalogue = topics.all().stream().map(Topic::name).collect(Collectors.toSet());
        Set<String> layout = TopicLayout.local(3).specs().stream().map(TopicSpec::name).collect(Collectors.toSet());

        assertThat(layout).isEqualTo(catalogue);
    }

    @Test
    void compactsStateTopicsAndKeepsEventTopicsForTheirRetention() {
        Map<String, TopicSpec> specs = TopicLayout.local(3).specs().stream()
                .collect(Collectors.toMap(TopicSpec::name, s -> s));

        assertThat(specs.get("notify.provider-health.v1").configs()).containsEntry("cleanup.policy", "compact")
                .doesNotContainKey("retention.ms");
        assertThat(specs.get("notify.preference.v1").compacted()).isTrue();
        assertThat(specs.get("notify.control.v1").compacted()).isTrue();
        assertThat(specs.get("notify.replay-runs.v1").compacted()).isTrue();
        assertThat(specs.get("notify.request.v1").configs()).containsEntry("retention.ms", "604800000");
        assertThat(specs.get("notify.parked.email.v1").retention()).isEqualTo(Duration.ofDays(14));
        assertThat(specs.get("notify.outcome.v1").retention()).isEqualTo(Duration.ofDays(30));
        assertThat(specs.get("notify.dlq.v1").retention()).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void appliesPartitionAndRetentionOverrides() {
        TopicLayout layout = new TopicLayout(6, (short) 1, RetryTier.parseList("5s,30s"),
                Map.of("notify.request.v1", 12), Map.of("notify.outcome.v1", Duration.ofDays(90)));
        Map<String, TopicSpec> specs = layout.specs().stream().collect(Collectors.toMap(TopicSpec::name, s -> s));

        assertThat(specs.get("notify.request.v1").partitions()).isEqualTo(12);
        assertThat(specs.get("notify.request.critical.v1").partitions()).as("co-partitioned with the request topic").isEqualTo(12);
        assertThat(specs.get("notify.router.critical-intake.v1").partitions()).as("read by the ledger task").isEqualTo(12);
        assertThat(specs.get("notify.replay.v1").partitions()).isEqualTo(6);
        assertThat(specs.get("notify.outcome.v1").retention()).isEqualTo(Duration.ofDays(90));
        assertThat(specs).containsKeys("notify.retry.email.5s.v1", "notify.retry.email.30s.v1")
                .doesNotContainKey("notify.retry.email.10s.v1");
    }

    @Test
    void readsTheLayoutFromTheEnvironmentAndNamesABadKey() {
        TopicLayout layout = TopicLayout.fromEnv(Map.of("HERALD_TOPICS_PARTITIONS", "6", "HERALD_TOPICS_REPLICATION_FACTOR", "1",
                "HERALD_RETRY_TIERS", "1s", "HERALD_TOPICS_PARTITIONS__notify.request.v1", "12",
                "HERALD_TOPICS_RETENTION__notify.outcome.v1", "90d"));
        Map<String, TopicSpec> specs = layout.specs().stream().collect(Collectors.toMap(TopicSpec::name, s -> s));

        assertThat(specs.get("notify.request.v1").partitions()).isEqualTo(12);
        assertThat(specs.get("notify.request.critical.v1").partitions()).as("co-partitioned with the request topic").isEqualTo(12);
        assertThat(specs.get("notify.replay.v1").partitions()).isEqualTo(6);
        assertThat(specs.get("notify.replay.v1").replicationFactor()).isEqualTo((short) 1);
        assertThat(specs.get("notify.outcome.v1").retention()).isEqualTo(Duration.ofDays(90));
        assertThat(specs).containsKey("notify.retry.sms.1s.v1");
        assertThat(TopicLayout.fromEnv(Map.of()).replicationFactor()).isEqualTo((short) 3);
        assertThatThrownBy(() -> TopicLayout.fromEnv(Map.of("HERALD_TOPICS_PARTITIONS", "zero")))
                .hasMessageContaining("HERALD_TOPICS_PARTITIONS");
        assertThatThrownBy(() -> TopicLayout.fromEnv(Map.of("HERALD_TOPICS_RETENTION__notify.dlq.v1", "forever")))
                .hasMessageContaining("HERALD_TOPICS_RETENTION__notify.dlq.v1");
    }

    @Test
    void theLayoutCreatesTheRetryTopicsOfEveryLane() {
        Set<String> defaults = TopicLayout.fromEnv(Map.of()).specs().stream().map(TopicSpec::name).collect(Collectors.toSet());
        Set<String> perLane = TopicLayout.fromEnv(Map.of("HERALD_RETRY_CRITICAL_TIERS", "2s", "HERALD_RETRY_BULK_TIERS", "30m,2h"))
                .specs().stream().map(TopicSpec::name).collect(Collectors.toSet());

        assertThat(defaults).contains("notify.retry.email.5s.v1", "notify.retry.email.10s.v1", "notify.retry.sms.1m.v1",
                "notify.retry.webhook.10m.v1");
        assertThat(perLane).contains("notify.retry.email.2s.v1", "notify.retry.email.10s.v1", "notify.retry.email.10m.v1",
                "notify.retry.email.30m.v1", "notify.retry.email.2h.v1").doesNotContain("notify.retry.email.5s.v1");
    }

    @Test
    void eachLaneReadsItsOwnTiersThenTheSharedKeyThenItsDefault() {
        RetryLanes defaults = RetryLanes.fromEnv(Map.of());
        RetryLanes shared = RetryLanes.fromEnv(Map.of("HERALD_RETRY_TIERS", "1s,2s"));
        RetryLanes own = RetryLanes.fromEnv(Map.of("HERALD_RETRY_TIERS", "1s,2s", "HERALD_RETRY_CRITICAL_TIERS", "3s"));

        assertThat(defaults).isEqualTo(RetryLanes.DEFAULTS);
        assertThat(defaults.of(Priority.CRITICAL)).extracting(RetryTier::name).containsExactly("5s");
        assertThat(defaults.of(Priority.BULK)).extracting(RetryTier::name).containsExactly("10s", "1m", "10m");
        assertThat(defaults.union()).extracting(RetryTier::name).containsExactly("5s", "10s", "1m", "10m");
        assertThat(shared).isEqualTo(RetryLanes.uniform(RetryTier.parseList("1s,2s")));
        assertThat(own.of(Priority.CRITICAL)).extracting(RetryTier::name).containsExactly("3s");
        assertThat(own.of(Priority.TRANSACTIONAL)).extracting(RetryTier::name).containsExactly("1s", "2s");
        assertThatThrownBy(() -> RetryLanes.fromEnv(Map.of("HERALD_RETRY_BULK_TIERS", "later")))
                .hasMessageContaining("HERALD_RETRY_BULK_TIERS");
        assertThatThrownBy(() -> RetryLanes.fromEnv(Map.of("HERALD_RETRY_TIERS", "soon")))
                .hasMessageContaining("HERALD_RETRY_TIERS");
    }

    @Test
    void parsesRetryTiersAndNamesTheBadOne() {
        assertThat(RetryTier.parseList("10s, 1m,10m")).extracting(RetryTier::delay)
                .containsExactly(Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofMinutes(10));
        assertThat(RetryTier.parse("250ms").delay()).isEqualTo(Duration.ofMillis(250));
        assertThatThrownBy(() -> RetryTier.parseList("10s,soon")).hasMessageContaining("'soon'");
        assertThatThrownBy(() -> RetryTier.parseList(" , ")).hasMessageContaining("at least one");
    }

    @Test
    void dispatchTopicsCarryTheirChannelAndLaneInTheName() {
        assertThat(topics.dispatch(Channel.SMS, Priority.CRITICAL).name()).isEqualTo("notify.dispatch.sms.critical.v1");
        assertThat(topics.retry(Channel.EMAIL, RetryTier.parse("1m")).name()).isEqualTo("notify.retry.email.1m.v1");
        assertThat(topics.parked(Channel.WEBHOOK).name()).isEqualTo("notify.parked.webhook.v1");
        assertThat(List.of(topics.request().name(), topics.replay().name())).containsExactly("notify.request.v1", "notify.replay.v1");
    }
}
