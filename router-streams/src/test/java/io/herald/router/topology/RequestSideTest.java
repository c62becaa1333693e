package io.herald.router.topology;

import static io.herald.router.topology.Fixtures.bulk;
import static io.herald.router.topology.Fixtures.otp;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.Channel;
import io.herald.contracts.ControlType;
import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.DispatchCommand;
import io.herald.contracts.ErrorClass;
import io.herald.contracts.HealthState;
import io.herald.contracts.NotificationRequest;
import io.herald.contracts.OutcomeStatus;
import io.herald.contracts.ParkedNotification;
import io.herald.contracts.Priority;
import io.herald.router.decision.ChannelChooser;
import io.herald.schemas.HeraldHeaders;
import io.herald.schemas.Samples;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RequestSideTest {
    private final RouterHarness h = new RouterHarness();

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void routesACriticalOtpToTheCriticalEmailLaneWithItsDecisionContext() {
        h.send(otp("k1", h.now()));

        List<TestRecord<String, DispatchCommand>> dispatched = h.dispatched(Channel.EMAIL, Priority.CRITICAL);
        assertThat(dispatched).hasSize(1);
        DispatchCommand command = dispatched.get(0).value();
        assertThat(dispatched.get(0).key()).isEqualTo("n-acme-k1");
        assertThat(command.getAddress()).isEqualTo("ada@example.com");
        assertThat(command.getProviders()).containsExactly("smtp-primary", "smtp-secondary");
        assertThat(command.getProviderHint()).isEqualTo("smtp-primary");
        // SMS could still take the code: the worker may hand it back after one failed round.
        assertThat(command.getFallbackChannels()).containsExactly(Channel.SMS);
        assertThat(command.getExpiresAt()).isEqualTo(h.now().plus(Duration.ofMinutes(15)));
        assertThat(command.getRouteHistory()).singleElement()
                .satisfies(step -> assertThat(step.getRule()).isEqualTo(ChannelChooser.PRIMARY));

        DeliveryOutcome routed = h.routerOutcomes().get(0);
        assertThat(routed.getStatus()).isEqualTo(OutcomeStatus.ROUTED);
        assertThat(routed.getDecision().getRule()).isEqualTo(ChannelChooser.PRIMARY);
        assertThat(routed.getDecision().getHealthStates()).containsEntry("smtp-primary", "HEALTHY")
                .containsEntry("twilio", "HEALTHY");
        assertThat(h.ledger().get("n-acme-k1").state()).isEqualTo("ROUTED");
    }

    @Test
    void sameIdempotencyKeyTwiceWithinTheWindowIsADuplicate() {
        h.send(otp("k1", h.now()));
        h.advance(Duration.ofDays(6));
        NotificationRequest again = otp("k1", h.now());
        again.setNotificationId("n-second");
        h.send(again);

        assertThat(h.dispatched(Channel.EMAIL, Priority.CRITICAL)).hasSize(1);
        List<DeliveryOutcome> outcomes = h.routerOutcomes();
        assertThat(outcomes).extracting(DeliveryOutcome::getStatus).containsExactly(OutcomeStatus.ROUTED, OutcomeStatus.DUPLICATE);
        assertThat(outcomes.get(1).getNotificationId()).isEqualTo("n-second");
        assertThat(outcomes.get(1).getDetail()).isEqualTo("duplicate of n-acme-k1");
    }

    @Test
    void sameIdempotencyKeyAfterTheWindowIsRoutedAgainAndThePurgeEmptiesTheStore() {
        h.send(otp("k1", h.now()));
        h.advance(Duration.ofDays(7).plusMinutes(2)); // past the window, and a purge ran
        assertThat(h.driver.<String, Object>getKeyValueStore(Deduplicator.STORE).approximateNumEntries()).isZero();
        assertThat(h.driver.<String, Object>getKeyValueStore(Deduplicator.EXPIRY_INDEX).approximateNumEntries()).isZero();

        h.send(otp("k1", h.now()));
        assertThat(h.dispatched(Channel.EMAIL, Priority.CRITICAL)).hasSize(2);
        assertThat(h.routerOutcomes()).extracting(DeliveryOutcome::getStatus)
                .containsExactly(OutcomeStatus.ROUTED, OutcomeStatus.ROUTED);
    }

    @Test
    void anExpiredCriticalOtpIsNeverDispatched() {
        h.send(otp("late", h.now().minus(Duration.ofMinutes(16))));

        assertThat(h.dispatched(Channel.EMAIL, Priority.CRITICAL)).isEmpty();
        assertThat(h.dispatched(Channel.SMS, Priority.CRITICAL)).isEmpty();
        DeliveryOutcome expired = h.routerOutcomes().get(0);
        assertThat(expired.getStatus()).isEqualTo(OutcomeStatus.EXPIRED);
        assertThat(h.ledger().get("n-acme-late").terminal()).isTrue();
    }

    @Test
    void anOptedOutEmailGoesBySmsWhenSmsIsConsented() {
        h.preferences.pipeInput("acme/u-1", io.herald.contracts.RecipientPreference.newBuilder()
                .setTenantId("acme").setRecipientId("u-1")
                .setOptOuts(List.of(io.herald.contracts.OptOut.newBuilder().setChannel(Channel.EMAIL).build()))
                .setConsents(List.of(io.herald.contracts.ConsentRecord.newBuilder().setChannel(Channel.SMS).setGranted(true)
                        .setAt(h.now()).setSource("api").build()))
                .setUpdatedAt(h.now()).build());
        h.send(Fixtures.transactional("k1", h.now()));

        assertThat(h.dispatched(Channel.EMAIL, Priority.TRANSACTIONAL)).isEmpty();
        assertThat(h.dispatched(Channel.SMS, Priority.TRANSACTIONAL)).singleElement()
                .satisfies(r -> assertThat(r.value().getAddress()).isEqualTo("+14155550100"));
    }

    @Test
    void aRecipientOptedOutOfEverythingIsSuppressed() {
        h.preferences.pipeInput("acme/u-1", Samples.preference("acme", "u-1", h.now())); // no email newsletters
        h.send(bulk("n1", h.now()));
        assertThat(h.routerOutcomes()).extracting(DeliveryOutcome::getStatus).containsExactly(OutcomeStatus.SUPPRESSED);
        assertThat(h.dispatched(Channel.EMAIL, Priority.BULK)).isEmpty();
    }

    @Test
    void quietHoursDeferBulkButNotCritical() {
        // Sample preference: quiet 22:00-07:00 Paris. 23:30 Paris = 22:30 UTC.
        io.herald.contracts.RecipientPreference pref = Samples.preference("acme", "u-1", h.now());
        pref.setOptOuts(List.of());
        pref.setConsents(List.of());
        h.preferences.pipeInput("acme/u-1", pref);
        h.advance(Duration.ofHours(12).plusMinutes(30));

        h.send(bulk("night", h.now()));
        h.send(otp("night-otp", h.now()));
        // The bulk one is not handed to a lane at all (workers ignore notBefore there): the ledger holds it.
        assertThat(h.dispatched(Channel.EMAIL, Priority.BULK)).isEmpty();
        assertThat(h.dispatched(Channel.EMAIL, Priority.CRITICAL)).singleElement()
                .satisfies(r -> assertThat(r.value().getNotBefore()).isNull());
        assertThat(h.routerOutcomes()).extracting(o -> o.getNotificationId() + " " + o.getStatus() + " " + o.getDetail())
                .containsExactly("n-acme-night DEFERRED quiet hours until 2026-11-24T06:00:00Z",
                        "n-acme-night-otp ROUTED null");
    }

    @Test
    void bulkParksWhileCriticalFailsOverWhenEmailProvidersAreDown() {
        h.healthIn.pipeInput("smtp-primary", Fixtures.health("smtp-primary", Channel.EMAIL, HealthState.DOWN, h.now()));
        h.healthIn.pipeInput("smtp-secondary", Fixtures.health("smtp-secondary", Channel.EMAIL, HealthState.DOWN, h.now()));
        NotificationRequest newsletter = bulk("news", h.now());
        newsletter.setChannels(List.of(Channel.EMAIL, Channel.SMS));
        h.send(newsletter);
        h.send(otp("otp", h.now()));

        assertThat(h.dispatched(Channel.EMAIL, Priority.BULK)).isEmpty();
        assertThat(h.dispatched(Channel.SMS, Priority.BULK)).isEmpty();
        List<ParkedNotification> parked = h.parked(Channel.EMAIL).readValuesToList();
        assertThat(parked).singleElement().satisfies(p -> {
            assertThat(p.getReason()).isEqualTo("no-healthy-provider");
            assertThat(p.getRequest().getNotificationId()).isEqualTo("n-acme-news");
            assertThat(p.getExpiresAt()).isEqualTo(h.now().plus(Duration.ofHours(72)));
        });
        assertThat(h.dispatched(Channel.SMS, Priority.CRITICAL)).singleElement().satisfies(r -> {
            assertThat(r.value().getAddress()).isEqualTo("+14155550100");
            // Nothing behind SMS: the worker keeps trying SMS rather than hand the code back.
            assertThat(r.value().getFallbackChannels()).isEmpty();
        });
        List<DeliveryOutcome> outcomes = h.routerOutcomes();
        assertThat(outcomes).extracting(o -> o.getStatus() + " " + o.getDecision().getRule()).containsExactly(
                "PARKED " + ChannelChooser.BULK_PARKS, "ROUTED " + ChannelChooser.CRITICAL_FALLBACK);
        assertThat(outcomes.get(0).getDecision().getHealthStates()).containsEntry("smtp-primary", "DOWN");
    }

    @Test
    void anInvalidRequestGoesToTheDlqAndFailsNamingTheField() {
        NotificationRequest bad = otp("bad", h.now());
        bad.getRecipient().setPhone("0612345678");
        h.send(bad);

        var dead = h.dlq.readRecord();
        assertThat(HeraldHeaders.get(dead.headers(), HeraldHeaders.DLQ_REASON)).startsWith("recipient.phone: ");
        assertThat(HeraldHeaders.get(dead.headers(), HeraldHeaders.DLQ_CAUSE)).isEqualTo("validation");
        assertThat(HeraldHeaders.get(dead.headers(), HeraldHeaders.DLQ_SOURCE_TOPIC)).isEqualTo("notify.request.v1");
        assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo("acme/bad");
        assertThat(h.topics.request().valueSerde().deserializer().deserialize("t", dead.value())).isEqualTo(bad);
        DeliveryOutcome failed = h.routerOutcomes().get(0);
        assertThat(failed.getStatus()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(failed.getErrorClass()).isEqualTo(ErrorClass.INVALID);
        assertThat(failed.getDetail()).contains("recipient.phone").doesNotContain("0612345678");
        assertThat(h.ledger().get("n-acme-bad").state()).isEqualTo("FAILED");
        assertThat(h.dispatched(Channel.EMAIL, Priority.CRITICAL)).isEmpty();
    }

    @Test
    void aPausedLaneParksWithReasonPausedUntilResumed() {
        var pause = Samples.pauseBulkEmail(h.now());
        h.control.pipeInput(pause.getTarget(), pause);
        h.send(bulk("b1", h.now()));
        h.send(otp("o1", h.now()));
        assertThat(h.parked(Channel.EMAIL).readValuesToList()).singleElement()
                .satisfies(p -> assertThat(p.getReason()).isEqualTo("paused"));
        assertThat(h.dispatched(Channel.EMAIL, Priority.CRITICAL)).hasSize(1);

        var resume = Fixtures.control(ControlType.RESUME_LANE, pause.getTarget(), h.now());
        resume.setChannel(Channel.EMAIL);
        resume.setLane(Priority.BULK);
        h.control.pipeInput(pause.getTarget(), resume);
        h.send(bulk("b2", h.now()));
        assertThat(h.dispatched(Channel.EMAIL, Priority.BULK)).hasSize(1);
    }

    @Test
    void aPausedTenantIsParkedOnEveryLane() {
        var pause = Fixtures.control(ControlType.PAUSE_TENANT, "tenant:acme", h.now());
        pause.setTenantId("acme");
        h.control.pipeInput("tenant:acme", pause);
        h.send(otp("o1", h.now()));
        assertThat(h.dispatched(Channel.EMAIL, Priority.CRITICAL)).isEmpty();
        assertThat(h.parked(Channel.EMAIL).readValuesToList()).singleElement()
                .satisfies(p -> assertThat(p.getReason()).isEqualTo("paused"));
    }
}
