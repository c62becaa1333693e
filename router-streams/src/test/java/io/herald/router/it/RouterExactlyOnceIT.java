package io.herald.router.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.DispatchCommand;
import io.herald.contracts.NotificationRequest;
import io.herald.contracts.OutcomeStatus;
import io.herald.contracts.ParkedNotification;
import io.herald.contracts.Priority;
import io.herald.contracts.Stage;
import io.herald.devkit.junit.WithKafka;
import io.herald.devkit.junit.WithRegistry;
import io.herald.devkit.kafka.KafkaCluster;
import io.herald.devkit.registry.SchemaRegistryEndpoint;
import io.herald.router.RouterConfig;
import io.herald.router.topology.RouterTopology;
import io.herald.schemas.HeraldHeaders;
import io.herald.schemas.Samples;
import io.herald.schemas.topics.TopicNames;
import io.herald.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

/**
 * The router under exactly_once_v2 on the real broker and registry: a Streams instance is closed in
 * the middle of a stream of requests and a new one (with an empty state directory, so it restores
 * from changelogs) takes over. Every request ends in exactly one place — dispatched once, parked,
 * or with a terminal outcome — none twice, none lost.
 */
@WithKafka
@WithRegistry
class RouterExactlyOnceIT {
    private static final int REQUESTS = 3_000;
    private static final int DUPLICATE_EVERY = 10;

    private final KafkaCluster kafka;
    private final SchemaRegistryEndpoint registry;
    private final Topics topics;

    RouterExactlyOnceIT(KafkaCluster kafka, SchemaRegistryEndpoint registry) {
        this.kafka = kafka;
        this.registry = registry;
        RouterIt.provision(kafka);
        this.topics = RouterIt.topics(registry);
    }

    @Test
    void aStreamsInstanceKilledMidStreamLosesNothingAndDispatchesNothingTwice() throws Exception {
        String tenant = "eos-" + UUID.randomUUID().toString().substring(0, 8);
        String appId = "router-eos-" + tenant;
        List<NotificationRequest> inputs = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 0; i < REQUESTS; i++) {
            boolean duplicate = i % DUPLICATE_EVERY == DUPLICATE_EVERY - 1;
            // A duplicate reuses the previous request's idempotency key under a new notification id.
            String idempotencyKey = "k" + (duplicate ? i - 1 : i);
            NotificationRequest r = i % 3 == 0 ? Samples.newsletter(tenant, idempotencyKey, now) : Samples.otp(tenant, idempotencyKey, now);
            r.setNotificationId(tenant + "-n" + i);
            inputs.add(r);
        }
        Set<String> inputIds = new HashSet<>();
        inputs.forEach(r -> inputIds.add(r.getNotificationId()));

