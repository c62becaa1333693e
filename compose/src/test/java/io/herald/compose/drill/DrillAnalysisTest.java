package io.herald.compose.drill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.contracts.Channel;
import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.HealthSource;
import io.herald.contracts.HealthState;
import io.herald.contracts.OutcomeStatus;
import io.herald.contracts.Priority;
import io.herald.contracts.ProviderHealth;
import io.herald.contracts.Stage;
import io.herald.policy.reconcile.SinkDelivery;
import io.herald.replay.engine.RunRecord;
import io.herald.replay.engine.RunState;
import io.herald.replay.engine.SourceKind;
import io.herald.workers.email.MessageIds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DrillAnalysisTest {
    private static final Instant T0 = Instant.parse("2026-01-22T19:33:00Z");
    private static final Instant OUTAGE_START = T0.plusSeconds(10);
    private static final Instant OUTAGE_END = T0.plusSeconds(40);
    private final List<Posted> posted = new ArrayList<>();
    private final List<DeliveryOutcome> outcomes = new ArrayList<>();
    private final List<SinkDelivery> sinks = new ArrayList<>();
    private int events;

    @Test
    void measuresDetectionFailoverAndLatencyFromTheEventLog() {
        critical("c1", 12_000, OutcomeStatus.CHANNEL_EXHAUSTED, 12_800, OutcomeStatus.FAILED_OVER, 12_900);
        sent("c1", 13_500, Channel.SMS);
        critical("c2", 20_000);
        sent("c2", 21_000, Channel.SMS);
        critical("c3", 22_000);
        sent("c3", 22_200, Channel.SMS);
        post("t1", Priority.TRANSACTIONAL, 2_000, Posted.Phase.BEFORE);
        sent("t1", 2_300, Channel.EMAIL);

        DrillReport report = DrillAnalysis.analyse(inputs(List.of(
                health("smtp-primary", HealthState.DEGRADED, 12_000), health("smtp-primary", HealthState.DOWN, 14_000),
                health("smtp-secondary", HealthState.DOWN, 15_000), health("smtp-primary", HealthState.HEALTHY, 60_000)), List.of()));

        assertThat(report.mttdMs()).containsEntry("smtp-primary", 4_000L).containsEntry("smtp-secondary", 5_000L);
        assertThat(report.firstCriticalSmsMs()).isEqualTo(3_500L);
        assertThat(report.critical().postedDuringOutage()).isEqualTo(3);
        assertThat(report.critical().deliveredBySms()).isEqualTo(3);
        assertThat(report.critical().latencyP50Ms()).isEqualTo(1_000L);
        assertThat(report.critical().latencyP99Ms()).isEqualTo(1_500L);
        assertThat(report.health()).extracting(DrillReport.HealthChange::state).containsExactly("DEGRADED", "DOWN", "DOWN", "HEALTHY");
        assertThat(report.lanes().get("transactional").terminal()).containsEntry("SENT", 1L);
        assertThat(report.promisesKept()).isTrue();
    }

    @Test
    void aProviderThatNeverWentDownHasNoMttd() {
        critical("c1", 12_000);
        sent("c1", 13_000, Channel.EMAIL);

        DrillReport report = DrillAnalysis.analyse(inputs(List.of(health("smtp-primary", HealthState.DEGRADED, 12_000)), List.of()));

        assertThat(report.mttdMs()).containsEntry("smtp-primary", null).containsEntry("smtp-secondary", null);
        assertThat(report.firstCriticalSmsMs()).isNull();
        assertThat(report.critical().deliveredByEmail()).isEqualTo(1);
    }

    @Test
    void aLostMessageALateCodeAnUndeliveredCodeAndADuplicateEachBreakAPromise() {
        post("t2", Priority.TRANSACTIONAL, 11_000, Posted.Phase.DURING);
        event("t2", OutcomeStatus.DEFERRED, 11_500, Channel.EMAIL);
        critical("late", 12_000);
        sent("late", 12_000 + 121_000, Channel.SMS);
        critical("never", 13_000);
        event("never", OutcomeStatus.EXPIRED, 13_000 + 120_000, null);
        post("b1", Priority.BULK, 14_000, Posted.Phase.DURING);
        sent("b1", 50_000, Channel.EMAIL);
        sinks.add(new SinkDelivery("b1", "smtp-primary", T0.plusSeconds(50)));
        sinks.add(new SinkDelivery("b1", "smtp-secondary", T0.plusSeconds(51)));

        DrillReport report = DrillAnalysis.analyse(inputs(List.of(), List.of()));

        assertThat(report.reconciliation().lost()).containsExactly("t2");
        assertThat(report.codes().sentAfterExpiry()).containsExactly("late");
        assertThat(report.codes().expired()).isEqualTo(1);
        assertThat(report.critical().notDelivered()).containsExactly("never");
        assertThat(report.sinks().duplicates()).containsEntry("b1", 2);
        assertThat(report.promises()).extracting(DrillReport.Promise::kept).containsExactly(false, false, false, false);
        assertThat(report.promisesKept()).isFalse();
    }

    @Test
    void comparesThePlannedWavesOfARunWithTheBurstsOfReleasesTheRouterSaw() {
        for (int i = 0; i < 8; i++) {
            post("b" + i, Priority.BULK, 12_000 + i * 100, Posted.Phase.DURING);
            event("b" + i, OutcomeStatus.PARKED, 12_500 + i * 100, Channel.EMAIL);
        }
        long[] released = {50_100, 50_200, 55_100, 55_300, 60_100, 60_200, 65_100, 65_150};
        for (int i = 0; i < 8; i++) {
            event("b" + i, OutcomeStatus.REPLAYED, released[i], null);
            sent("b" + i, released[i] + 300, Channel.EMAIL);
        }
        RunRecord run = new RunRecord("auto-email-1", RunState.FINISHED, "notify.parked.email.v1", "notify.replay.v1", SourceKind.PARKED,
                "", "25%/5s", "auto", "recovered", T0.plusSeconds(50), T0.plusMillis(65_200), 8, 8, 8, 0, 3, 4, Map.of(), null, 8, 0);

        DrillReport report = DrillAnalysis.analyse(inputs(List.of(), List.of(run)));

        assertThat(report.parked().total()).isEqualTo(8);
        assertThat(report.parked().stillParked()).isZero();
        assertThat(report.parked().drainMs()).isEqualTo(65_450L - 40_000L);
        assertThat(report.parked().releases()).singleElement().satisfies(r -> assertThat(r.waves()).containsExactly(
                new DrillReport.Wave(1, 2, 2), new DrillReport.Wave(2, 2, 2), new DrillReport.Wave(3, 2, 2), new DrillReport.Wave(4, 2, 2)));
    }

    @Test
    void attributesSinkRecordsByMessageIdAndSmsRef() throws Exception {
        post("n-1", Priority.BULK, 1_000, Posted.Phase.BEFORE);
        post("n-2", Priority.CRITICAL, 1_000, Posted.Phase.BEFORE);
        ObjectMapper json = new ObjectMapper();
        String mails = "[{\"messageId\":\"" + MessageIds.forNotification("n-1", "localhost").replace("\"", "") + "\",\"provider\":\"smtp-primary\","
                + "\"receivedAt\":\"2026-01-22T19:33:01Z\"},{\"messageId\":\"<other@x>\",\"provider\":\"smtp-primary\",\"receivedAt\":\"2026-01-22T19:33:01Z\"}]";
        String sms = "[{\"id\":\"sms-1\",\"status\":201,\"body\":\"Code 123456 ref key-n-2\",\"receivedAt\":\"2026-01-22T19:33:02Z\"},"
                + "{\"id\":\"sms-2\",\"status\":429,\"body\":\"Code 123456 ref key-n-2\",\"receivedAt\":\"2026-01-22T19:33:02Z\"}]";

        List<SinkDelivery> deliveries = SinkRecords.attribute(json.readTree(mails), json.readTree(sms), posted);

        assertThat(deliveries).extracting(SinkDelivery::notificationId, SinkDelivery::sink).containsExactly(
                org.assertj.core.groups.Tuple.tuple("n-1", "smtp-primary"), org.assertj.core.groups.Tuple.tuple("mail:other", "smtp-primary"),
                org.assertj.core.groups.Tuple.tuple("n-2", "sms"));
    }

    @Test
    void rendersMarkdownWithEveryPromise() {
        critical("c1", 12_000);
        sent("c1", 13_000, Channel.SMS);

        String md = ReportMarkdown.render(DrillAnalysis.analyse(inputs(List.of(health("smtp-primary", HealthState.DOWN, 14_000)), List.of())));

        assertThat(md).contains("MTTD smtp-primary (outage start → DOWN) | 4000 ms").contains("nothing lost").contains("no code sent after its expiry")
                .contains("| critical | 1 | SENT 1 |");
    }

    private DrillInputs inputs(List<ProviderHealth> health, List<RunRecord> runs) {
        return new DrillInputs(Map.of("inject", "scripted"), OUTAGE_START, OUTAGE_END, List.of("smtp-primary", "smtp-secondary"), posted,
                outcomes, health, runs, Optional.of(sinks), T0.plusSeconds(300));
    }

    private void critical(String id, long postedMs, Object... more) {
        post(id, Priority.CRITICAL, postedMs, postedMs >= 10_000 && postedMs < 40_000 ? Posted.Phase.DURING : Posted.Phase.BEFORE);
        event(id, OutcomeStatus.ROUTED, postedMs + 100, Channel.EMAIL);
        for (int i = 0; i + 1 < more.length; i += 2) event(id, (OutcomeStatus) more[i], ((Number) more[i + 1]).longValue(), Channel.EMAIL);
    }

    private void post(String id, Priority lane, long postedMs, Posted.Phase phase) {
        Instant at = T0.plusMillis(postedMs);
        posted.add(new Posted(id, "key-" + id, lane, at, lane == Priority.CRITICAL ? at.plusSeconds(120) : null, phase));
    }

    private void sent(String id, long atMs, Channel channel) {
        event(id, OutcomeStatus.SENT, atMs, channel);
    }

    private void event(String id, OutcomeStatus status, long atMs, Channel channel) {
        outcomes.add(DeliveryOutcome.newBuilder().setEventId("e" + (++events)).setNotificationId(id).setTenantId("demo")
                .setAt(T0.plusMillis(atMs)).setStage(Stage.ROUTER).setStatus(status).setChannel(channel).build());
    }

    private static ProviderHealth health(String provider, HealthState state, long sinceMs) {
        return ProviderHealth.newBuilder().setProviderId(provider).setChannel(Channel.EMAIL).setState(state).setSince(T0.plusMillis(sinceMs))
                .setReason("test").setSource(HealthSource.OBSERVED).build();
    }
}
