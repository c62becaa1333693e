package io.herald.compose.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.compose.drill.Posted;
import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.OutcomeStatus;
import io.herald.devkit.smtp.SmtpReply;
import io.herald.devkit.smtp.SmtpRule;
import io.herald.devkit.smtp.SmtpStage;
import io.herald.policy.reconcile.ReconciliationReport;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The primary mail server resets the connection in the middle of DATA — after the message and its final dot, before
 * any reply — for one message among steady load: the provider may have queued it, so it is UNCERTAIN, reported as
 * such to its producer, and neither resent nor failed over; everything around it is delivered normally.
 */
@Tag("fault")
@Order(1)
class SmtpResetFaultIT extends FaultTest {
    private static final String DOMAIN = "reset.fault.example";
    @Test
    void aConnectionResetInTheMiddleOfDataLeavesTheMessageUncertainReportedAndNotResent() {
        FaultRun run = new FaultRun(stack, "smtp reset mid-DATA");
        // Every attempt at this domain is reset, on both providers: a resend or a failover would be seen, not hidden.
        stack.smtpPrimary().script(SmtpRule.onData(SmtpReply.connectionReset()).forDomain(DOMAIN));
        stack.smtpSecondary().script(SmtpRule.onData(SmtpReply.connectionReset()).forDomain(DOMAIN));
        run.postInBackground(Duration.ofSeconds(15));
        run.awaitDelivered(5);

        String key = "reset-" + Long.toString(System.nanoTime(), 36);
        String id = run.postEmail(key, key + "@" + DOMAIN);
        await("the reset message's outcome").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                .until(() -> run.outcomes().stream().anyMatch(o -> o.getNotificationId().equals(id) && o.getStatus() == OutcomeStatus.UNCERTAIN));
        run.awaitLoadDone();
        run.post(Duration.ofSeconds(3), Posted.Phase.AFTER);
        // The rest of the load settles first: time enough for a resend to show up if there were one.
        ReconciliationReport report = run.settle(Duration.ofMinutes(2));
        FaultFigures figures = run.figures(report, null);
        List<DeliveryOutcome> timeline = run.outcomes().stream().filter(o -> o.getNotificationId().equals(id)).toList();
        String reported = run.reportedState(id);
        System.out.println("FAULT FIGURES smtp reset mid-DATA: the reset message " + id + " ended " + timeline.stream()
                .map(o -> o.getStatus() + "(" + o.getErrorClass() + ")").toList() + ", reported to its producer as " + reported);

        assertThat(timeline).extracting(DeliveryOutcome::getStatus).contains(OutcomeStatus.UNCERTAIN)
                .doesNotContain(OutcomeStatus.SENT, OutcomeStatus.DELIVERED, OutcomeStatus.FAILED);
        assertThat(reported).isEqualTo("UNCERTAIN");
        // One DATA attempt in all, on one provider; no server queued it.
        long dataAttempts = Stream.of(stack.smtpPrimary(), stack.smtpSecondary()).flatMap(s -> s.attempts().stream())
                .filter(a -> a.stage() == SmtpStage.DATA && a.code() == SmtpReply.connectionReset().code()).count();
        long rcptAttempts = Stream.of(stack.smtpPrimary(), stack.smtpSecondary()).flatMap(s -> s.attempts().stream())
                .filter(a -> a.stage() == SmtpStage.RCPT_TO && a.recipient().orElse("").endsWith("@" + DOMAIN)).count();
        assertThat(rcptAttempts).as("attempts at the reset recipient: a resend or a failover would make two").isEqualTo(1);
        assertThat(dataAttempts).isEqualTo(1);
        assertThat(Stream.concat(stack.smtpPrimary().received().stream(), stack.smtpSecondary().received().stream())
                .flatMap(m -> m.recipients().stream())).noneMatch(r -> r.endsWith("@" + DOMAIN));
        // Around it, the load is delivered as usual.
        // The reset message has no terminal state by design (UNCERTAIN): the only one without, and counted as uncertain.
        assertThat(report.lost()).as("lost (by their last state: " + run.lastStates(report.lost()) + "); " + figures.row()).isSubsetOf(id);
        assertThat(figures.lost()).isZero();
        assertThat(figures.uncertain()).isEqualTo(1);
        assertThat(report.multipleTerminal()).as("two terminal states; " + figures.row()).isEmpty();
        assertThat(report.sinkDuplicates()).as("sent twice; " + figures.row()).isEmpty();
    }
}
