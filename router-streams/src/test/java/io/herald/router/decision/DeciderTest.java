package io.herald.router.decision;

import static io.herald.contracts.Channel.EMAIL;
import static io.herald.contracts.Channel.SMS;
import static io.herald.contracts.Channel.WEBHOOK;
import static io.herald.contracts.HealthState.DEGRADED;
import static io.herald.contracts.HealthState.DOWN;
import static io.herald.contracts.HealthState.HALF_OPEN;
import static io.herald.contracts.HealthState.HEALTHY;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.Channel;
import io.herald.contracts.HealthState;
import io.herald.contracts.NotificationRequest;
import io.herald.contracts.Priority;
import io.herald.contracts.QuietHours;
import io.herald.contracts.RecipientPreference;
import io.herald.schemas.Samples;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DeciderTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final Decider DECIDER = new Decider(RoutingPolicy.DEFAULT, ExpiryPolicy.DEFAULT);
    private static final Map<String, HealthState> ALL_HEALTHY = Map.of();
    private static final Map<String, HealthState> EMAIL_DOWN = Map.of("smtp-primary", DOWN, "smtp-secondary", DOWN);

    private static NotificationRequest request(Priority lane, Boolean fallback, Channel... channels) {
        NotificationRequest r = Samples.otp("acme", "k1", NOW);
        r.setPriority(lane);
        r.setExpiresAt(null);
        r.setAllowChannelFallback(fallback);
        r.getRecipient().setWebhookUrl("https://hooks.example.com/u-1");
        r.setChannels(List.of(channels));
        return r;
    }

    /** One row: request, health → expected decision summary "kind channel rule". */
    static Stream<Arguments> channelChoice() {
        return Stream.of(
                row("healthy email is chosen first", request(Priority.BULK, null, EMAIL, SMS), ALL_HEALTHY,
                        "dispatch EMAIL first-healthy-channel [smtp-primary, smtp-secondary]"),
                row("a down primary provider leaves the secondary", request(Priority.BULK, null, EMAIL),
                        Map.of("smtp-primary", DOWN), "dispatch EMAIL first-healthy-channel [smtp-secondary]"),
                row("degraded providers rank after healthy ones", request(Priority.BULK, null, EMAIL),
                        Map.of("smtp-primary", DEGRADED), "dispatch EMAIL first-healthy-channel [smtp-secondary, smtp-primary]"),
                row("critical falls back from down email to sms", request(Priority.CRITICAL, null, EMAIL, SMS), EMAIL_DOWN,
                        "dispatch SMS critical-cross-channel-failover [twilio]"),
                row("critical respects an explicit no-fallback", request(Priority.CRITICAL, false, EMAIL, SMS), EMAIL_DOWN,
                        "park EMAIL no-healthy-route no-healthy-provider"),
                row("transactional stays without permission", request(Priority.TRANSACTIONAL, null, EMAIL, SMS), EMAIL_DOWN,
                        "park EMAIL no-healthy-route no-healthy-provider"),
                row("transactional falls back with permission", request(Priority.TRANSACTIONAL, true, EMAIL, SMS), EMAIL_DOWN,
                        "dispatch SMS transactional-allowed-fallback [twilio]"),
                row("bulk never moves to paid sms", request(Priority.BULK, true, EMAIL, SMS), EMAIL_DOWN,
                        "park EMAIL bulk-parks-when-down no-healthy-provider"),
                row("bulk may move to an unpaid webhook", request(Priority.BULK, null, EMAIL, WEBHOOK), EMAIL_DOWN,
                        "dispatch WEBHOOK bulk-unpaid-fallback [webhook]"),
                row("everything down parks critical too", request(Priority.CRITICAL, null, EMAIL, SMS),
                        Map.of("smtp-primary", DOWN, "smtp-secondary", DOWN, "twilio", DOWN),
                        "park EMAIL no-healthy-route no-healthy-provider"),
                row("a half-open provider outside its trickle is not used", request(Priority.BULK, null, EMAIL),
                        Map.of("smtp-primary", HALF_OPEN, "smtp-secondary", DOWN),
                        "park EMAIL bulk-parks-when-down no-healthy-provider"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("channelChoice")
    void choosesTheChannelFromHealth(String name, NotificationRequest request, Map<String, HealthState> health, String expected) {
        Decision decision = DECIDER.decide(request, Situation.fresh(NOW, null, health, Pauses.NONE));
        assertThat(summary(decision)).isEqualTo(expected);
    }

    @Test
    void usesAHalfOpenProviderForItsTrickleShare() {
        // 10% trickle by id hash: over many ids roughly a tenth reach the recovering provider.
        Map<String, HealthState> health = Map.of("smtp-primary", HALF_OPEN, "smtp-secondary", DOWN);
        long routed = java.util.stream.IntStream.range(0, 1000).mapToObj(i -> {
            NotificationRequest r = request(Priority.BULK, null, EMAIL);
            r.setNotificationId("n-" + i);
            return DECIDER.decide(r, Situation.fresh(NOW, null, health, Pauses.NONE));
        }).filter(d -> d instanceof Decision.Dispatch).count();
        assertThat(routed).isBetween(50L, 150L);
    }

    @Test
    void aHalfOpenProviderIsTriedFirstForItsTrickleSoItsProbesHappen() {
        Map<String, HealthState> health = Map.of("smtp-primary", HALF_OPEN);
        List<List<String>> providerLists = java.util.stream.IntStream.range(0, 200).mapToObj(i -> {
            NotificationRequest r = request(Priority.BULK, null, EMAIL);
            r.setNotificationId("n-" + i);
            return ((Decision.Dispatch) DECIDER.decide(r, Situation.fresh(NOW, null, health, Pauses.NONE))).providers();
        }).toList();
        assertThat(providerLists).contains(List.of("smtp-primary", "smtp-secondary"), List.of("smtp-secondary"));
        assertThat(providerLists).allSatisfy(p -> assertThat(p).isIn(List.of("smtp-primary", "smtp-secondary"), List.of("smtp-secondary")));
    }

    @Test
    void expiresACriticalOtpAfterFifteenMinutes() {
        Decision decision = DECIDER.decide(request(Priority.CRITICAL, null, EMAIL),
                Situation.fresh(NOW.plus(Duration.ofMinutes(15)), null, ALL_HEALTHY, Pauses.NONE));
        assertThat(decision).isEqualTo(new Decision.Expire(NOW.plus(Duration.ofMinutes(15)), Decider.RULE_EXPIRED));
    }

    @Test
    void routesOptedOutEmailToSmsWhenSmsIsConsented() {
        RecipientPreference pref = ConsentFilterTest.pref(List.of(ConsentFilterTest.out(EMAIL, null)),
                List.of(ConsentFilterTest.consent(SMS, null, true, 1)));
        Decision decision = DECIDER.decide(request(Priority.TRANSACTIONAL, null, EMAIL, SMS),
                Situation.fresh(NOW, pref, ALL_HEALTHY, Pauses.NONE));
        // SMS is the first consented channel, so this is a primary choice, not a fallback.
        assertThat(summary(decision)).isEqualTo("dispatch SMS first-healthy-channel [twilio]");
    }

    @Test
    void suppressesWhenEveryRequestedChannelIsOptedOut() {
        RecipientPreference pref = ConsentFilterTest.pref(List.of(ConsentFilterTest.out(EMAIL, null)), List.of());
        Decision decision = DECIDER.decide(request(Priority.BULK, null, EMAIL), Situation.fresh(NOW, pref, ALL_HEALTHY, Pauses.NONE));
        assertThat(decision).isInstanceOf(Decision.Suppress.class);
        assertThat(decision.rule()).isEqualTo(Decider.RULE_OPTED_OUT);
    }

    @Test
    void parksPausedLanesAndTenantsWithReasonPaused() {
        Pauses lane = new Pauses(Set.of("lane:email:bulk"), Set.of());
        Pauses tenant = new Pauses(Set.of(), Set.of("acme"));
        assertThat(summary(DECIDER.decide(request(Priority.BULK, null, EMAIL), Situation.fresh(NOW, null, ALL_HEALTHY, lane))))
                .isEqualTo("park EMAIL operator-pause-lane paused");
        assertThat(summary(DECIDER.decide(request(Priority.CRITICAL, null, EMAIL), Situation.fresh(NOW, null, ALL_HEALTHY, lane))))
                .startsWith("dispatch EMAIL");
        assertThat(summary(DECIDER.decide(request(Priority.CRITICAL, null, EMAIL, SMS), Situation.fresh(NOW, null, ALL_HEALTHY, tenant))))
                .isEqualTo("park EMAIL operator-pause-tenant paused");
    }

    @Test
    void defersBulkInQuietHoursButNeverCritical() {
        RecipientPreference pref = RecipientPreference.newBuilder().setTenantId("acme").setRecipientId("u-1")
                .setQuietHours(QuietHours.newBuilder().setStartMinute(9 * 60).setEndMinute(11 * 60).setTimezone("UTC").build())
                .setUpdatedAt(NOW).build();
        Decision bulk = DECIDER.decide(request(Priority.BULK, null, EMAIL), Situation.fresh(NOW, pref, ALL_HEALTHY, Pauses.NONE));
        Decision critical = DECIDER.decide(request(Priority.CRITICAL, null, EMAIL), Situation.fresh(NOW, pref, ALL_HEALTHY, Pauses.NONE));
        assertThat(((Decision.Dispatch) bulk).notBefore()).isEqualTo(Instant.parse("2026-11-23T11:00:00Z"));
        assertThat(bulk.rule()).isEqualTo(Decider.RULE_QUIET_HOURS);
        assertThat(((Decision.Dispatch) critical).notBefore()).isNull();
    }

    static Stream<Arguments> failover() {
        return Stream.of(
                row("critical email exhausted moves to sms", request(Priority.CRITICAL, null, EMAIL, SMS), ALL_HEALTHY,
                        "dispatch SMS critical-cross-channel-failover [twilio]"),
                row("transactional email exhausted parks without permission", request(Priority.TRANSACTIONAL, null, EMAIL, SMS),
                        ALL_HEALTHY, "park EMAIL no-allowed-fallback channel-exhausted"),
                row("bulk email exhausted never moves to sms", request(Priority.BULK, true, EMAIL, SMS), ALL_HEALTHY,
                        "park EMAIL no-allowed-fallback channel-exhausted"),
                row("critical with nothing left parks on the exhausted channel", request(Priority.CRITICAL, null, EMAIL),
                        ALL_HEALTHY, "park EMAIL no-allowed-fallback channel-exhausted"),
                row("critical failover skips a down sms", request(Priority.CRITICAL, null, EMAIL, SMS),
                        Map.of("twilio", DOWN), "park EMAIL no-allowed-fallback channel-exhausted"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failover")
    void decidesFailoverAfterAnExhaustedChannel(String name, NotificationRequest request, Map<String, HealthState> health,
                                                String expected) {
        Situation situation = new Situation(NOW, null, health, Pauses.NONE, Set.of(EMAIL), EMAIL);
        assertThat(summary(DECIDER.decide(request, situation))).isEqualTo(expected);
    }

    @Test
    void neverFailsOverAnExpiredNotification() {
        Situation late = new Situation(NOW.plus(Duration.ofHours(1)), null, ALL_HEALTHY, Pauses.NONE, Set.of(EMAIL), EMAIL);
        assertThat(DECIDER.decide(request(Priority.CRITICAL, null, EMAIL, SMS), late)).isInstanceOf(Decision.Expire.class);
    }

    private static Arguments row(String name, NotificationRequest request, Map<String, HealthState> health, String expected) {
        return Arguments.of(name, request, health, expected);
    }

    static String summary(Decision decision) {
        if (decision instanceof Decision.Dispatch d) return "dispatch " + d.channel() + " " + d.rule() + " " + d.providers();
        if (decision instanceof Decision.Park p) return "park " + p.channel() + " " + p.rule() + " " + p.reason();
        return decision.getClass().getSimpleName().toLowerCase() + " " + decision.rule();
    }
}
