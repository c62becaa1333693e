package io.herald.workers.retry;

import static io.herald.contracts.Priority.BULK;
import static io.herald.contracts.Priority.CRITICAL;
import static io.herald.contracts.Priority.TRANSACTIONAL;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.Priority;
import io.herald.schemas.topics.RetryLanes;
import io.herald.schemas.topics.RetryTier;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LaneRetryPolicyTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final Instant IN_AN_HOUR = NOW.plus(Duration.ofHours(1));
    private final LaneRetryPolicy policy = LaneRetryPolicy.of(RetryLanes.DEFAULTS, 0.0);

    static Stream<Arguments> afterAFailedRound() {
        return Stream.of(
                // lane          fallback attempt  expected: tier or exhausted reason
                Arguments.of(CRITICAL, true, 1, "exhausted:critical-deadline"),
                Arguments.of(CRITICAL, true, 3, "exhausted:critical-deadline"),
                Arguments.of(CRITICAL, false, 1, "retry:5s"),
                // the last critical tier repeats until expiry
                Arguments.of(CRITICAL, false, 40, "retry:5s"),
                Arguments.of(TRANSACTIONAL, true, 1, "retry:10s"),
                Arguments.of(TRANSACTIONAL, false, 2, "retry:1m"),
                Arguments.of(TRANSACTIONAL, false, 4, "exhausted:retries-exhausted"),
                Arguments.of(BULK, false, 1, "retry:10s"),
                Arguments.of(BULK, true, 3, "retry:10m"),
                Arguments.of(BULK, true, 4, "exhausted:retries-exhausted"));
    }

    @ParameterizedTest(name = "{0} fallback={1} attempt={2} -> {3}")
    @MethodSource("afterAFailedRound")
    void decidesByLaneAndFallbackAfterAFailedRound(Priority lane, boolean fallback, int attempt, String expected) {
        assertThat(describe(policy.afterTransientRound(lane, fallback, attempt, NOW, IN_AN_HOUR, 0.5))).isEqualTo(expected);
    }

    static Stream<Arguments> whenEveryProviderIsDown() {
        return Stream.of(
                Arguments.of(CRITICAL, true, 1, "exhausted:all-providers-down"),
                // nowhere else to go: wait on the tier, no attempt
                Arguments.of(CRITICAL, false, 1, "retry:5s"),
                Arguments.of(CRITICAL, false, 9, "retry:5s"),
                Arguments.of(TRANSACTIONAL, false, 1, "exhausted:all-providers-down"),
                Arguments.of(TRANSACTIONAL, true, 2, "exhausted:all-providers-down"),
                Arguments.of(BULK, false, 1, "exhausted:all-providers-down"));
    }

    @ParameterizedTest(name = "{0} fallback={1} attempt={2} -> {3}")
    @MethodSource("whenEveryProviderIsDown")
    void decidesByLaneAndFallbackWhenEveryProviderIsDown(Priority lane, boolean fallback, int attempt, String expected) {
        assertThat(describe(policy.whenAllDown(lane, fallback, attempt, NOW, IN_AN_HOUR, 0.5))).isEqualTo(expected);
    }

    static Stream<Arguments> whenTheRecipientsDestinationIsDown() {
        return Stream.of(
                Arguments.of(CRITICAL, true, 1, "exhausted:destination-down"),
                // nowhere else to go: wait on the tier, no attempt (a HALF_OPEN destination takes it later)
                Arguments.of(CRITICAL, false, 1, "retry:5s"),
                Arguments.of(TRANSACTIONAL, false, 2, "exhausted:destination-down"),
                Arguments.of(TRANSACTIONAL, true, 1, "exhausted:destination-down"),
                Arguments.of(BULK, false, 3, "exhausted:destination-down"));
    }

    @ParameterizedTest(name = "{0} fallback={1} attempt={2} -> {3}")
    @MethodSource("whenTheRecipientsDestinationIsDown")
    void handsEverythingButAStrandedCriticalCodeBackToTheRouterWhenTheDestinationIsDown(Priority lane, boolean fallback, int attempt,
                                                                                         String expected) {
        assertThat(describe(policy.whenDestinationDown(lane, fallback, attempt, NOW, IN_AN_HOUR, 0.5))).isEqualTo(expected);
    }

    @Test
    void aCriticalCodeWithoutFallbackIsHandedBackWhenItsNextTryWouldComeAfterExpiry() {
        Instant soon = NOW.plusSeconds(4);

        assertThat(describe(policy.afterTransientRound(CRITICAL, false, 12, NOW, soon, 0.5))).isEqualTo("exhausted:expires-before-next-retry");
        assertThat(describe(policy.whenAllDown(CRITICAL, false, 12, NOW, soon, 0.5))).isEqualTo("exhausted:expires-before-next-retry");
    }

    @Test
    void eachLaneUsesItsOwnTiers() {
        LaneRetryPolicy custom = LaneRetryPolicy.of(new RetryLanes(RetryTier.parseList("2s,3s"), RetryTier.parseList("30s"),
                RetryTier.parseList("1h")), 0.0);

        assertThat(describe(custom.afterTransientRound(CRITICAL, false, 5, NOW, IN_AN_HOUR.plusSeconds(60), 0.5))).isEqualTo("retry:3s");
        assertThat(describe(custom.afterTransientRound(TRANSACTIONAL, false, 1, NOW, null, 0.5))).isEqualTo("retry:30s");
        assertThat(describe(custom.afterTransientRound(TRANSACTIONAL, false, 2, NOW, null, 0.5))).isEqualTo("exhausted:retries-exhausted");
        assertThat(describe(custom.afterTransientRound(BULK, false, 1, NOW, null, 0.5))).isEqualTo("retry:1h");
    }

    private static String describe(RetryPolicy.Decision decision) {
        if (decision instanceof RetryPolicy.Retry r) return "retry:" + r.tier().name();
        return "exhausted:" + ((RetryPolicy.Exhausted) decision).reason();
    }
}
