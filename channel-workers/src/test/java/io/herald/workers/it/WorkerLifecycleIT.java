package io.herald.workers.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.contracts.Channel;
import io.herald.contracts.Priority;
import io.herald.devkit.junit.WithKafka;
import io.herald.devkit.junit.WithRegistry;
import io.herald.devkit.kafka.KafkaCluster;
import io.herald.devkit.registry.SchemaRegistryEndpoint;
import io.herald.devkit.smtp.ReceivedMail;
import io.herald.devkit.smtp.ScriptedSmtpServer;
import io.herald.workers.WorkerApp;
import io.herald.workers.WorkerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Graceful shutdown and rebalancing between worker instances of one group. */
@WithKafka
@WithRegistry
class WorkerLifecycleIT {
    private final WorkerHarness harness;
    private final ScriptedSmtpServer sink = ScriptedSmtpServer.builder().build().start();
    private final List<WorkerApp> apps = new ArrayList<>();

    WorkerLifecycleIT(KafkaCluster kafka, SchemaRegistryEndpoint registry) {
        this.harness = new WorkerHarness(kafka, registry);
    }

    @AfterEach
    void stop() {
        apps.forEach(WorkerApp::close);
        harness.close();
        sink.close();
    }

    @Test
    void aGracefulCloseFinishesItsBatchSoARestartSendsNothingTwice() {
        String provider = "smtp-graceful-" + harness.runId;
        WorkerConfig config = harness.config(List.of(WorkerHarness.smtp(provider, sink.port(), 150, 4)), null, null, 50);
        WorkerApp first = start(config);
        int total = 300;
        for (int i = 0; i < total; i++) {
            harness.send(harness.command("graceful-" + i, Channel.EMAIL, Priority.TRANSACTIONAL, "g" + i + "@example.com", List.of(provider)));
        }
        harness.flush();
        await().atMost(Duration.ofSeconds(30)).until(() -> sink.receivedCount() >= 60);

        first.close();
        long atClose = sink.receivedCount();
        start(config);
        await().atMost(Duration.ofSeconds(60)).until(() -> unique() >= total);

        System.out.printf("graceful close after %d deliveries: %d sent twice%n", atClose, sink.receivedCount() - unique());
        assertThat(sink.receivedCount()).isEqualTo(total);
    }

    @Test
    void aSecondInstanceJoiningTakesOverPartitionsAndNoLaneStaysPaused() {
        String provider = "smtp-rebalance-" + harness.runId;
        int batch = 50;
        // Slow enough (about 7 s of work) that the second instance joins while there is still work to share.
        WorkerConfig config = harness.config(List.of(WorkerHarness.smtp(provider, sink.port(), 60, 4)), null, null, batch);
        start(config);
        int bulk = 400;
        int critical = 40;
        for (int i = 0; i < bulk; i++) {
            harness.send(harness.command("bulk-" + i, Channel.EMAIL, Priority.BULK, "b" + i + "@example.com", List.of(provider)));
            if (i % 10 == 0 && i / 10 < critical) {
                harness.send(harness.command("crit-" + i, Channel.EMAIL, Priority.CRITICAL, "c" + i + "@example.com", List.of(provider)));
            }
        }
        harness.flush();
        await().atMost(Duration.ofSeconds(30)).until(() -> sink.receivedCount() >= 40);

        WorkerApp second = start(WorkerHarness.otherInstance(config, "it-second-" + harness.runId));
        await().atMost(Duration.ofSeconds(60)).until(() -> unique() >= bulk + critical);

        long twice = sink.receivedCount() - unique();
        System.out.printf("rebalance: %d messages sent twice while a second instance joined (bound: one batch of %d)%n", twice, batch);
        assertThat(twice).isLessThanOrEqualTo(batch);
        assertThat(second.metrics().registry().find("herald_worker_attempts_total").counters()).isNotEmpty();
    }

    private WorkerApp start(WorkerConfig config) {
        WorkerApp app = new WorkerApp(config).start();
        apps.add(app);
        await().atMost(Duration.ofSeconds(30)).until(app::ready);
        return app;
    }

    private long unique() {
        Set<String> ids = new HashSet<>();
        for (ReceivedMail m : sink.received()) m.messageId().ifPresent(ids::add);
        return ids.size();
    }
}
