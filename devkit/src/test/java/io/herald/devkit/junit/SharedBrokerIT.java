package io.herald.devkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.devkit.kafka.EmbeddedKafka;
import io.herald.devkit.kafka.KafkaCluster;
import io.herald.devkit.kafka.TestClients;
import io.herald.devkit.kafka.TopicNames;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;

/** How test classes share the one broker of the JVM, and how they may take it down for a while. */
@WithKafka
class SharedBrokerIT {

    /** Hands the test its ExtensionContext, to call the extension the way another extension would. */
    @RegisterExtension
    final ContextCapture capture = new ContextCapture();

    private final KafkaCluster kafka;

    SharedBrokerIT(KafkaCluster kafka) {
        this.kafka = kafka;
    }

    @Test
    void sharesTheBrokerWithEveryOtherTestClassInThisJvm() {
        assertThat(SharedInfraWitness.firstBrokerSeen(kafka)).isSameAs(kafka);
        assertThat(HeraldInfraExtension.brokersStarted()).isEqualTo(1);
    }

    @Test
    void injectsTheSameBrokerAsInterfaceAndAsEmbeddedKafkaWhenTheEmbeddedBackendIsChosen(EmbeddedKafka embedded) {
        org.junit.jupiter.api.Assumptions.assumeTrue(kafka instanceof EmbeddedKafka, "HERALD_TEST_KAFKA chose a container");
        assertThat(embedded).isSameAs(kafka);
        assertThat(embedded.isRunning()).isTrue();
    }

    @Test
    void aTestCanTakeTheSharedBrokerDownAndBringItBackWithItsData(EmbeddedKafka embedded) throws Exception {
        String topic = TopicNames.unique("notify.request.v1");
        embedded.createTopic(topic, 1);
        TestClients.sendAndWait(embedded, topic, "k", "accepted before the outage");
        String address = embedded.bootstrapServers();

        embedded.stop();
        assertThat(embedded.isRunning()).isFalse();
        embedded.start();

        assertThat(embedded.bootstrapServers()).isEqualTo(address);
        assertThat(TestClients.readFromStart(embedded, topic, "read_committed", 1))
                .extracting(ConsumerRecord::value).containsExactly("accepted before the outage");
    }

    @Test
    void aBrokerLeftStoppedIsRestartedForItsNextUser(EmbeddedKafka embedded) {
        String address = embedded.bootstrapServers();
        embedded.stop();

        EmbeddedKafka next = HeraldInfraExtension.kafka(capture.context);

        assertThat(next).isSameAs(embedded);
        assertThat(next.isRunning()).isTrue();
        assertThat(next.bootstrapServers()).isEqualTo(address);
    }

    static final class ContextCapture implements BeforeEachCallback {
        ExtensionContext context;

        @Override
        public void beforeEach(ExtensionContext context) {
            this.context = context;
        }
    }
}
