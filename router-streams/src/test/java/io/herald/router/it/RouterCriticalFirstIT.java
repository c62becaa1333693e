package io.herald.router.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.NotificationRequest;
import io.herald.contracts.OutcomeStatus;
import io.herald.contracts.Stage;
import io.herald.devkit.junit.WithKafka;
import io.herald.devkit.junit.WithRegistry;
import io.herald.devkit.kafka.KafkaCluster;
import io.herald.devkit.registry.SchemaRegistryEndpoint;
import io.herald.router.RouterApp;
import io.herald.schemas.NotificationIds;
import io.herald.schemas.Samples;
import io.herald.schemas.topics.TopicNames;
import io.herald.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/**
 * A campaign is already waiting in the request topic when a one-time code arrives on the critical request topic: the
 * critical router routes the code while the main router works through the campaign. Before the critical topic, the
 * code (written after every bulk request, so younger than all of them) was routed after the whole campaign.
 */
@WithKafka
@WithRegistry
class RouterCriticalFirstIT {
    private static final int BULK = 10_000;
    private final KafkaCluster kafka;
    private final SchemaRegistryEndpoint registry;

    RouterCriticalFirstIT(KafkaCluster kafka, SchemaRegistryEndpoint registry) {
        this.kafka = kafka;
        this.registry = registry;
        RouterIt.provision(kafka);
    }

    @Test
    void aCodeOnTheCriticalTopicIsRoutedBeforeTheCampaignQueuedAheadOfIt() throws Exception {
        String tenant = "first-" + UUID.randomUUID().toString().substring(0, 8);
        Topics topics = RouterIt.topics(registry);
        Instant now = Instant.now();
        try (KafkaProducer<byte[], byte[]> producer = RouterIt.producer(kafka)) {
            for (int i = 0; i < BULK; i++) {
                send(producer, TopicNames.REQUEST, topics, Samples.newsletter(tenant, "bulk-" + i, now));
            }
            producer.flush();
            send(producer, TopicNames.REQUEST_CRITICAL, topics, Samples.otp(tenant, "code", now));
            producer.flush();
        }
        String code = NotificationIds.of(tenant, "code");

        // The router starts with the whole campaign and the code already waiting.
        Map<String, Long> routedAt = new HashMap<>();
        try (RouterApp router = new RouterApp(RouterIt.config(kafka, registry, "router-" + tenant)).start();
             KafkaConsumer<byte[], byte[]> outcomes = outcomes()) {
            var values = topics.outcome().valueSerde().deserializer();
            await().atMost(Duration.ofMinutes(3)).until(() -> {
                for (ConsumerRecord<byte[], byte[]> r : outcomes.poll(Duration.ofMillis(200))) {
                    DeliveryOutcome o = values.deserialize(r.topic(), r.value());
                    if (o != null && tenant.equals(o.getTenantId()) && o.getStage() == Stage.ROUTER && o.getStatus() == OutcomeStatus.ROUTED) {
                        routedAt.put(o.getNotificationId(), o.getAt().toEpochMilli());
                    }
                }
                return routedAt.size() == BULK + 1;
            });
        }
        long codeAt = routedAt.get(code);
        long bulkBefore = routedAt.entrySet().stream().filter(e -> !e.getKey().equals(code) && e.getValue() < codeAt).count();
        // The code waits at most for what the router had already buffered (a few polls), not for the campaign.
        assertThat(bulkBefore).as("bulk requests routed before the code").isLessThan(BULK * 8 / 10);
    }

