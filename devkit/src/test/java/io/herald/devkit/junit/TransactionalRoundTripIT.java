package io.herald.devkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.herald.devkit.kafka.KafkaCluster;
import io.herald.devkit.kafka.TestClients;
import io.herald.devkit.kafka.TopicNames;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** Proves the shared broker supports what the router and workers rely on: Kafka transactions. */
@WithKafka
class TransactionalRoundTripIT {

    private final KafkaCluster kafka;

    TransactionalRoundTripIT(KafkaCluster kafka) {
        this.kafka = kafka;
    }

    @Test
    void readCommittedConsumersSeeCommittedRecordsAndNeverAbortedOnes() throws Exception {
        String topic = TopicNames.unique("notify.outcome.v1");
        kafka.createTopic(topic, 1);

        try (KafkaProducer<String, String> producer = TestClients.producer(kafka,
                Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, TopicNames.unique("tx")))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "n-1", "aborted"));
            // Without the flush, abort may discard the record before it is sent, and the test below
            // would prove nothing about read_committed filtering (and race the abort marker).
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "n-2", "committed-1"));
            producer.send(new ProducerRecord<>(topic, "n-3", "committed-2"));
            producer.commitTransaction();
        }

        assertThat(TestClients.readFromStart(kafka, topic, "read_committed", 2))
                .extracting(ConsumerRecord::value)
                .containsExactly("committed-1", "committed-2");
        // The same log read without isolation still holds the aborted record: the filtering above
        // is the transaction coordinator at work, not an artefact of what was written.
        assertThat(TestClients.readFromStart(kafka, topic, "read_uncommitted", 3))
                .extracting(ConsumerRecord::value)
                .containsExactly("aborted", "committed-1", "committed-2");
    }

    @Test
    void sharesTheBrokerWithEveryOtherTestClassInThisJvm() {
        assertThat(SharedInfraWitness.firstBrokerSeen(kafka)).isSameAs(kafka);
        assertThat(HeraldInfraExtension.brokersStarted()).isEqualTo(1);
    }
}
