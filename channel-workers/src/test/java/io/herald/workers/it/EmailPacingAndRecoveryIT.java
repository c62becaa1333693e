package io.herald.workers.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.contracts.Channel;
import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.DispatchCommand;
import io.herald.contracts.OutcomeStatus;
import io.herald.contracts.Priority;
import io.herald.devkit.junit.WithKafka;
import io.herald.devkit.junit.WithRegistry;
import io.herald.devkit.kafka.KafkaCluster;
import io.herald.devkit.registry.SchemaRegistryEndpoint;
import io.herald.devkit.smtp.ReceivedMail;
import io.herald.devkit.smtp.Replies;
import io.herald.devkit.smtp.ScriptedSmtpServer;
import io.herald.workers.WorkerApp;
import io.herald.workers.WorkerConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Adaptive pacing after a 421, crash re-delivery bounds, and critical-first under a bulk backlog. */
@WithKafka
@WithRegistry
class EmailPacingAndRecoveryIT {
    private final WorkerHarness harness;
    private final ScriptedSmtpServer sink = ScriptedSmtpServer.builder().retainMessages(30_000).build().start();
    private final List<WorkerApp> apps = new ArrayList<>();

    EmailPacingAndRecoveryIT(KafkaCluster kafka, SchemaRegistryEndpoint registry) {
        this.harness = new WorkerHarness(kafka, registry);
    }

    @AfterEach
    void stop() {
        apps.forEach(WorkerApp::close);
        harness.close();
        sink.close();
    }

