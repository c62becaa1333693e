package io.herald.workers.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.contracts.Channel;
import io.herald.contracts.HealthSource;
import io.herald.contracts.HealthState;
import io.herald.contracts.ProviderHealth;
import io.herald.devkit.junit.WithKafka;
import io.herald.devkit.junit.WithRegistry;
import io.herald.devkit.kafka.KafkaCluster;
import io.herald.devkit.kafka.TopicNames;
import io.herald.devkit.registry.SchemaRegistryEndpoint;
import io.herald.schemas.topics.Topic;
import io.herald.workers.runtime.HealthFeed;
import io.herald.workers.runtime.HealthView;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The provider-health feed never follows nothing while it claims to be caught up. */
@WithKafka
@WithRegistry
class HealthFeedIT {
    private final KafkaCluster kafka;
    private final SchemaRegistryEndpoint registry;

    HealthFeedIT(KafkaCluster kafka, SchemaRegistryEndpoint registry) {
        this.kafka = kafka;
        this.registry = registry;
    }

    @Test
    void aFeedStartedBeforeItsTopicExistsIsNotReadyUntilItReadsTheTopicOnceCreated() throws Exception {
        try (WorkerHarness harness = new WorkerHarness(kafka, registry)) {
            Topic<String, ProviderHealth> base = harness.topics.providerHealth();
            Topic<String, ProviderHealth> topic = new Topic<>(TopicNames.unique("notify.provider-health"), base.keySerde(),
                    base.valueSerde());
            HealthView view = new HealthView();
            try (HealthFeed feed = new HealthFeed(topic, view, new HashMap<>(kafka.clientProperties()))) {
                feed.start();
                // Before: the feed found no partitions, assigned none, called itself caught up and read nothing ever after.
                await().atMost(Duration.ofSeconds(20)).until(() -> feed.restarts() > 0);
                assertThat(feed.caughtUp()).as("ready while its topic is missing").isFalse();

                kafka.createTopic(topic.name(), 2);
                Map<String, Object> props = new HashMap<>(kafka.clientProperties());
                props.put(ProducerConfig.ACKS_CONFIG, "all");
                try (KafkaProducer<String, ProviderHealth> producer = new KafkaProducer<>(props, new StringSerializer(),
                        topic.valueSerde().serializer())) {
                    producer.send(new ProducerRecord<>(topic.name(), "smtp-a", ProviderHealth.newBuilder().setProviderId("smtp-a")
                            .setChannel(Channel.EMAIL).setState(HealthState.DOWN).setSince(Instant.now()).setReason("outage")
                            .setSource(HealthSource.OBSERVED).build())).get();
                }

                await().atMost(Duration.ofSeconds(60)).until(() -> view.state("smtp-a") == HealthState.DOWN);
                await().atMost(Duration.ofSeconds(30)).until(feed::caughtUp);
                assertThat(feed.following()).isTrue();
            }
        }
    }
}
