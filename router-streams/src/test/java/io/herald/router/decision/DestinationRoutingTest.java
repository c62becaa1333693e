package io.herald.router.decision;

import static io.herald.contracts.Channel.EMAIL;
import static io.herald.contracts.Channel.SMS;
import static io.herald.contracts.Channel.WEBHOOK;
import static io.herald.contracts.HealthState.DEGRADED;
import static io.herald.contracts.HealthState.DOWN;
import static io.herald.contracts.HealthState.HALF_OPEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.Channel;
import io.herald.contracts.HealthState;
import io.herald.contracts.NotificationRequest;
import io.herald.contracts.Priority;
import io.herald.policy.destination.DestinationOverrides;
import io.herald.schemas.Samples;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Routing by recipient destination (issue 14): a recipient whose mail service is down is routed around it. */
class DestinationRoutingTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final RoutingPolicy POLICY = new RoutingPolicy(RoutingPolicy.DEFAULT.providers(),
            RoutingPolicy.DEFAULT.paidChannels(), 10, DestinationOverrides.parse("contoso.com=exchange-online"));
    private static final Decider DECIDER = new Decider(POLICY, ExpiryPolicy.DEFAULT);
    private static final Map<String, HealthState> EXCHANGE_DOWN = Map.of("destination:exchange-online", DOWN);

    private static NotificationRequest request(String email, Priority lane, Boolean fallback, Channel... channels) {
        NotificationRequest r = Samples.otp("acme", "k1", NOW);
        r.setPriority(lane);
        r.setExpiresAt(null);
        r.setAllowChannelFallback(fallback);
        r.getRecipient().setEmail(email);
        r.getRecipient().setWebhookUrl("https://hooks.example.com/u-1");
        r.setChannels(List.of(channels));
        return r;
    }

    static Stream<Arguments> rows() {
        return Stream.of(
                Arguments.of("critical to a down destination goes straight to sms",
                        request("ada@contoso.com", Priority.CRITICAL, null, EMAIL, SMS), EXCHANGE_DOWN,
                        "dispatch SMS critical-cross-channel-failover [twilio] null"),
                Arguments.of("critical to a down destination parks when no other channel is consented",
                        request("ada@contoso.com", Priority.CRITICAL, null, EMAIL), EXCHANGE_DOWN,
                        "park EMAIL destination-down destination-down:exchange-online exchange-online"),
                Arguments.of("critical keeps its no-fallback wish and parks for the destination",
                        request("ada@contoso.com", Priority.CRITICAL, false, EMAIL, SMS), EXCHANGE_DOWN,
                        "park EMAIL destination-down destination-down:exchange-online exchange-online"),
                Arguments.of("transactional to a down destination parks even with fallback allowed",
                        request("ada@contoso.com", Priority.TRANSACTIONAL, true, EMAIL, SMS), EXCHANGE_DOWN,
                        "park EMAIL destination-down destination-down:exchange-online exchange-online"),
                Arguments.of("bulk to a down destination parks",
                        request("ada@contoso.com", Priority.BULK, null, EMAIL, WEBHOOK), EXCHANGE_DOWN,
                        "park EMAIL destination-down destination-down:exchange-online exchange-online"),
                Arguments.of("a recipient elsewhere routes as usual and carries its destination",
                        request("bob@fabrikam.example", Priority.BULK, null, EMAIL), EXCHANGE_DOWN,
                        "dispatch EMAIL first-healthy-channel [smtp-primary, smtp-secondary] fabrikam.example"),
                Arguments.of("a degraded destination still takes mail",
                        request("ada@contoso.com", Priority.BULK, null, EMAIL), Map.of("destination:exchange-online", DEGRADED),
                        "dispatch EMAIL first-healthy-channel [smtp-primary, smtp-secondary] exchange-online"),
                Arguments.of("a down webhook endpoint parks bulk on the webhook only",
                        request("bob@fabrikam.example", Priority.BULK, null, WEBHOOK), Map.of("destination:webhook:hooks.example.com", DOWN),
                        "park WEBHOOK destination-down destination-down:webhook:hooks.example.com webhook:hooks.example.com"),
                Arguments.of("critical skips both a down destination and a down webhook endpoint",
                        request("ada@contoso.com", Priority.CRITICAL, null, EMAIL, WEBHOOK, SMS),
                        Map.of("destination:exchange-online", DOWN, "destination:webhook:hooks.example.com", DOWN),
                        "dispatch SMS critical-cross-channel-failover [twilio] null"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void routesAroundADownDestination(String name, NotificationRequest request, Map<String, HealthState> health,
                                      String expected) {
        assertThat(summary(DECIDER.decide(request, Situation.fresh(NOW, null, health, Pauses.NONE)))).isEqualTo(expected);
    }

    @Test
    void theDestinationResolvedAtIngestWinsOverTheDomain() {
        NotificationRequest r = request("ada@unlisted.example", Priority.BULK, null, EMAIL);
        r.getRecipient().setEmailDestination("exchange-online");
        assertThat(summary(DECIDER.decide(r, Situation.fresh(NOW, null, EXCHANGE_DOWN, Pauses.NONE))))
                .isEqualTo("park EMAIL destination-down destination-down:exchange-online exchange-online");
    }

    @Test
    void aHalfOpenDestinationTakesOnlyItsTrickle() {
        Map<String, HealthState> health = Map.of("destination:exchange-online", HALF_OPEN);
        List<Decision> decisions = IntStream.range(0, 1000).mapToObj(i -> {
            NotificationRequest r = request("ada@contoso.com", Priority.BULK, null, EMAIL);
            r.setNotificationId("n-" + i);
            return DECIDER.decide(r, Situation.fresh(NOW, null, health, Pauses.NONE));
        }).toList();
        long dispatched = decisions.stream().filter(d -> d instanceof Decision.Dispatch).count();
        assertThat(dispatched).isBetween(50L, 150L);
        assertThat(decisions).filteredOn(d -> d instanceof Decision.Park)
                .allSatisfy(d -> assertThat(((Decision.Park) d).reason()).isEqualTo("destination-down:exchange-online"));
    }

    @Test
    void aHalfOpenDestinationTakesEveryReleasedNotificationButNothingWhileDown() {
        NotificationRequest r = request("ada@contoso.com", Priority.BULK, null, EMAIL);
        r.setNotificationId(IntStream.range(0, 100).mapToObj(i -> "n-" + i)
                .filter(id -> !io.herald.policy.choice.ProviderChoice.inTrickle(id, 10)).findFirst().orElseThrow());
        Map<String, HealthState> halfOpen = Map.of("destination:exchange-online", HALF_OPEN);
        assertThat(summary(DECIDER.decide(r, Situation.fresh(NOW, null, halfOpen, Pauses.NONE)))).startsWith("park EMAIL");
        assertThat(summary(DECIDER.decide(r, Situation.released(NOW, null, halfOpen, Pauses.NONE))))
                .isEqualTo("dispatch EMAIL first-healthy-channel [smtp-primary, smtp-secondary] exchange-online");
        assertThat(summary(DECIDER.decide(r, Situation.released(NOW, null, EXCHANGE_DOWN, Pauses.NONE))))
                .isEqualTo("park EMAIL destination-down destination-down:exchange-online exchange-online");
    }

    @Test
    void aFailoverAwayFromExhaustedSmsParksOnTheDownDestination() {
        Situation failover = new Situation(NOW, null, EXCHANGE_DOWN, Pauses.NONE, Set.of(SMS), SMS);
        assertThat(summary(DECIDER.decide(request("ada@contoso.com", Priority.CRITICAL, null, SMS, EMAIL), failover)))
                .isEqualTo("park EMAIL destination-down destination-down:exchange-online exchange-online");
    }

    static Stream<Arguments> afterEmailWasExhausted() {
        return Stream.of(
                Arguments.of("transactional handed back while its destination is down parks for the destination",
                        request("ada@contoso.com", Priority.TRANSACTIONAL, null, EMAIL), EXCHANGE_DOWN,
                        "park EMAIL destination-down destination-down:exchange-online exchange-online"),
                Arguments.of("bulk never moves to a paid channel and parks for its down destination",
                        request("ada@contoso.com", Priority.BULK, null, EMAIL, SMS), EXCHANGE_DOWN,
                        "park EMAIL destination-down destination-down:exchange-online exchange-online"),
                Arguments.of("critical handed back while its destination is down fails over to sms",
                        request("ada@contoso.com", Priority.CRITICAL, null, EMAIL, SMS), EXCHANGE_DOWN,
                        "dispatch SMS critical-cross-channel-failover [twilio] null"),
                Arguments.of("an exhausted channel with a healthy destination parks with the worker's reason",
                        request("ada@contoso.com", Priority.TRANSACTIONAL, null, EMAIL), Map.of(),
                        "park EMAIL no-allowed-fallback channel-exhausted null"),
                Arguments.of("another destination's outage does not claim the message",
                        request("bob@fabrikam.example", Priority.BULK, null, EMAIL, SMS), EXCHANGE_DOWN,
                        "park EMAIL no-allowed-fallback channel-exhausted null"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("afterEmailWasExhausted")
    void parksAHandedBackMessageWithItsDownDestinationsBacklog(String name, NotificationRequest request, Map<String, HealthState> health,
                                                              String expected) {
        Situation failover = new Situation(NOW, null, health, Pauses.NONE, Set.of(EMAIL), EMAIL);
        assertThat(summary(DECIDER.decide(request, failover))).isEqualTo(expected);
    }

    static String summary(Decision decision) {
        if (decision instanceof Decision.Dispatch d) {
            return "dispatch " + d.channel() + " " + d.rule() + " " + d.providers() + " " + d.destination();
        }
        if (decision instanceof Decision.Park p) return "park " + p.channel() + " " + p.rule() + " " + p.reason() + " " + p.destination();
        return decision.getClass().getSimpleName().toLowerCase() + " " + decision.rule();
    }
}
