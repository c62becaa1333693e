package io.herald.ingest.preferences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.contracts.Channel;
import io.herald.contracts.OptOut;
import io.herald.contracts.RecipientPreference;
import io.herald.devkit.junit.WithKafka;
import io.herald.devkit.junit.WithRegistry;
import io.herald.devkit.kafka.KafkaCluster;
import io.herald.devkit.kafka.TopicNames;
import io.herald.devkit.registry.SchemaRegistryEndpoint;
import io.herald.devkit.registry.SwitchedRegistry;
import io.herald.schemas.registry.RegistryConfig;
import io.herald.schemas.registry.SchemaRegistryClients;
import io.herald.schemas.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The preference cache's tail against the real broker and registry. */
@WithKafka
@WithRegistry
class PreferenceStoreIT {

    @Test
    void anOptOutUnreadableWhileTheRegistryIsDownIsReadOnceItAnswersAndTheStoreIsNotReadyMeanwhile(KafkaCluster kafka,
                                                                                                  SchemaRegistryEndpoint registry)
            throws Exception {
        String topic = TopicNames.unique("notify.preference.v1");
        kafka.createTopic(topic, 2);
        Topics writing = Topics.create(SchemaRegistryClients.forConfig(RegistryConfig.of(registry.confluentApiUrl())));
        Map<String, Object> producerProps = new HashMap<>(kafka.clientProperties());
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, RecipientPreference> producer = new KafkaProducer<>(producerProps, new StringSerializer(),
                writing.preference().valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(topic, "acme/u-1", RecipientPreference.newBuilder().setTenantId("acme")
                    .setRecipientId("u-1").setOptOuts(List.of(new OptOut(Channel.EMAIL, "newsletter")))
                    .setUpdatedAt(Instant.now()).build())).get();
        }
        SwitchedRegistry switched = new SwitchedRegistry(SchemaRegistryClients.forConfig(RegistryConfig.of(registry.confluentApiUrl())))
                .down(true);
        Topics reading = Topics.create(switched);
        Map<String, Object> consumerProps = new HashMap<>(kafka.clientProperties());
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();

        try (PreferenceStore store = new PreferenceStore(() -> new KafkaConsumer<>(consumerProps, new StringDeserializer(),
                reading.preference().valueSerde().deserializer()), topic, meters)) {
            store.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> switched.refusals() > 0);
            // Before: the record was skipped as unreadable and the store called itself caught up without the opt-out.
            assertThat(store.isCaughtUp()).as("caught up while the registry is down").isFalse();
            assertThat(store.get("acme", "u-1")).isEmpty();

            switched.down(false);
            await().atMost(Duration.ofSeconds(60)).until(store::isCaughtUp);
            assertThat(store.get("acme", "u-1")).hasValueSatisfying(p -> assertThat(p.getOptOuts()).hasSize(1));
            assertThat(store.restarts()).isPositive();
            assertThat(meters.get("herald.background.restarts").tag("loop", "ingest-preference-tail").counter().count())
                    .isEqualTo(store.restarts());
        }
    }
}
