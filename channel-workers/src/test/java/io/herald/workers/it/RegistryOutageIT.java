package io.herald.workers.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.contracts.Channel;
import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.OutcomeStatus;
import io.herald.contracts.Priority;
import io.herald.devkit.junit.WithKafka;
import io.herald.devkit.junit.WithRegistry;
import io.herald.devkit.kafka.KafkaCluster;
import io.herald.devkit.registry.SchemaRegistryEndpoint;
import io.herald.devkit.smtp.ScriptedSmtpServer;
import io.herald.schemas.registry.RegistryConfig;
import io.herald.schemas.topics.TopicNames;
import io.herald.workers.WorkerApp;
import io.herald.workers.WorkerConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A worker restarted while the schema registry refuses connections has a cold schema cache: it cannot read
 * the dispatch commands waiting for it. They are valid: none may reach the DLQ, the worker reports not ready,
 * and they are delivered once a worker can reach the registry.
 */
@WithKafka
@WithRegistry
class RegistryOutageIT {
    private final WorkerHarness harness;
    private final KafkaCluster kafka;
    private final ScriptedSmtpServer sink = ScriptedSmtpServer.builder().build().start();
    private final List<WorkerApp> apps = new ArrayList<>();

    RegistryOutageIT(KafkaCluster kafka, SchemaRegistryEndpoint registry) {
        this.kafka = kafka;
        this.harness = new WorkerHarness(kafka, registry);
    }

    @AfterEach
    void stop() {
        apps.forEach(WorkerApp::close);
        harness.close();
        sink.close();
    }

    @Test
    void commandsUnreadableForWantOfTheRegistryAreNotDeadLetteredAndAreDeliveredWhenItAnswers() throws Exception {
        String provider = "smtp-registry-" + harness.runId;
        WorkerConfig healthy = harness.config(List.of(WorkerHarness.smtp(provider, sink.port(), 100, 2)), null, null, 20);
        WorkerConfig unreachable = new WorkerConfig(healthy.kafka(), RegistryConfig.of("http://127.0.0.1:" + closedPort()
                + "/apis/ccompat/v7"), healthy.retryLanes(), healthy.retryJitter(), healthy.groupPrefix(), healthy.instanceId(),
                healthy.concurrency(), healthy.maxPollRecords(), healthy.pollTimeout(), healthy.shutdownTimeout(),
                healthy.halfOpenTricklePercent(), healthy.httpHost(), healthy.httpPort(), healthy.smtp(), healthy.twilio(), healthy.webhook(),
                healthy.probeInterval(), healthy.replyRules());
        try (KafkaConsumer<String, byte[]> dlq = dlqFromTheEnd()) {
            WorkerApp blind = start(unreachable);
            // Its channel worker consumes; the app may not be ready (its health feed cannot read health records either).
            await().atMost(Duration.ofSeconds(30)).until(blind::workersReady);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                var command = harness.command("reg-" + i, Channel.EMAIL, Priority.TRANSACTIONAL, "r" + i + "@example.com",
                        List.of(provider));
                harness.send(command);
                ids.add(command.getNotificationId());
            }
            harness.flush();

            await().atMost(Duration.ofSeconds(60)).until(() -> !blind.workersReady());
            assertThat(ids).allSatisfy(id -> assertThat(harness.outcomes(id)).isEmpty());
            blind.close();
            apps.remove(blind);

            start(healthy);
            await().atMost(Duration.ofSeconds(60)).until(() -> ids.stream().allMatch(id -> sent(id) == 1));
            assertThat(sink.receivedCount()).isEqualTo(ids.size());
            List<String> deadLettered = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> r : dlq.poll(Duration.ofSeconds(2))) deadLettered.add(r.key());
            assertThat(deadLettered).as("dead letters of this run").noneMatch(ids::contains);
        }
    }

    private WorkerApp start(WorkerConfig config) {
        WorkerApp app = new WorkerApp(config, Clock.systemUTC()).start();
        apps.add(app);
        return app;
    }

    private long sent(String id) {
        return harness.outcomes(id).stream().map(DeliveryOutcome::getStatus).filter(s -> s == OutcomeStatus.SENT).count();
    }

    private KafkaConsumer<String, byte[]> dlqFromTheEnd() {
        Map<String, Object> props = new HashMap<>(kafka.clientProperties());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(TopicNames.DLQ).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
