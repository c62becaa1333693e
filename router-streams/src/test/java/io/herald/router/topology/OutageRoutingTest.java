package io.herald.router.topology;

import static io.herald.router.topology.Fixtures.bulk;
import static io.herald.router.topology.Fixtures.otp;
import static io.herald.router.topology.Fixtures.transactional;
import static io.herald.router.topology.Fixtures.worker;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.Channel;
import io.herald.contracts.ErrorClass;
import io.herald.contracts.HealthSource;
import io.herald.contracts.HealthState;
import io.herald.contracts.NotificationRequest;
import io.herald.contracts.OutcomeStatus;
import io.herald.contracts.ParkedNotification;
import io.herald.contracts.Priority;
import io.herald.contracts.ProviderHealth;
import io.herald.contracts.ProviderProbe;
import io.herald.router.decision.ChannelChooser;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Exchange outage on the router, default settings: both mail providers answer {@code 451 4.3.2
 * Temporary server error} (outage evidence: DEFERRED, TRANSIENT), the router sees them DOWN from the
 * deferrals themselves, routes around them, and sees the recovery on probes while no mail reaches them.
 */
class OutageRoutingTest {
    private static final String OUTAGE = "451 4.3.2";
    private final RouterHarness h = new RouterHarness();

    @AfterEach
    void close() {
        h.close();
    }

    private void deferred(String provider, int times) {
        for (int i = 0; i < times; i++) {
            String id = "earlier-" + provider + "-" + i;
            h.workerOutcomes.pipeInput(id, worker(id, OutcomeStatus.DEFERRED, Channel.EMAIL, provider, ErrorClass.TRANSIENT,
                    OUTAGE, h.now()));
        }
    }

    private void probe(String provider, boolean ok) {
        h.probes.pipeInput(provider, ProviderProbe.newBuilder().setProviderId(provider).setChannel(Channel.EMAIL)
                .setAt(h.now()).setOk(ok).setProviderCode(ok ? null : "smtp:" + OUTAGE).build());
    }

    private void outage() {
        deferred("smtp-primary", 5);
        deferred("smtp-secondary", 5);
        assertThat(h.health.readValuesToList()).filteredOn(p -> p.getState() == HealthState.DOWN)
                .extracting(ProviderHealth::getProviderId).containsExactlyInAnyOrder("smtp-primary", "smtp-secondary");
    }

    @Test
    void fiveOutageDeferralsPerProviderAreEnoughToRouteNewCriticalCodesStraightToSms() {
        outage();
        h.send(otp("code", h.now()));

        assertThat(h.dispatched(Channel.EMAIL, Priority.CRITICAL)).isEmpty();
        assertThat(h.dispatched(Channel.SMS, Priority.CRITICAL)).singleElement()
                .satisfies(r -> assertThat(r.value().getProviders()).containsExactly("twilio"));
        assertThat(h.routerOutcomes()).extracting(o -> o.getStatus() + " " + o.getDecision().getRule())
                .containsExactly("ROUTED " + ChannelChooser.CRITICAL_FALLBACK);
    }

    @Test
    void transactionalWithoutFallbackConsentAndBulkParkAtOnceWhileTransactionalWithConsentMoves() {
        outage();
        NotificationRequest receipt = transactional("receipt", h.now());
        NotificationRequest consented = transactional("consented", h.now());
        consented.setAllowChannelFallback(true);
        NotificationRequest newsletter = bulk("news", h.now());
        newsletter.setChannels(List.of(Channel.EMAIL, Channel.SMS));
        h.send(receipt);
        h.send(consented);
        h.send(newsletter);

        List<ParkedNotification> parked = h.parked(Channel.EMAIL).readValuesToList();
        assertThat(parked).extracting(p -> p.getNotificationId() + " " + p.getReason())
                .containsExactly("n-acme-receipt no-healthy-provider", "n-acme-news no-healthy-provider");
        assertThat(h.dispatched(Channel.EMAIL, Priority.TRANSACTIONAL)).isEmpty();
        assertThat(h.dispatched(Channel.EMAIL, Priority.BULK)).isEmpty();
        assertThat(h.dispatched(Channel.SMS, Priority.BULK)).isEmpty();
        assertThat(h.dispatched(Channel.SMS, Priority.TRANSACTIONAL)).extracting(r -> r.key())
                .containsExactly("n-acme-consented");
    }

