package io.herald.router.topology;

import static io.herald.router.topology.Fixtures.bulk;
import static io.herald.router.topology.Fixtures.transactional;
import static io.herald.router.topology.Fixtures.worker;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.Channel;
import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.ErrorClass;
import io.herald.contracts.HealthState;
import io.herald.contracts.NotificationRequest;
import io.herald.contracts.OutcomeStatus;
import io.herald.contracts.ParkedNotification;
import io.herald.contracts.PreferenceEvent;
import io.herald.contracts.PreferenceEventType;
import io.herald.contracts.Priority;
import io.herald.contracts.Recipient;
import io.herald.schemas.HeraldHeaders;
import java.time.Duration;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A tenant forgets a recipient: the router scrubs every ledger entry of that recipient (requests with addresses
 * and bodies gone at once), ends what it still held FAILED instead of sending it later, and never routes a parked
 * copy again.
 */
class ErasureTest {
    private final RouterHarness h = new RouterHarness();

    @AfterEach
    void close() {
        h.close();
    }

    private static NotificationRequest forRecipient(NotificationRequest r, String recipientId) {
        return NotificationRequest.newBuilder(r)
                .setRecipient(Recipient.newBuilder(r.getRecipient()).setRecipientId(recipientId).build()).build();
    }

    private void emailDown() {
        h.healthIn.pipeInput("smtp-primary", Fixtures.health("smtp-primary", Channel.EMAIL, HealthState.DOWN, h.now()));
        h.healthIn.pipeInput("smtp-secondary", Fixtures.health("smtp-secondary", Channel.EMAIL, HealthState.DOWN, h.now()));
    }

    private void erase(String recipientId) {
        h.preferenceEvents.pipeInput("acme/" + recipientId, PreferenceEvent.newBuilder().setEventId("erase-" + recipientId)
                .setTenantId("acme").setRecipientId(recipientId).setAt(h.now()).setType(PreferenceEventType.ERASE)
                .setActor("acme-main").build());
    }

    private void release(ParkedNotification parked) {
        RecordHeaders headers = new RecordHeaders();
        HeraldHeaders.put(headers, HeraldHeaders.REPLAY_BY, "auto-replayer");
        HeraldHeaders.put(headers, HeraldHeaders.REPLAY_SOURCE_TOPIC, "notify.parked.email.v1");
        h.replays.pipeInput(new TestRecord<>(parked.getNotificationId(), parked.getRequest(), headers, h.now()));
    }

    @Test
    void erasingARecipientScrubsItsEntriesAndEndsWhatTheLedgerHeldWithoutTouchingOthers() {
        h.send(forRecipient(transactional("done", h.now()), "u-1"));
        h.workerOutcomes.pipeInput("n-acme-done", worker("n-acme-done", OutcomeStatus.SENT, Channel.EMAIL, "smtp-primary",
                null, "250", h.now()));
        emailDown();
        h.send(forRecipient(bulk("waiting", h.now()), "u-1"));
        h.send(forRecipient(bulk("other", h.now()), "u-2"));
        ParkedNotification parked = h.parked(Channel.EMAIL).readValuesToList().get(0);
        h.routerOutcomes();
        assertThat(h.driver.getKeyValueStore(RecipientIndex.STORE).approximateNumEntries()).isEqualTo(3);

        erase("u-1");

        assertThat(h.routerOutcomes()).singleElement().satisfies(o -> {
            assertThat(o.getNotificationId()).isEqualTo("n-acme-waiting");
            assertThat(o.getStatus()).isEqualTo(OutcomeStatus.FAILED);
            assertThat(o.getDecision().getRule()).isEqualTo(Ledger.RULE_RECIPIENT_ERASED);
        });
        LedgerEntry waiting = h.ledger().get("n-acme-waiting");
        assertThat(waiting.request()).isNull();
        assertThat(waiting.recipientKey()).isNull();
        assertThat(waiting.dueAtMs()).as("its parked expiry is cancelled").isNull();
        assertThat(waiting.timeline()).extracting(TimelineEntry::status).endsWith("FAILED", LedgerEntry.ERASED);
        assertThat(h.ledger().get("n-acme-done").timeline()).extracting(TimelineEntry::status).endsWith(LedgerEntry.ERASED);
        assertThat(h.ledger().get("n-acme-done").state()).isEqualTo("SENT");
        assertThat(h.ledger().get("n-acme-other").request()).as("another recipient is untouched").isNotNull();
        assertThat(h.driver.getKeyValueStore(RecipientIndex.STORE).approximateNumEntries()).isEqualTo(1);

        // The provider recovers and the parked copy is released: skipped, never sent.
        release(parked);
        assertThat(h.dispatched(Channel.EMAIL, Priority.BULK)).isEmpty();
        assertThat(h.routerOutcomes()).singleElement().satisfies(o -> assertThat(o.getStatus()).isEqualTo(OutcomeStatus.SKIPPED));
    }

