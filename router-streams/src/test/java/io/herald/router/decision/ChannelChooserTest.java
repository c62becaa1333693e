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
import io.herald.contracts.Priority;
import io.herald.policy.choice.ProviderChoice;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ChannelChooserTest {
    private static final RoutingPolicy POLICY = RoutingPolicy.DEFAULT;
    /** Ids inside and outside the default 10% half-open trickle. */
    private static final String IN = id(true);
    private static final String OUT = id(false);
    private static final Map<String, HealthState> EMAIL_DOWN = Map.of("smtp-primary", DOWN, "smtp-secondary", DOWN);

    static Stream<Arguments> table() {
        return Stream.of(
                // name, id, lane, allowFallback, candidates, primaryFirst, health → "kind channel rule providers fallbacks"
                row("healthy email first, sms left to fail over to", IN, Priority.CRITICAL, null, List.of(EMAIL, SMS), true,
                        Map.of(), "dispatch EMAIL first-healthy-channel [smtp-primary, smtp-secondary] [SMS]"),
                row("a down provider is dropped", IN, Priority.CRITICAL, null, List.of(EMAIL, SMS), true,
                        Map.of("smtp-primary", DOWN), "dispatch EMAIL first-healthy-channel [smtp-secondary] [SMS]"),
                row("degraded ranks after healthy", IN, Priority.BULK, null, List.of(EMAIL), true,
                        Map.of("smtp-primary", DEGRADED), "dispatch EMAIL first-healthy-channel [smtp-secondary, smtp-primary] []"),
                row("half-open in its trickle goes first so its probe happens", IN, Priority.BULK, null, List.of(EMAIL), true,
                        Map.of("smtp-primary", HALF_OPEN), "dispatch EMAIL first-healthy-channel [smtp-primary, smtp-secondary] []"),
                row("half-open outside its trickle is skipped", OUT, Priority.BULK, null, List.of(EMAIL), true,
                        Map.of("smtp-primary", HALF_OPEN), "dispatch EMAIL first-healthy-channel [smtp-secondary] []"),
                row("half-open alone in its trickle takes the message", IN, Priority.BULK, null, List.of(EMAIL), true,
                        Map.of("smtp-primary", HALF_OPEN, "smtp-secondary", DOWN), "dispatch EMAIL first-healthy-channel [smtp-primary] []"),
                row("half-open alone outside its trickle parks bulk", OUT, Priority.BULK, null, List.of(EMAIL), true,
                        Map.of("smtp-primary", HALF_OPEN, "smtp-secondary", DOWN), "park EMAIL bulk-parks-when-down no-healthy-provider"),
                row("critical goes straight to sms while email is down, nothing left behind it", IN, Priority.CRITICAL, null,
                        List.of(EMAIL, SMS), true, EMAIL_DOWN, "dispatch SMS critical-cross-channel-failover [twilio] []"),
                row("transactional without consent lists no fallback", IN, Priority.TRANSACTIONAL, null, List.of(EMAIL, SMS), true,
                        Map.of(), "dispatch EMAIL first-healthy-channel [smtp-primary, smtp-secondary] []"),
                row("transactional with consent lists sms", IN, Priority.TRANSACTIONAL, true, List.of(EMAIL, SMS), true,
                        Map.of(), "dispatch EMAIL first-healthy-channel [smtp-primary, smtp-secondary] [SMS]"),
                row("bulk never lists a paid channel, an unpaid one yes", IN, Priority.BULK, null, List.of(EMAIL, SMS, WEBHOOK),
                        true, Map.of(), "dispatch EMAIL first-healthy-channel [smtp-primary, smtp-secondary] [WEBHOOK]"),
                row("a fallback channel that is all down now is not listed", IN, Priority.CRITICAL, null, List.of(EMAIL, SMS), true,
                        Map.of("twilio", DOWN), "dispatch EMAIL first-healthy-channel [smtp-primary, smtp-secondary] []"),
                row("critical refusing fallback parks", IN, Priority.CRITICAL, false, List.of(EMAIL, SMS), true, EMAIL_DOWN,
                        "park EMAIL no-healthy-route no-healthy-provider"),
                row("transactional without consent parks", IN, Priority.TRANSACTIONAL, null, List.of(EMAIL, SMS), true, EMAIL_DOWN,
                        "park EMAIL no-healthy-route no-healthy-provider"),
                row("bulk parks rather than pay", IN, Priority.BULK, true, List.of(EMAIL, SMS), true, EMAIL_DOWN,
                        "park EMAIL bulk-parks-when-down no-healthy-provider"),
                row("after a failure every candidate is a fallback", IN, Priority.CRITICAL, null, List.of(SMS, WEBHOOK), false,
                        Map.of(), "dispatch SMS critical-cross-channel-failover [twilio] [WEBHOOK]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void choosesChannelProvidersAndFallbacksByOneRule(String name, String id, Priority lane, Boolean allowFallback,
                                                      List<Channel> candidates, boolean primaryFirst,
                                                      Map<String, HealthState> health, String expected) {
        Route route = ChannelChooser.choose(id, lane, candidates, primaryFirst, allowFallback, health, POLICY);
        assertThat(summary(route)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void providersAreExactlyWhatTheSharedRuleSays(String name, String id, Priority lane, Boolean allowFallback,
                                                  List<Channel> candidates, boolean primaryFirst,
                                                  Map<String, HealthState> health, String expected) {
        Route route = ChannelChooser.choose(id, lane, candidates, primaryFirst, allowFallback, health, POLICY);
        if (route instanceof Route.Dispatch d) {
            assertThat(d.providers()).isEqualTo(ProviderChoice.choose(id, POLICY.providersOf(d.channel()), List.of(),
                    health::get, POLICY.halfOpenTricklePercent()).usable());
        }
    }

    private static Arguments row(String name, String id, Priority lane, Boolean allowFallback, List<Channel> candidates,
                                 boolean primaryFirst, Map<String, HealthState> health, String expected) {
        return Arguments.of(name, id, lane, allowFallback, candidates, primaryFirst, health, expected);
    }

    static String summary(Route route) {
        if (route instanceof Route.Dispatch d) {
            return "dispatch " + d.channel() + " " + d.rule() + " " + d.providers() + " " + d.fallbackChannels();
        }
        Route.Park p = (Route.Park) route;
        return "park " + p.channel() + " " + p.rule() + " " + p.reason();
    }

    private static String id(boolean inTrickle) {
        return IntStream.range(0, 1000).mapToObj(i -> "n-" + i)
                .filter(id -> ProviderChoice.inTrickle(id, POLICY.halfOpenTricklePercent()) == inTrickle)
                .findFirst().orElseThrow();
    }
}
