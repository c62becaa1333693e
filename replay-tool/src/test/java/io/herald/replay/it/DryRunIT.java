package io.herald.replay.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.Channel;
import io.herald.contracts.OutcomeStatus;
import io.herald.contracts.ParkedNotification;
import io.herald.devkit.junit.WithKafka;
import io.herald.devkit.junit.WithRegistry;
import io.herald.devkit.kafka.KafkaCluster;
import io.herald.devkit.registry.SchemaRegistryEndpoint;
import io.herald.replay.dryrun.DryRunAction;
import io.herald.replay.report.DryRun;
import io.herald.replay.report.DryRunReport;
import io.herald.replay.select.ReplayFilter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@WithKafka
@WithRegistry
class DryRunIT {

    @Test
    void reportsWhatAReplayWouldDoToAMixOfExpiredSentSuppressedAndSendableMessagesAndWritesNothing(
            KafkaCluster kafka, SchemaRegistryEndpoint registry) {
        ReplayFixture fx = new ReplayFixture(kafka, registry);
        String parked = fx.topic("notify.parked.email.v1.dry", 2);
        String target = fx.topic("notify.replay.v1.dry", 2);
        String outcomes = fx.topic("notify.outcome.v1.dry", 2);
        String preferences = fx.compacted("notify.preference.v1.dry");
        Instant now = Instant.now();
        List<ParkedNotification> backlog = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ParkedNotification p = ReplayFixture.parked("acme", i, now.minusSeconds(600));
            // 0-2 expired, 3-4 already sent, 5-6 opted out of email newsletters, 7-11 sendable
            if (i < 3) p = ParkedNotification.newBuilder(p).setExpiresAt(now.minusSeconds(60)).build();
            backlog.add(p);
        }
        fx.produceParked(parked, backlog);
        fx.produceOutcome(outcomes, backlog.get(3).getNotificationId(), OutcomeStatus.SENT);
        fx.produceOutcome(outcomes, backlog.get(4).getNotificationId(), OutcomeStatus.DEFERRED);
        fx.produceOutcome(outcomes, backlog.get(4).getNotificationId(), OutcomeStatus.SENT);
        fx.produceOutcome(outcomes, backlog.get(8).getNotificationId(), OutcomeStatus.DEFERRED);
        fx.produceOptOut(preferences, "acme", "u-5", Channel.EMAIL, "newsletter");
        fx.produceOptOut(preferences, "acme", "u-6", Channel.EMAIL, null);
        fx.produceOptOut(preferences, "acme", "u-9", Channel.EMAIL, "receipts");

        DryRunReport report = new DryRun(fx.clients, outcomes, preferences, Clock.systemUTC()).run(parked, null, ReplayFilter.ALL);

        assertThat(report.selected()).isEqualTo(12);
        assertThat(report.count(DryRunAction.WOULD_EXPIRE)).isEqualTo(3);
        assertThat(report.count(DryRunAction.WOULD_SKIP_ALREADY_SENT)).isEqualTo(2);
        assertThat(report.count(DryRunAction.WOULD_SUPPRESS)).isEqualTo(2);
        assertThat(report.count(DryRunAction.WOULD_SEND)).isEqualTo(5);
        assertThat(report.lines()).filteredOn(l -> l.notificationId().equals(backlog.get(3).getNotificationId()))
                .singleElement().extracting(DryRunReport.Line::action).isEqualTo(DryRunAction.WOULD_SKIP_ALREADY_SENT);
        assertThat(report.notes()).isEmpty();
        assertThat(fx.count(target)).isZero();
    }
}
