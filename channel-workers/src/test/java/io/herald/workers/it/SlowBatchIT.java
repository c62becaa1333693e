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
import io.herald.workers.WorkerApp;
import io.herald.workers.WorkerConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A batch that takes longer than {@code max.poll.interval.ms} (a provider paced down to 2/s, twenty records in
 * one poll) must not get the worker evicted: the transaction would fail and every message of the batch would
 * be sent again, batch after batch.
 */
@WithKafka
@WithRegistry
class SlowBatchIT {
    private final WorkerHarness harness;
    private final ScriptedSmtpServer sink = ScriptedSmtpServer.builder().build().start();
    private WorkerApp app;

    SlowBatchIT(KafkaCluster kafka, SchemaRegistryEndpoint registry) {
        this.harness = new WorkerHarness(kafka, registry);
    }

    @AfterEach
    void stop() {
        if (app != null) app.close();
        harness.close();
        sink.close();
    }

    @Test
    void aBatchSlowerThanThePollIntervalIsCommittedInPartsAndNothingIsSentTwice() {
        String provider = "smtp-slow-" + harness.runId;
        WorkerConfig base = harness.config(List.of(WorkerHarness.smtp(provider, sink.port(), 2, 4)), null, null, 20);
        Map<String, Object> kafka = new HashMap<>(base.kafka());
        // Twenty records at 2/s take ~10 s: longer than the poll interval. Two calls in flight at a time, so the
        // deadline (a third of the interval) finds most of the batch not started: it must be handed back.
        kafka.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 6_000);
        WorkerConfig config = new WorkerConfig(kafka, base.registry(), base.retryLanes(), base.retryJitter(), base.groupPrefix(),
                base.instanceId(), 2, base.maxPollRecords(), base.pollTimeout(), base.shutdownTimeout(),
                base.halfOpenTricklePercent(), base.httpHost(), base.httpPort(), base.smtp(), base.twilio(), base.webhook(),
                base.probeInterval(), base.replyRules());
        app = new WorkerApp(config, Clock.systemUTC()).start();
        await().atMost(Duration.ofSeconds(30)).until(app::ready);

        int total = 20;
        List<String> ids = IntStream.range(0, total).mapToObj(i -> {
            var command = harness.command("slow-" + i, Channel.EMAIL, Priority.TRANSACTIONAL, "s" + i + "@example.com",
                    List.of(provider));
            harness.send(command);
            return command.getNotificationId();
        }).toList();
        harness.flush();

        await().atMost(Duration.ofSeconds(40)).until(() -> ids.stream().allMatch(id -> sent(id) == 1));
        // A little longer than one more poll interval: a re-sent batch would show up here.
        await().during(Duration.ofSeconds(7)).atMost(Duration.ofSeconds(9)).until(() -> sink.receivedCount() == total);
        assertThat(ids).allSatisfy(id -> assertThat(sent(id)).as("SENT outcomes of %s", id).isEqualTo(1));
        assertThat(app.ready()).as("the worker is still in its group and running").isTrue();
        assertThat(sink.receivedCount()).isEqualTo(total);
    }

    private long sent(String id) {
        return harness.outcomes(id).stream().map(DeliveryOutcome::getStatus).filter(s -> s == OutcomeStatus.SENT).count();
    }
}
