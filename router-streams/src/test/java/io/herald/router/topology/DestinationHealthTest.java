package io.herald.router.topology;

import static io.herald.router.topology.Fixtures.worker;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.Channel;
import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.ErrorClass;
import io.herald.contracts.HealthState;
import io.herald.contracts.NotificationRequest;
import io.herald.contracts.OutcomeStatus;
import io.herald.contracts.Priority;
import io.herald.contracts.ProviderHealth;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Destination health beside provider health (issue 14), on the whole topology. */
class DestinationHealthTest {
    private final RouterHarness h = new RouterHarness(Map.of("HERALD_DESTINATIONS", "contoso.com=exchange-online"));
    private int seq;

    @AfterEach
    void close() {
        h.close();
    }

    private void attempt(Channel channel, String provider, String destination, OutcomeStatus status, ErrorClass error,
                         String code) {
        String id = "n-" + seq++;
        DeliveryOutcome o = worker(id, status, channel, provider, error, code, h.now());
        o.setDestination(destination);
        h.workerOutcomes.pipeInput(id, o);
    }

    private static NotificationRequest to(NotificationRequest r, String email) {
        r.getRecipient().setEmail(email);
        return r;
    }

    @Test
    void recipientsOnAFailingMailServiceTakeTheirDestinationDownNotTheProvider() {
        // 10 attempts a second, 3 of them (interleaved) to Exchange Online recipients answering 451 4.3.2, the rest
        // delivered. (Before anything at all was delivered a deferral proves nothing about the destination: the very
        // first ones of a cold start would count for the provider.)
        for (int second = 0; second < 3; second++) {
            for (int i = 0; i < 10; i++) {
                boolean exchange = i % 3 == 2;
                if (exchange) {
                    attempt(Channel.EMAIL, "smtp-primary", "exchange-online", OutcomeStatus.DEFERRED, ErrorClass.TRANSIENT, "451 4.3.2");
                } else {
                    attempt(Channel.EMAIL, "smtp-primary", "d" + i + ".example", OutcomeStatus.SENT, null, "250");
                }
            }
            h.advance(Duration.ofSeconds(1));
        }

        List<ProviderHealth> transitions = h.health.readValuesToList();
        assertThat(transitions).extracting(ProviderHealth::getProviderId).containsOnly("destination:exchange-online");
        ProviderHealth down = transitions.get(transitions.size() - 1);
        assertThat(down.getState()).isEqualTo(HealthState.DOWN);
        assertThat(down.getDestination()).isEqualTo("exchange-online");
        assertThat(down.getChannel()).isEqualTo(Channel.EMAIL);

        // Critical codes to its recipients go straight to SMS; bulk to them parks for the destination;
        // everyone else's mail keeps its provider and carries its own destination.
        h.send(to(Fixtures.otp("k1", h.now()), "ada@contoso.com"));
        h.send(to(Fixtures.bulk("k2", h.now()), "ada@contoso.com"));
        h.send(to(Fixtures.bulk("k3", h.now()), "bob@fabrikam.example"));

        assertThat(h.dispatched(Channel.SMS, Priority.CRITICAL)).singleElement()
                .satisfies(r -> assertThat(r.value().getProviders()).containsExactly("twilio"));
        assertThat(h.parked(Channel.EMAIL).readValuesToList()).singleElement().satisfies(p -> {
            assertThat(p.getReason()).isEqualTo("destination-down:exchange-online");
            assertThat(p.getDestination()).isEqualTo("exchange-online");
        });
        assertThat(h.dispatched(Channel.EMAIL, Priority.BULK)).singleElement().satisfies(r -> {
            assertThat(r.value().getProviders()).containsExactly("smtp-primary", "smtp-secondary");
            assertThat(r.value().getDestination()).isEqualTo("fabrikam.example");
        });
    }

    @Test
    void aProviderDeferringEveryDestinationIsStillAProviderOutage() {
        for (int i = 0; i < 10; i++) {
            attempt(Channel.EMAIL, "smtp-primary", "d" + (i % 4) + ".example", OutcomeStatus.DEFERRED, ErrorClass.TRANSIENT, "451 4.3.2");
        }
        List<ProviderHealth> transitions = h.health.readValuesToList();
        assertThat(transitions).extracting(p -> p.getProviderId() + ":" + p.getState())
                .contains("smtp-primary:DOWN")
                .noneMatch(s -> s.startsWith("destination:"));
    }

    @Test
    void aWebhookHostThatDoesNotResolveIsTheEndpointsOutageNotTheSharedProviders() {
        for (int i = 0; i < 6; i++) {
            attempt(Channel.WEBHOOK, "webhook", "webhook:does-not-resolve.invalid", OutcomeStatus.DEFERRED,
                    ErrorClass.TRANSIENT, "io:dns");
        }
        List<ProviderHealth> transitions = h.health.readValuesToList();
        assertThat(transitions).extracting(p -> p.getProviderId() + ":" + p.getState())
                .endsWith("destination:webhook:does-not-resolve.invalid:DOWN")
                .noneMatch(s -> s.startsWith("webhook:"));

        // Another tenant's endpoint is routed as usual through the shared webhook provider.
        NotificationRequest other = Fixtures.bulk("k9", h.now());
        other.getRecipient().setWebhookUrl("https://hooks.example.com/x");
        other.setChannels(List.of(Channel.WEBHOOK));
        h.send(other);
        assertThat(h.dispatched(Channel.WEBHOOK, Priority.BULK)).singleElement().satisfies(r -> {
            assertThat(r.value().getProviders()).containsExactly("webhook");
            assertThat(r.value().getDestination()).isEqualTo("webhook:hooks.example.com");
        });
    }

    @Test
    void anOperatorCanForceADestinationNeverObservedDown() {
        var force = Fixtures.control(io.herald.contracts.ControlType.FORCE_PROVIDER_STATE, "provider:destination:exchange-online", h.now());
        force.setProviderId("destination:exchange-online");
        force.setForcedState(HealthState.DOWN);
        h.control.pipeInput("provider:destination:exchange-online", force);
        h.advance(Duration.ofSeconds(1));

        assertThat(h.health.readValuesToList()).singleElement().satisfies(p -> {
            assertThat(p.getState()).isEqualTo(HealthState.DOWN);
            assertThat(p.getDestination()).isEqualTo("exchange-online");
            assertThat(p.getChannel()).isEqualTo(Channel.EMAIL);
        });
        h.send(to(Fixtures.otp("k1", h.now()), "ada@contoso.com"));
        assertThat(h.dispatched(Channel.SMS, Priority.CRITICAL)).hasSize(1);
    }

    @Test
    void aDownDestinationRecoversThroughHalfOpenOnItsOwnDeliveries() {
        for (int i = 0; i < 5; i++) {
            attempt(Channel.EMAIL, "smtp-primary", "other.example", OutcomeStatus.SENT, null, "250");
            attempt(Channel.EMAIL, "smtp-primary", "exchange-online", OutcomeStatus.DEFERRED, ErrorClass.TRANSIENT, "451 4.3.2");
        }
        h.advance(Duration.ofSeconds(31));
        for (int i = 0; i < 5; i++) attempt(Channel.EMAIL, "smtp-primary", "exchange-online", OutcomeStatus.SENT, null, "250");
        h.advance(Duration.ofSeconds(11));
        assertThat(h.health.readValuesToList()).filteredOn(p -> p.getDestination() != null)
                .extracting(p -> p.getState() + ":" + p.getReason()).containsSubsequence(
                        "DOWN:consecutive-failures", "HALF_OPEN:half-open-probe-window", "HEALTHY:half-open-probe-succeeded");
    }
}
