package io.herald.policy.choice;

import static io.herald.contracts.HealthState.DEGRADED;
import static io.herald.contracts.HealthState.DOWN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.herald.contracts.HealthState;
import io.herald.contracts.Priority;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WarmUpAndRampTest {
    private static final List<String> EMAIL = List.of("smtp-primary", "smtp-secondary");
    private static final WarmUp TWO_PERCENT = WarmUp.parse("2%");

    private static String inShare() {
        return IntStream.range(0, 10_000).mapToObj(i -> "n-" + i).filter(TWO_PERCENT::takes).findFirst().orElseThrow();
    }

    @ParameterizedTest(name = "{0} → {1} basis points")
    @CsvSource({"2%, 200", "0.5%, 50", "0.02, 200", "'', 0", "100%, 10000"})
    void parsesTheShare(String text, int basisPoints) {
        assertThat(WarmUp.parse(text).basisPoints()).isEqualTo(basisPoints);
    }

    @ParameterizedTest(name = "''{0}'' is rejected")
    @CsvSource({"two", "150%", "-1%"})
    void rejectsABadShareNamingTheKey(String text) {
        assertThatThrownBy(() -> WarmUp.parse(text)).hasMessageContaining("email.warmup-share");
    }

    @Test
    void aboutTheConfiguredShareIsWarmedDeterministically() {
        long taken = IntStream.range(0, 100_000).mapToObj(i -> "id-" + i).filter(TWO_PERCENT::takes).count();
        assertThat(taken).isBetween(1_800L, 2_200L);
        assertThat(TWO_PERCENT.takes(inShare())).isTrue();
        assertThat(WarmUp.NONE.takes(inShare())).isFalse();
    }

    @Test
    void theWarmUpShareOfTransactionalAndBulkGoesToTheSecondaryFirst() {
        String id = inShare();
        assertThat(TWO_PERCENT.order(id, Priority.BULK, EMAIL, EMAIL, p -> null)).containsExactly("smtp-secondary", "smtp-primary");
        assertThat(TWO_PERCENT.order(id, Priority.TRANSACTIONAL, EMAIL, EMAIL, p -> null)).containsExactly("smtp-secondary", "smtp-primary");
    }

    @Test
    void criticalOutsideTheShareAndUnhealthyProvidersAreNeverWarmedUp() {
        String id = inShare();
        String outside = IntStream.range(0, 100).mapToObj(i -> "x-" + i).filter(i -> !TWO_PERCENT.takes(i)).findFirst().orElseThrow();
        assertThat(TWO_PERCENT.order(id, Priority.CRITICAL, EMAIL, EMAIL, p -> null)).isEqualTo(EMAIL);
        assertThat(TWO_PERCENT.order(outside, Priority.BULK, EMAIL, EMAIL, p -> null)).isEqualTo(EMAIL);
        Map<String, HealthState> primaryDegraded = Map.of("smtp-primary", DEGRADED);
        assertThat(TWO_PERCENT.order(id, Priority.BULK, List.of("smtp-secondary", "smtp-primary"), EMAIL, primaryDegraded::get))
                .containsExactly("smtp-secondary", "smtp-primary");
        Map<String, HealthState> secondaryDown = Map.of("smtp-secondary", DOWN);
        assertThat(TWO_PERCENT.order(id, Priority.BULK, List.of("smtp-primary"), EMAIL, secondaryDown::get))
                .containsExactly("smtp-primary");
    }

    @Test
    void theRampRisesFromItsFirstRateToUnlimitedOnSchedule() {
        FailoverRamp ramp = FailoverRamp.parse("50/s,200/s@5m,max@15m");
        assertThat(ramp.perSecondAt(Duration.ZERO)).isEqualTo(50.0);
        assertThat(ramp.perSecondAt(Duration.ofSeconds(150))).isCloseTo(125.0, within(0.01));
        assertThat(ramp.perSecondAt(Duration.ofMinutes(5))).isEqualTo(200.0);
        assertThat(ramp.perSecondAt(Duration.ofMinutes(10))).isEqualTo(200.0);
        assertThat(ramp.perSecondAt(Duration.ofMinutes(15))).isInfinite();
        // The first minute allows 50/s rising towards 200/s over five minutes: 50*60 + 0.5*(30/min*1min)*60.
        assertThat(ramp.allowedBy(Duration.ofMinutes(1))).isCloseTo(3_900.0, within(20.0));
        assertThat(FailoverRamp.NONE.perSecondAt(Duration.ZERO)).isInfinite();
        assertThat(FailoverRamp.parse("600/m").perSecondAt(Duration.ofHours(1))).isEqualTo(10.0);
    }

    @ParameterizedTest(name = "{0} to the {1} while the primary is {2}, {3}s in -> {4}/s")
    @CsvSource({
            // lane        provider   primary    since  limit (Infinity = not held back)
            "BULK,          secondary, DOWN,      0,     50.0",
            "TRANSACTIONAL, secondary, DOWN,      150,   125.0",
            "BULK,          secondary, DOWN,      600,   200.0",
            "BULK,          secondary, DOWN,      900,   Infinity",
            "CRITICAL,      secondary, DOWN,      0,     Infinity",
            "BULK,          primary,   DOWN,      0,     Infinity",
            "BULK,          secondary, DEGRADED,  0,     Infinity",
            // a half-open primary takes only its trickle back: the secondary keeps ramping
            "BULK,          secondary, HALF_OPEN, 0,     50.0",
            "BULK,          secondary, HEALTHY,   0,     Infinity"})
    void onlyAFailoverOfTransactionalAndBulkToASecondaryIsRamped(Priority lane, String provider, HealthState primary, long since,
                                                                  double expected) {
        FailoverRamp ramp = FailoverRamp.parse("50/s,200/s@5m,max@15m");
        assertThat(ramp.limit(lane, provider.equals("primary"), primary, Duration.ofSeconds(since))).isEqualTo(expected);
    }

    @Test
    void withoutARampNothingIsHeldBack() {
        assertThat(FailoverRamp.NONE.limit(Priority.BULK, false, DOWN, Duration.ZERO)).isInfinite();
    }

    @ParameterizedTest(name = "''{0}'' is rejected")
    @CsvSource(delimiter = '|', value = {"200/s@5m", "50/s,20/s@5m,30/s@2m", "fast", "50/s,max@soon", "0/s"})
    void rejectsABadRampNamingTheKey(String text) {
        assertThatThrownBy(() -> FailoverRamp.parse(text)).hasMessageContaining("email.failover-ramp");
    }
}
