package io.herald.workers.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.contracts.Channel;
import io.herald.contracts.DispatchCommand;
import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.OutcomeStatus;
import io.herald.contracts.Priority;
import io.herald.devkit.junit.WithKafka;
import io.herald.devkit.junit.WithRegistry;
import io.herald.devkit.kafka.KafkaCluster;
import io.herald.devkit.registry.SchemaRegistryEndpoint;
import io.herald.devkit.smtp.ReceivedMail;
import io.herald.devkit.smtp.ScriptedSmtpServer;
import io.herald.workers.WorkerApp;
import io.herald.workers.WorkerConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A one-time code that arrives while the worker is sending a long bulk batch must not wait for the batch: the critical
 * lane has a worker of its own, and in the provider's pacer its call takes the next free connection and token. The
 * bulk batch is not stopped for it (it used to give way, and a trickle of codes then cut a bulk drain to a sixth).
 */
@WithKafka
@WithRegistry
class CriticalLaneIT {
    private static final int BULK = 40;
    private final WorkerHarness harness;
    private final ScriptedSmtpServer sink = ScriptedSmtpServer.builder().build().start();
    private WorkerApp app;

    CriticalLaneIT(KafkaCluster kafka, SchemaRegistryEndpoint registry) {
        this.harness = new WorkerHarness(kafka, registry);
    }

    @AfterEach
    void stop() {
        if (app != null) app.close();
        harness.close();
        sink.close();
    }

    @Test
    void aCodeArrivingDuringABulkBatchIsSentBeforeTheRestOfTheBatchAndNothingIsSentTwice() {
        String provider = "smtp-yield-" + harness.runId;
        // Paced to 10/s so the 40-mail batch takes about four seconds: long enough to arrive in the middle of it.
        // Two connections, both busy with bulk when the code arrives: it takes the next one that frees.
        WorkerConfig config = WorkerHarness.withConcurrency(
                harness.config(List.of(WorkerHarness.smtp(provider, sink.port(), 10, 2)), null, null, 100), 2);
        app = new WorkerApp(config, Clock.systemUTC()).start();
        await().atMost(Duration.ofSeconds(30)).until(app::ready);

        // One transaction on one partition: the whole bulk becomes readable at once and the worker's first poll takes it
        // as one batch (written one by one, the first poll could catch a few and the code would only wait for those).
        List<String> bulk;
        try (KafkaProducer<String, DispatchCommand> producer = transactionalProducer()) {
            producer.initTransactions();
            producer.beginTransaction();
            String topic = harness.topics.dispatch(Channel.EMAIL, Priority.BULK).name();
            bulk = IntStream.range(0, BULK).mapToObj(i -> {
                var command = harness.command("bulk-" + i, Channel.EMAIL, Priority.BULK, "b" + i + "@example.com", List.of(provider));
                producer.send(new ProducerRecord<>(topic, 0, command.getNotificationId(), command));
                return command.getNotificationId();
            }).toList();
            producer.commitTransaction();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> sink.receivedCount() >= 3);

        var code = harness.command("code", Channel.EMAIL, Priority.CRITICAL, "code@example.com", List.of(provider));
        harness.send(code);
        harness.flush();

        await().atMost(Duration.ofSeconds(30)).until(() -> sent(code.getNotificationId()) == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> bulk.stream().allMatch(id -> sent(id) == 1));
        List<ReceivedMail> received = sink.received();
        int codeAt = IntStream.range(0, received.size()).filter(i -> received.get(i).recipients().contains("code@example.com"))
                .findFirst().orElseThrow();
        assertThat(received.size() - 1 - codeAt).as("bulk mails sent after the code (it did not wait for the batch)").isGreaterThanOrEqualTo(BULK / 2);
        assertThat(bulk).allSatisfy(id -> assertThat(sent(id)).as("SENT outcomes of %s", id).isEqualTo(1));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> sink.receivedCount() == BULK + 1);
    }

    private KafkaProducer<String, DispatchCommand> transactionalProducer() {
        Map<String, Object> props = new HashMap<>(harness.kafka.clientProperties());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "it-bulk-" + harness.runId);
        return new KafkaProducer<>(props, new StringSerializer(),
                harness.topics.dispatch(Channel.EMAIL, Priority.BULK).valueSerde().serializer());
    }

    private long sent(String id) {
        return harness.outcomes(id).stream().map(DeliveryOutcome::getStatus).filter(s -> s == OutcomeStatus.SENT).count();
    }
}
