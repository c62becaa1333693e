package io.herald.workers.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.contracts.Channel;
import io.herald.contracts.HealthSource;
import io.herald.contracts.HealthState;
import io.herald.contracts.ProviderHealth;
import io.herald.contracts.ProviderProbe;
import io.herald.devkit.junit.WithKafka;
import io.herald.devkit.junit.WithRegistry;
import io.herald.devkit.kafka.KafkaCluster;
import io.herald.devkit.registry.SchemaRegistryEndpoint;
import io.herald.devkit.smtp.Replies;
import io.herald.devkit.smtp.ScriptedSmtpServer;
import io.herald.workers.WorkerApp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The workers probe an SMTP provider the health topic says is DOWN, without sending mail, and publish each
 * result to {@code notify.provider-probe.v1}; a HEALTHY provider is not probed.
 */
@WithKafka
@WithRegistry
class ProviderProbeIT {
    private final WorkerHarness harness;
    private final KafkaCluster kafka;
    private final ScriptedSmtpServer down = ScriptedSmtpServer.builder().build().start();
    private final ScriptedSmtpServer healthy = ScriptedSmtpServer.builder().build().start();
    private final List<ProviderProbe> probes = new CopyOnWriteArrayList<>();
    private KafkaConsumer<String, ProviderProbe> consumer;
    private String downId;
    private String healthyId;
    private WorkerApp app;

    ProviderProbeIT(KafkaCluster kafka, SchemaRegistryEndpoint registry) {
        this.kafka = kafka;
        this.harness = new WorkerHarness(kafka, registry);
    }

    @BeforeEach
    void start() {
        downId = "smtp-probed-" + harness.runId;
        healthyId = "smtp-unprobed-" + harness.runId;
        Map<String, Object> props = new HashMap<>(kafka.clientProperties());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), harness.topics.providerProbe().valueSerde().deserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(harness.topics.providerProbe().name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        app = new WorkerApp(WorkerHarness.withProbeInterval(harness.config(List.of(WorkerHarness.smtp(downId, down.port(), 500, 4),
                WorkerHarness.smtp(healthyId, healthy.port(), 500, 4)), null, null, 50), Duration.ofMillis(300))).start();
        await().atMost(Duration.ofSeconds(30)).until(app::ready);
    }

    @AfterEach
    void stop() {
        app.close();
        consumer.close();
        harness.close();
        down.close();
        healthy.close();
    }

    @Test
    void aDownProviderIsProbedWithoutMailAndEveryResultIsPublishedWhileAHealthyOneIsLeftAlone() throws Exception {
        down.script(Replies.deferAll451());
        harness.publishHealth(health(downId, HealthState.DOWN));

        await().atMost(Duration.ofSeconds(20)).until(() -> probesOf(downId).size() >= 2);
        ProviderProbe failed = probesOf(downId).get(0);
        assertThat(failed.getOk()).isFalse();
        assertThat(failed.getProviderCode()).isEqualTo("smtp:451 4.3.2");
        assertThat(failed.getChannel()).isEqualTo(Channel.EMAIL);
        assertThat(failed.getInstanceId()).isEqualTo("it-" + harness.runId);
        assertThat(failed.toString()).doesNotContain("postmaster");

        // The outage ends: the next probe sees the relay accept again, still without a message.
        down.clearScripts();
        await().atMost(Duration.ofSeconds(20)).until(() -> probesOf(downId).stream().anyMatch(ProviderProbe::getOk));
        assertThat(down.receivedCount()).isZero();
        assertThat(probesOf(healthyId)).isEmpty();
        assertThat(healthy.connectionCount()).isZero();
    }

    @Test
    void probingStopsOnceTheProviderIsHealthyAgain() throws Exception {
        harness.publishHealth(health(downId, HealthState.HALF_OPEN));
        await().atMost(Duration.ofSeconds(20)).until(() -> !probesOf(downId).isEmpty());

        harness.publishHealth(health(downId, HealthState.HEALTHY));
        await().atMost(Duration.ofSeconds(20)).until(() -> app.health().state(downId) == HealthState.HEALTHY);
        int afterRecovery = probesOf(downId).size();

        // Several probe intervals later, nothing more: real traffic shows a healthy provider's state.
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(() -> probesOf(downId).size() <= afterRecovery + 1);
        assertThat(probesOf(downId)).allSatisfy(p -> assertThat(p.getOk()).isTrue());
    }

    private List<ProviderProbe> probesOf(String providerId) {
        for (ConsumerRecord<String, ProviderProbe> r : consumer.poll(Duration.ofMillis(100))) probes.add(r.value());
        return probes.stream().filter(p -> p.getProviderId().equals(providerId)).toList();
    }

    private static ProviderHealth health(String provider, HealthState state) {
        return ProviderHealth.newBuilder().setProviderId(provider).setChannel(Channel.EMAIL).setState(state).setSince(Instant.now())
                .setReason("outage").setSource(HealthSource.OBSERVED).build();
    }
}