        Tally tally = new Tally(tenant, topics);
        try (KafkaProducer<byte[], byte[]> producer = RouterIt.producer(kafka);
             KafkaConsumer<byte[], byte[]> consumer = RouterIt.decisionsConsumer(kafka)) {
            KafkaStreams first = start(RouterIt.config(kafka, registry, appId));
            send(producer, inputs.subList(0, REQUESTS / 2));
            producer.send(new ProducerRecord<>(TopicNames.REQUEST, (tenant + "/garbage").getBytes(StandardCharsets.UTF_8),
                    new byte[] {0, 0, 0, 0, 7, 1, 2, 3}));
            producer.flush();
            // Kill mid-stream: part of the first half is decided, part is not yet.
            await().atMost(Duration.ofSeconds(30)).until(() -> tally.add(RouterIt.poll(consumer)) >= REQUESTS / 6);
            first.close(Duration.ZERO);
            int decidedBeforeKill = tally.decided();
            assertThat(decidedBeforeKill).isLessThan(REQUESTS);

            send(producer, inputs.subList(REQUESTS / 2, REQUESTS));
            KafkaStreams second = start(RouterIt.config(kafka, registry, appId));
            try {
                await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
                    tally.add(RouterIt.poll(consumer));
                    Set<String> missing = new HashSet<>(inputIds);
                    missing.removeAll(tally.decidedIds());
                    assertThat(missing).as("undecided after restart (state %s)", second.state()).isEmpty();
                    assertThat(tally.deadLetters).as("dead letters").isPositive();
                });
                // Whatever was still in flight has had a commit interval to (wrongly) show up twice.
                long settle = System.currentTimeMillis() + 1_000;
                await().atMost(Duration.ofSeconds(5)).until(() -> {
                    tally.add(RouterIt.poll(consumer));
                    return System.currentTimeMillis() > settle;
                });
            } finally {
                second.close(Duration.ofSeconds(10));
            }
        }

        assertThat(tally.duplicateDispatches).as("notifications dispatched more than once").isEmpty();
        assertThat(tally.decisionsPerId.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey))
                .as("notifications with more than one final decision").isEmpty();
        assertThat(tally.decidedIds()).as("input set = dispatched + parked + terminal").isEqualTo(inputIds);
        assertThat(tally.terminal.values()).filteredOn(s -> s == OutcomeStatus.DUPLICATE).hasSize(REQUESTS / DUPLICATE_EVERY);
        assertThat(tally.deadLetters).isEqualTo(1);
    }

    private void send(KafkaProducer<byte[], byte[]> producer, List<NotificationRequest> requests) {
        for (NotificationRequest r : requests) {
            producer.send(new ProducerRecord<>(TopicNames.REQUEST, RouterIt.key(r).getBytes(StandardCharsets.UTF_8),
                    topics.request().valueSerde().serializer().serialize(TopicNames.REQUEST, r)));
        }
        producer.flush();
    }

    private KafkaStreams start(RouterConfig config) {
        KafkaStreams streams = new KafkaStreams(RouterTopology.build(config, topics), config.streamsProperties(0));
        streams.start();
        return streams;
    }

    /** Where each notification of one tenant ended up, as read (read_committed) from the router's outputs. */
    private static final class Tally {
        final String tenant;
        final Topics topics;
        final Map<String, Integer> dispatches = new HashMap<>();
        final Set<String> duplicateDispatches = new HashSet<>();
        final Set<String> parked = new HashSet<>();
        final Map<String, OutcomeStatus> terminal = new HashMap<>();
        final Map<String, Integer> decisionsPerId = new HashMap<>();
        int deadLetters;

        Tally(String tenant, Topics topics) {
            this.tenant = tenant;
            this.topics = topics;
        }

        int add(List<ConsumerRecord<byte[], byte[]>> records) {
            for (ConsumerRecord<byte[], byte[]> r : records) {
                String topic = r.topic();
                if (topic.equals(TopicNames.DLQ)) {
                    String key = new String(r.key(), StandardCharsets.UTF_8);
                    if (key.startsWith(tenant + "/") && "deserialization".equals(HeraldHeaders.get(r.headers(), HeraldHeaders.DLQ_CAUSE))) {
                        deadLetters++;
                    }
                } else if (topic.startsWith("notify.dispatch.")) {
                    DispatchCommand c = topics.dispatch(io.herald.contracts.Channel.EMAIL, Priority.BULK).valueSerde()
                            .deserializer().deserialize(topic, r.value());
                    if (!c.getTenantId().equals(tenant)) continue;
                    if (dispatches.merge(c.getNotificationId(), 1, Integer::sum) > 1) duplicateDispatches.add(c.getNotificationId());
                    decisionsPerId.merge(c.getNotificationId(), 1, Integer::sum);
                } else if (topic.startsWith("notify.parked.")) {
                    ParkedNotification p = topics.parked(io.herald.contracts.Channel.EMAIL).valueSerde().deserializer()
                            .deserialize(topic, r.value());
                    if (!p.getTenantId().equals(tenant)) continue;
                    parked.add(p.getNotificationId());
                    decisionsPerId.merge(p.getNotificationId(), 1, Integer::sum);
                } else if (topic.equals(TopicNames.OUTCOME)) {
                    DeliveryOutcome o = topics.outcome().valueSerde().deserializer().deserialize(topic, r.value());
                    if (!o.getTenantId().equals(tenant) || o.getStage() != Stage.ROUTER) continue;
                    if (Set.of(OutcomeStatus.DUPLICATE, OutcomeStatus.EXPIRED, OutcomeStatus.SUPPRESSED, OutcomeStatus.FAILED)
                            .contains(o.getStatus())) {
                        terminal.put(o.getNotificationId(), o.getStatus());
                        decisionsPerId.merge(o.getNotificationId(), 1, Integer::sum);
                    }
                }
            }
            return decided();
        }

        int decided() {
            return decidedIds().size();
        }

        Set<String> decidedIds() {
            Set<String> all = new HashSet<>(dispatches.keySet());
            all.addAll(parked);
            all.addAll(terminal.keySet());
            return all;
        }
    }
}