    @Test
    void aConnectionLimitReplyHalvesTheSendRateWhichThenRecovers() {
        String provider = "smtp-paced-" + harness.runId;
        WorkerApp app = start(harness.config(List.of(WorkerHarness.smtp(provider, sink.port(), 50, 2)), null, null, 200));
        // Enough messages after the 421 for AIMD to climb back: +2.5/s per 20 successes from 25/s to 50/s takes ~200.
        int total = 400;
        for (int i = 0; i < total; i++) harness.send(email("paced-" + i, Priority.TRANSACTIONAL, List.of(provider)));
        harness.flush();

        await().atMost(Duration.ofSeconds(30)).until(() -> sink.receivedCount() >= 80);
        sink.script(Replies.connectionLimit421().times(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> sink.rejectedCount() == 1);
        int atThrottle = (int) sink.receivedCount();
        await().atMost(Duration.ofSeconds(60)).until(() -> sink.receivedCount() >= total);

        List<Instant> sent = sink.received().stream().map(ReceivedMail::receivedAt).sorted().toList();
        double before = rate(sent, atThrottle - 50, atThrottle);
        double after = rate(sent, atThrottle + 2, atThrottle + 32);
        double end = rate(sent, total - 40, total);
        System.out.printf("421 pacing: before %.1f/s, after 421 %.1f/s, at the end %.1f/s, pacer now %.1f/s%n", before, after, end,
                app.pacer(provider).currentRate());
        assertThat(after).isLessThan(before * 0.7);
        assertThat(end).isGreaterThan(after * 1.4);
        assertThat(app.pacer(provider).currentRate()).isGreaterThan(25);
        String throttled = harness.allOutcomes().stream().filter(o -> o.getStatus() == OutcomeStatus.DEFERRED)
                .filter(o -> o.getNotificationId().startsWith(harness.runId)).map(DeliveryOutcome::getProviderCode).findFirst().orElseThrow();
        assertThat(throttled).isEqualTo("421 4.7.0");
    }

    @Test
    void aCrashedWorkerRedeliversAtMostTheBatchItHadInFlight() {
        String provider = "smtp-crash-" + harness.runId;
        int batch = 50;
        WorkerConfig config = harness.config(List.of(WorkerHarness.smtp(provider, sink.port(), 200, 4)), null, null, batch);
        WorkerApp first = new WorkerApp(config).start();
        await().atMost(Duration.ofSeconds(30)).until(first::ready);
        int total = 400;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            DispatchCommand c = email("crash-" + i, Priority.TRANSACTIONAL, List.of(provider));
            ids.add(c.getNotificationId());
            harness.send(c);
        }
        harness.flush();

        await().atMost(Duration.ofSeconds(30)).until(() -> sink.receivedCount() >= 120);
        first.halt();
        long atCrash = sink.receivedCount();
        start(config);
        await().atMost(Duration.ofSeconds(60)).until(() -> uniqueMessageIds() >= total);

        long duplicates = sink.receivedCount() - uniqueMessageIds();
        System.out.printf("crash drill: %d delivered before the crash, %d re-delivered after it (bound: one batch of %d)%n",
                atCrash, duplicates, batch);
        assertThat(duplicates).isLessThanOrEqualTo(batch);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ids).allSatisfy(id ->
                assertThat(harness.outcomes(id)).filteredOn(o -> o.getStatus() == OutcomeStatus.SENT).hasSize(1)));
    }

    @Test
    void criticalMessagesOvertakeABulkBacklog() {
        String provider = "smtp-lanes-" + harness.runId;
        int batch = 100;
        start(harness.config(List.of(WorkerHarness.smtp(provider, sink.port(), 2000, 4)), null, null, batch));
        int bulk = 50_000; // the backlog size: the critical lane must still go first
        for (int i = 0; i < bulk; i++) harness.send(email("bulk-" + i, Priority.BULK, List.of(provider)));
        harness.flush();
        await().atMost(Duration.ofSeconds(60)).until(() -> sink.receivedCount() >= 500);

        long atCritical = sink.receivedCount();
        int critical = 50;
        for (int i = 0; i < critical; i++) harness.send(email("critical-" + i, Priority.CRITICAL, List.of(provider)));
        harness.flush();
        await().atMost(Duration.ofSeconds(30)).until(() -> subjects().stream().filter(s -> s.startsWith("Subject critical-")).count() == critical);

        List<String> order = subjects();
        int lastCritical = 0;
        for (int i = 0; i < order.size(); i++) if (order.get(i).startsWith("Subject critical-")) lastCritical = i;
        long bulkOvertaken = bulk - (lastCritical + 1 - critical);
        long bulkBetween = lastCritical + 1 - critical - atCritical;
        System.out.printf("lanes: %d bulk queued, critical sent after %d bulk; %d bulk delivered while the %d critical were pending; "
                + "%d bulk still queued when the last critical was delivered%n", bulk, atCritical, bulkBetween, critical, bulkOvertaken);
        assertThat(bulkBetween).isLessThanOrEqualTo(3L * batch);
        assertThat(bulkOvertaken).isGreaterThan(bulk / 2);
    }

    private WorkerApp start(WorkerConfig config) {
        WorkerApp app = new WorkerApp(config).start();
        apps.add(app);
        await().atMost(Duration.ofSeconds(30)).until(app::ready);
        return app;
    }

    private DispatchCommand email(String id, Priority lane, List<String> providers) {
        return harness.command(id, Channel.EMAIL, lane, "user-" + id + "@example.com", providers);
    }

    private List<String> subjects() {
        return sink.received().stream().sorted(Comparator.comparing(ReceivedMail::receivedAt)).map(m -> m.subject().orElse("")).toList();
    }

    private long uniqueMessageIds() {
        Set<String> ids = new HashSet<>();
        for (ReceivedMail m : sink.received()) m.messageId().ifPresent(ids::add);
        return ids.size();
    }

    /**
     * The paced rate between the {@code from}-th and {@code to}-th received message: deliveries per second
     * over the gaps between consecutive deliveries, leaving out the longest tenth. Those few long gaps are
     * transaction commits and CPU contention on a shared machine, not the pacer's doing.
     */
    private static double rate(List<Instant> sent, int from, int to) {
        List<Long> gaps = new ArrayList<>();
        for (int i = from + 1; i < to; i++) gaps.add(Duration.between(sent.get(i - 1), sent.get(i)).toNanos());
        gaps.sort(Long::compare);
        List<Long> kept = gaps.subList(0, gaps.size() - gaps.size() / 10);
        return kept.size() * 1e9 / Math.max(1, kept.stream().mapToLong(Long::longValue).sum());
    }
}