    /**
     * An upgrade: the router before the critical one read the critical topic itself and committed its offsets under
     * its own application id. The critical router starts there: the codes the old router routed are not routed again.
     */
    @Test
    void theCriticalRouterStartsWhereAnOlderRouterLeftTheCriticalTopic() throws Exception {
        String tenant = "takeover-" + UUID.randomUUID().toString().substring(0, 8);
        String appId = "router-" + tenant;
        Topics topics = RouterIt.topics(registry);
        Instant now = Instant.now();
        try (KafkaProducer<byte[], byte[]> producer = RouterIt.producer(kafka)) {
            for (int i = 0; i < 3; i++) send(producer, TopicNames.REQUEST_CRITICAL, topics, Samples.otp(tenant, "old-" + i, now));
            producer.flush();
        }
        // What the old router left: its group's offsets at the end of the critical topic.
        try (KafkaConsumer<byte[], byte[]> old = consumer(appId)) {
            List<TopicPartition> partitions = old.partitionsFor(TopicNames.REQUEST_CRITICAL).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            old.assign(partitions);
            old.seekToEnd(partitions);
            Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
            for (TopicPartition tp : partitions) ends.put(tp, new OffsetAndMetadata(old.position(tp)));
            old.commitSync(ends);
        }
        try (KafkaProducer<byte[], byte[]> producer = RouterIt.producer(kafka)) {
            send(producer, TopicNames.REQUEST_CRITICAL, topics, Samples.otp(tenant, "new", now));
            producer.flush();
        }

        Map<String, OutcomeStatus> routed = new HashMap<>();
        try (RouterApp router = new RouterApp(RouterIt.config(kafka, registry, appId)).start();
             KafkaConsumer<byte[], byte[]> outcomes = outcomes()) {
            var values = topics.outcome().valueSerde().deserializer();
            String fresh = NotificationIds.of(tenant, "new");
            await().atMost(Duration.ofMinutes(2)).until(() -> {
                for (ConsumerRecord<byte[], byte[]> r : outcomes.poll(Duration.ofMillis(200))) {
                    DeliveryOutcome o = values.deserialize(r.topic(), r.value());
                    if (o != null && tenant.equals(o.getTenantId()) && o.getStage() == Stage.ROUTER) routed.put(o.getNotificationId(), o.getStatus());
                }
                return routed.get(fresh) == OutcomeStatus.ROUTED;
            });
            // Once the critical router has committed the whole topic, whatever it routed is on the outcome topic.
            try (KafkaConsumer<byte[], byte[]> probe = consumer("probe-" + tenant);
                 org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(new HashMap<>(kafka.clientProperties()))) {
                List<TopicPartition> partitions = probe.partitionsFor(TopicNames.REQUEST_CRITICAL).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                Map<TopicPartition, Long> ends = probe.endOffsets(partitions);
                await().atMost(Duration.ofMinutes(1)).until(() -> {
                    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(appId + "-critical")
                            .partitionsToOffsetAndMetadata().get();
                    return partitions.stream().allMatch(tp -> ends.get(tp) == 0
                            || committed.get(tp) != null && committed.get(tp).offset() >= ends.get(tp));
                });
                // The old router's offsets are gone from its group: a critical group deleted later is not handed them again.
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(admin.listConsumerGroupOffsets(appId)
                        .partitionsToOffsetAndMetadata().get().keySet()).noneMatch(tp -> tp.topic().equals(TopicNames.REQUEST_CRITICAL)));
            }
            Map<TopicPartition, Long> outcomeEnds = outcomes.endOffsets(outcomes.assignment());
            await().atMost(Duration.ofMinutes(1)).until(() -> {
                for (ConsumerRecord<byte[], byte[]> r : outcomes.poll(Duration.ofMillis(200))) {
                    DeliveryOutcome o = values.deserialize(r.topic(), r.value());
                    if (o != null && tenant.equals(o.getTenantId()) && o.getStage() == Stage.ROUTER) routed.put(o.getNotificationId(), o.getStatus());
                }
                return outcomeEnds.entrySet().stream().allMatch(e -> outcomes.position(e.getKey()) >= e.getValue());
            });
        }
        assertThat(routed).containsOnlyKeys(NotificationIds.of(tenant, "new"));
    }

    private KafkaConsumer<byte[], byte[]> consumer(String group) {
        Map<String, Object> p = new HashMap<>(kafka.clientProperties());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, Topics topics, NotificationRequest r) {
        r.setNotificationId(NotificationIds.of(r.getTenantId(), r.getIdempotencyKey()));
        producer.send(new ProducerRecord<>(topic, r.getNotificationId().getBytes(StandardCharsets.UTF_8),
                topics.request().valueSerde().serializer().serialize(topic, r)));
    }

    private KafkaConsumer<byte[], byte[]> outcomes() {
        Map<String, Object> p = new HashMap<>(kafka.clientProperties());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "verify-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(TopicNames.OUTCOME));
        return consumer;
    }
}