    @Test
    void aCriticalCodeHandedBackExhaustedFailsOverAtOnceAndATransactionalOneParks() {
        h.send(otp("code", h.now()));
        h.send(transactional("receipt", h.now()));
        assertThat(h.dispatched(Channel.EMAIL, Priority.CRITICAL)).singleElement()
                .satisfies(r -> assertThat(r.value().getFallbackChannels()).containsExactly(Channel.SMS));
        h.advance(Duration.ofSeconds(2));
        for (String id : List.of("n-acme-code", "n-acme-receipt")) {
            h.workerOutcomes.pipeInput(id, worker(id, OutcomeStatus.CHANNEL_EXHAUSTED, Channel.EMAIL, "smtp-secondary",
                    ErrorClass.TRANSIENT, OUTAGE, h.now()));
        }

        assertThat(h.dispatched(Channel.SMS, Priority.CRITICAL)).extracting(r -> r.key()).containsExactly("n-acme-code");
        assertThat(h.parked(Channel.EMAIL).readValuesToList()).extracting(ParkedNotification::getNotificationId)
                .containsExactly("n-acme-receipt");
        assertThat(h.routerOutcomes()).extracting(o -> o.getNotificationId() + " " + o.getStatus()).containsSubsequence(
                "n-acme-code FAILED_OVER", "n-acme-receipt PARKED");
    }

    @Test
    void recoveryIsSeenOnProbesAloneAndEndsWithTheRecordTheAutoReplayerReleasesWavesOn() {
        outage();
        h.advance(Duration.ofSeconds(5));
        probe("smtp-primary", false);
        probe("smtp-secondary", false);
        h.advance(Duration.ofSeconds(30)); // past halfOpenAfter: a probed provider still waits for a good probe
        assertThat(h.health.readValuesToList()).isEmpty();

        probe("smtp-primary", true);
        ProviderHealth halfOpen = h.health.readValue();
        assertThat(halfOpen.getState()).isEqualTo(HealthState.HALF_OPEN);
        assertThat(halfOpen.getSource()).isEqualTo(HealthSource.PROBE);

        h.advance(Duration.ofSeconds(10)); // dwell
        for (int i = 0; i < 5; i++) {
            h.advance(Duration.ofSeconds(2));
            probe("smtp-primary", true);
        }
        ProviderHealth healthy = h.health.readValue();
        assertThat(healthy.getProviderId()).isEqualTo("smtp-primary");
        assertThat(healthy.getChannel()).isEqualTo(Channel.EMAIL);
        assertThat(healthy.getState()).isEqualTo(HealthState.HEALTHY);
        // AutoReplayer starts a channel's release on a HEALTHY record whose previous state was not HEALTHY.
        assertThat(healthy.getPreviousState()).isEqualTo(HealthState.HALF_OPEN);
        assertThat(healthy.getSource()).isEqualTo(HealthSource.PROBE);
        assertThat(healthy.getHalfOpenSuccesses()).isZero(); // counters restart in the new state

        // Not a single message went to email meanwhile; now bulk goes there again.
        assertThat(h.dispatched(Channel.EMAIL, Priority.BULK)).isEmpty();
        h.send(bulk("after", h.now()));
        assertThat(h.dispatched(Channel.EMAIL, Priority.BULK)).singleElement()
                .satisfies(r -> assertThat(r.value().getProviders()).containsExactly("smtp-primary"));
    }

    @Test
    void aFailedProbeWhileHalfOpenSendsTheProviderBackDown() {
        outage();
        h.advance(Duration.ofSeconds(1));
        probe("smtp-secondary", false);
        h.advance(Duration.ofSeconds(30));
        probe("smtp-secondary", true);
        h.advance(Duration.ofSeconds(11));
        probe("smtp-secondary", false);

        assertThat(h.health.readValuesToList()).extracting(p -> p.getState() + ":" + p.getReason() + ":" + p.getSource())
                .containsSubsequence("HALF_OPEN:probe-succeeded:PROBE", "DOWN:probe-failed:PROBE");
        assertThat(h.routerOutcomes()).isEmpty();
    }
}
