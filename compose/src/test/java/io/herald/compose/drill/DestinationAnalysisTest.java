package io.herald.compose.drill;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.Channel;
import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.HealthSource;
import io.herald.contracts.HealthState;
import io.herald.contracts.OutcomeStatus;
import io.herald.contracts.Priority;
import io.herald.contracts.ProviderHealth;
import io.herald.contracts.Stage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DestinationAnalysisTest {
    private static final Instant T0 = Instant.parse("2026-01-22T19:33:00Z");
    private static final Instant OUTAGE_START = T0.plusSeconds(10);
    private static final Instant OUTAGE_END = T0.plusSeconds(40);
    private static final RecipientDomains DOMAINS = new RecipientDomains(30, List.of("contoso.example"));
    private final List<Posted> posted = new ArrayList<>();
    private final List<DeliveryOutcome> outcomes = new ArrayList<>();
    private final List<ProviderHealth> health = new ArrayList<>();
    private int events;

    @Test
    void reportsTheDestinationsDetectionItsRecipientsCodesAndEveryoneElsesMail() {
        health.add(health("destination:exchange-online", "exchange-online", HealthState.DOWN, 12_500));
        post("c1", Priority.CRITICAL, 11_000, "contoso.example");
        event("c1", OutcomeStatus.SENT, 12_000, Channel.SMS, "twilio");
        post("b1", Priority.BULK, 11_000, "contoso.example");
        event("b1", OutcomeStatus.PARKED, 13_000, Channel.EMAIL, null);
        post("t1", Priority.TRANSACTIONAL, 2_000, "transactional.drill.example", Posted.Phase.BEFORE);
        event("t1", OutcomeStatus.SENT, 2_400, Channel.EMAIL, "smtp-primary");
        post("t2", Priority.TRANSACTIONAL, 20_000, "transactional.drill.example");
        event("t2", OutcomeStatus.SENT, 20_500, Channel.EMAIL, "smtp-primary");

        DrillReport report = analyse();

        DrillReport.Destination d = report.destination();
        assertThat(d.mttdMs()).containsEntry("exchange-online", 2_500L);
        assertThat(d.providersDown()).isEmpty();
        assertThat(d.critical().postedDuringOutage()).isEqualTo(1);
        assertThat(d.critical().deliveredBySms()).isEqualTo(1);
        assertThat(d.critical().latencyMaxMs()).isEqualTo(1_000L);
        assertThat(d.unaffected().posted()).isEqualTo(1);
        assertThat(d.unaffected().sentBy()).containsExactly(Map.entry("smtp-primary", 1L));
        assertThat(d.unaffected().latencyP50BeforeMs()).isEqualTo(400L);
        assertThat(d.unaffected().latencyP50DuringMs()).isEqualTo(500L);
        assertThat(report.promises()).extracting(DrillReport.Promise::promise).contains(
                "the destination, not a mail provider, was taken DOWN", "every critical code to an affected recipient was delivered by SMS",
                "mail to unaffected recipients went on undisturbed");
        assertThat(report.promises()).filteredOn(p -> p.promise().startsWith("the destination") || p.promise().startsWith("mail to")
                || p.promise().startsWith("every critical code to")).allMatch(DrillReport.Promise::kept);
        assertThat(ReportMarkdown.render(report)).startsWith("# Drill: exchange recipients")
                .contains("| MTTD destination exchange-online (outage start → DOWN) | 2500 ms |")
                .contains("| mail providers DOWN during the outage | none |");
    }

    @Test
    void aProviderTakenDownDisturbedMailOrACodeByEmailBreaksItsPromise() {
        health.add(health("smtp-primary", null, HealthState.DOWN, 13_000));
        post("c1", Priority.CRITICAL, 11_000, "contoso.example");
        event("c1", OutcomeStatus.SENT, 19_000, Channel.EMAIL, "smtp-secondary");
        post("t2", Priority.TRANSACTIONAL, 20_000, "transactional.drill.example");
        event("t2", OutcomeStatus.DEFERRED, 20_500, Channel.EMAIL, "smtp-primary");
        event("t2", OutcomeStatus.SENT, 31_000, Channel.EMAIL, "smtp-primary");

        DrillReport report = analyse();

        assertThat(report.destination().mttdMs()).containsEntry("exchange-online", null);
        assertThat(report.destination().providersDown()).containsExactly("smtp-primary");
        assertThat(report.promises()).filteredOn(p -> !p.kept()).extracting(DrillReport.Promise::promise).containsExactlyInAnyOrder(
                "the destination, not a mail provider, was taken DOWN", "every critical code to an affected recipient was delivered by SMS",
                "mail to unaffected recipients went on undisturbed");
        assertThat(report.promisesKept()).isFalse();
    }

    private DrillReport analyse() {
        DrillInputs in = new DrillInputs(Map.of("inject", "scripted"), OUTAGE_START, OUTAGE_END, List.of("smtp-primary", "smtp-secondary"),
                posted, outcomes, health, List.of(), Optional.empty(), T0.plusSeconds(300));
        return DestinationAnalysis.addTo(DrillAnalysis.analyse(in), in, "exchange-online", DOMAINS);
    }

    private void post(String id, Priority lane, long postedMs, String domain) {
        post(id, lane, postedMs, domain, Posted.Phase.DURING);
    }

    private void post(String id, Priority lane, long postedMs, String domain, Posted.Phase phase) {
        Instant at = T0.plusMillis(postedMs);
        posted.add(new Posted(id, "key-" + id, lane, at, lane == Priority.CRITICAL ? at.plusSeconds(120) : null, phase, domain));
    }

    private void event(String id, OutcomeStatus status, long atMs, Channel channel, String provider) {
        outcomes.add(DeliveryOutcome.newBuilder().setEventId("e" + (++events)).setNotificationId(id).setTenantId("demo")
                .setAt(T0.plusMillis(atMs)).setStage(provider == null ? Stage.ROUTER : Stage.WORKER).setStatus(status).setChannel(channel)
                .setProvider(provider).build());
    }

    private static ProviderHealth health(String key, String destination, HealthState state, long sinceMs) {
        return ProviderHealth.newBuilder().setProviderId(key).setChannel(Channel.EMAIL).setState(state).setSince(T0.plusMillis(sinceMs))
                .setReason("test").setSource(HealthSource.OBSERVED).setDestination(destination).build();
    }
}
