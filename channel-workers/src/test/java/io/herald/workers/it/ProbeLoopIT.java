package io.herald.workers.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.contracts.Channel;
import io.herald.contracts.HealthState;
import io.herald.contracts.ProviderProbe;
import io.herald.devkit.junit.WithKafka;
import io.herald.devkit.junit.WithRegistry;
import io.herald.devkit.kafka.KafkaCluster;
import io.herald.devkit.registry.SchemaRegistryEndpoint;
import io.herald.workers.probe.Probe;
import io.herald.workers.probe.ProbeLoop;
import io.herald.workers.probe.ProbeResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/** The prober's schedules are supervised: a failing run is retried and counted, a broken one is visible. */
@WithKafka
@WithRegistry
class ProbeLoopIT {
    private final KafkaCluster kafka;
    private final SchemaRegistryEndpoint registry;

    ProbeLoopIT(KafkaCluster kafka, SchemaRegistryEndpoint registry) {
        this.kafka = kafka;
        this.registry = registry;
    }

    /** Fails as scripted on its first runs, then answers OK. */
    private record Scripted(String providerId, AtomicInteger runs, Throwable first) implements Probe {
        @Override
        public Channel channel() {
            return Channel.EMAIL;
        }

        @Override
        public ProbeResult probe() {
            if (runs.incrementAndGet() == 1) {
                if (first instanceof Error e) throw e;
                throw (RuntimeException) first;
            }
            return new ProbeResult(true, "smtp:250", "accepting", 1);
        }
    }

    @Test
    void aProbeRunThatThrowsIsRetriedAndCountedAndOneThatErrsStopsOnlyItsOwnLoopVisibly() throws Exception {
        try (WorkerHarness harness = new WorkerHarness(kafka, registry)) {
            String flaky = "smtp-flaky-" + harness.runId;
            String broken = "smtp-broken-" + harness.runId;
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            try (KafkaConsumer<String, ProviderProbe> consumer = fromTheEnd(harness);
                 ProbeLoop loop = new ProbeLoop(List.of(new Scripted(flaky, new AtomicInteger(), new IllegalStateException("bug")),
                         new Scripted(broken, new AtomicInteger(), new LinkageError("class gone"))), id -> HealthState.DOWN,
                         harness.topics.providerProbe(), new HashMap<>(kafka.clientProperties()), Duration.ofMillis(200),
                         "it-" + harness.runId, Clock.systemUTC(), meters).start()) {
                List<String> published = new ArrayList<>();
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    for (ConsumerRecord<String, ProviderProbe> r : consumer.poll(Duration.ofMillis(100))) published.add(r.key());
                    return published.contains(flaky);
                });
                assertThat(meters.get("herald.background.restarts").tag("loop", "worker-probe-" + flaky).counter().count())
                        .isEqualTo(1.0);
                // Before: an Error cancelled the executor's schedule of that provider without a word; now liveness says so.
                await().atMost(Duration.ofSeconds(10)).until(() -> !loop.alive());
                assertThat(published).doesNotContain(broken);
            }
        }
    }

    private KafkaConsumer<String, ProviderProbe> fromTheEnd(WorkerHarness harness) {
        Map<String, Object> props = new HashMap<>(kafka.clientProperties());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<String, ProviderProbe> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                harness.topics.providerProbe().valueSerde().deserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(harness.topics.providerProbe().name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }
}
