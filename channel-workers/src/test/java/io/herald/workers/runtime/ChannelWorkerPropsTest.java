package io.herald.workers.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.Channel;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class ChannelWorkerPropsTest {
    private static WorkerSettings settings(Channel channel) {
        return new WorkerSettings("herald-workers-" + channel.name().toLowerCase(java.util.Locale.ROOT), "worker-1", 4, 100,
                Duration.ofMillis(100), Duration.ofSeconds(30));
    }

    @Test
    void eachChannelsConsumerHasAClientIdOfItsOwnSoItsMetricsDoNotCollideWithTheOtherClients() {
        Object email = ChannelWorker.consumerProps(Map.of(), settings(Channel.EMAIL), Channel.EMAIL, ChannelWorker.Lanes.STANDARD).get(ConsumerConfig.CLIENT_ID_CONFIG);
        Object sms = ChannelWorker.consumerProps(Map.of(), settings(Channel.SMS), Channel.SMS, ChannelWorker.Lanes.STANDARD).get(ConsumerConfig.CLIENT_ID_CONFIG);

        assertThat(email).isEqualTo("herald-worker-email-consumer-worker-1");
        assertThat(sms).isEqualTo("herald-worker-sms-consumer-worker-1").isNotEqualTo(email);
        assertThat(ChannelWorker.producerProps(Map.of(), settings(Channel.EMAIL), Channel.EMAIL, ChannelWorker.Lanes.STANDARD).get(ProducerConfig.CLIENT_ID_CONFIG))
                .as("the channel's producer has an id of its own too").isNotEqualTo(email);
    }

    @Test
    void theCriticalLanesWorkerHasClientAndTransactionalIdsOfItsOwnAndTheStandardOneKeepsTheEarlierIds() {
        Map<String, Object> standard = ChannelWorker.producerProps(Map.of(), settings(Channel.EMAIL), Channel.EMAIL, ChannelWorker.Lanes.STANDARD);
        Map<String, Object> critical = ChannelWorker.producerProps(Map.of(), settings(Channel.EMAIL), Channel.EMAIL, ChannelWorker.Lanes.CRITICAL);

        assertThat(standard.get(ProducerConfig.TRANSACTIONAL_ID_CONFIG))
                .as("the id of the single worker before the split: a new standard worker fences an old instance")
                .isEqualTo("herald-worker-email-worker-1");
        assertThat(critical.get(ProducerConfig.TRANSACTIONAL_ID_CONFIG)).isEqualTo("herald-worker-email-critical-worker-1");
        assertThat(critical.get(ProducerConfig.CLIENT_ID_CONFIG)).isNotEqualTo(standard.get(ProducerConfig.CLIENT_ID_CONFIG));
        assertThat(ChannelWorker.consumerProps(Map.of(), settings(Channel.EMAIL), Channel.EMAIL, ChannelWorker.Lanes.CRITICAL)
                .get(ConsumerConfig.CLIENT_ID_CONFIG)).isEqualTo("herald-worker-email-critical-consumer-worker-1");
        assertThat(ChannelWorker.consumerProps(Map.of(), settings(Channel.EMAIL), Channel.EMAIL, ChannelWorker.Lanes.CRITICAL)
                .get(ConsumerConfig.GROUP_ID_CONFIG)).as("one group: the critical lane's committed offsets carry over")
                .isEqualTo("herald-workers-email");
    }

    @Test
    void aConfiguredClientIdIsKept() {
        assertThat(ChannelWorker.consumerProps(Map.of(ConsumerConfig.CLIENT_ID_CONFIG, "mine"), settings(Channel.EMAIL), Channel.EMAIL, ChannelWorker.Lanes.STANDARD)
                .get(ConsumerConfig.CLIENT_ID_CONFIG)).isEqualTo("mine");
    }

    @Test
    void dispatchesAreFetchedWithAShortWaitUnlessConfigured() {
        assertThat(ChannelWorker.consumerProps(Map.of(), settings(Channel.EMAIL), Channel.EMAIL, ChannelWorker.Lanes.STANDARD).get(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG))
                .isEqualTo(25);
        assertThat(ChannelWorker.consumerProps(Map.of(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "200"), settings(Channel.EMAIL), Channel.EMAIL, ChannelWorker.Lanes.STANDARD)
                .get(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG)).isEqualTo("200");
    }
}