    @Test
    void anErasedNotificationAWorkerGivesBackEndsFailedInsteadOfFailingOver() {
        h.send(forRecipient(Fixtures.otp("code", h.now()), "u-1"));
        h.routerOutcomes();
        erase("u-1");
        assertThat(h.routerOutcomes()).as("on its way: the worker's outcome ends it").isEmpty();
        assertThat(h.ledger().get("n-acme-code").request()).isNull();

        h.workerOutcomes.pipeInput("n-acme-code", worker("n-acme-code", OutcomeStatus.CHANNEL_EXHAUSTED, Channel.EMAIL,
                "smtp-secondary", ErrorClass.TRANSIENT, "451 4.3.2", h.now()));

        assertThat(h.dispatched(Channel.SMS, Priority.CRITICAL)).isEmpty();
        assertThat(h.routerOutcomes()).extracting(DeliveryOutcome::getStatus).containsExactly(OutcomeStatus.FAILED);
        assertThat(h.ledger().get("n-acme-code").terminal()).isTrue();
    }

    @Test
    void aNotificationInAWorkersRetryTierIsScrubbedButLeftToItsWorker() {
        h.send(forRecipient(transactional("retrying", h.now()), "u-1"));
        h.workerOutcomes.pipeInput("n-acme-retrying", worker("n-acme-retrying", OutcomeStatus.DEFERRED, Channel.EMAIL,
                "smtp-primary", ErrorClass.TRANSIENT, "451 4.3.2", h.now()));
        h.routerOutcomes();
        assertThat(h.ledger().get("n-acme-retrying").state()).isEqualTo("DEFERRED");

        erase("u-1");

        assertThat(h.routerOutcomes()).as("on its way in a retry tier: no second terminal outcome").isEmpty();
        assertThat(h.ledger().get("n-acme-retrying").request()).isNull();
        assertThat(h.ledger().get("n-acme-retrying").terminal()).isFalse();
    }

    @Test
    void aParkedCopyReleasedAfterTheLedgerForgotItsNotificationIsSkippedEveryTime() {
        emailDown();
        h.send(bulk("old", h.now()));
        ParkedNotification parked = h.parked(Channel.EMAIL).readValuesToList().get(0);
        // It expires while parked (72 h), and the ledger forgets it a retention (7 d) later.
        h.advance(Duration.ofHours(72).plusSeconds(5));
        h.advance(Duration.ofDays(7).plusMinutes(1));
        assertThat(h.ledger().get("n-acme-old")).isNull();
        h.routerOutcomes();

        release(parked);
        release(parked);

        assertThat(h.dispatched(Channel.EMAIL, Priority.BULK)).isEmpty();
        assertThat(h.routerOutcomes()).hasSize(2).allSatisfy(o -> {
            assertThat(o.getStatus()).isEqualTo(OutcomeStatus.SKIPPED);
            assertThat(o.getDecision().getRule()).isEqualTo(Ledger.RULE_FORGOTTEN);
        });
        assertThat(h.ledger().get("n-acme-old")).isNull();
    }
}
