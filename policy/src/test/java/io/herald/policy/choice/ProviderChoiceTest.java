package io.herald.policy.choice;

import static io.herald.contracts.HealthState.DEGRADED;
import static io.herald.contracts.HealthState.DOWN;
import static io.herald.contracts.HealthState.HALF_OPEN;
import static io.herald.contracts.HealthState.HEALTHY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.contracts.HealthState;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ProviderChoiceTest {
    private static final List<String> CONFIGURED = List.of("a", "b", "c");
    /** An id inside a 50% trickle and one outside it. */
    private static final String IN = idWithBucket(true);
    private static final String OUT = idWithBucket(false);

    static Stream<Arguments> table() {
        return Stream.of(
                // health of a, b, c                        id   preferred        usable            allDown halfOpenWaiting
                Arguments.of(states(HEALTHY, HEALTHY, HEALTHY), IN, List.of(), List.of("a", "b", "c"), false, false),
                Arguments.of(states(DOWN, HEALTHY, HEALTHY), IN, List.of(), List.of("b", "c"), false, false),
                Arguments.of(states(DEGRADED, HEALTHY, HEALTHY), IN, List.of(), List.of("b", "c", "a"), false, false),
                Arguments.of(states(DOWN, DOWN, DOWN), IN, List.of(), List.of(), true, false),
                // half-open and in the trickle: first, so the probe happens even while b is healthy
                Arguments.of(states(HEALTHY, HALF_OPEN, HEALTHY), IN, List.of(), List.of("b", "a", "c"), false, false),
                // half-open and outside the trickle: skipped
                Arguments.of(states(HEALTHY, HALF_OPEN, HEALTHY), OUT, List.of(), List.of("a", "c"), false, true),
                Arguments.of(states(DOWN, HALF_OPEN, DOWN), OUT, List.of(), List.of(), false, true),
                Arguments.of(states(DOWN, HALF_OPEN, DOWN), IN, List.of(), List.of("b"), false, false),
                // the router's order comes first within a state; unknown providers are ignored
                Arguments.of(states(HEALTHY, HEALTHY, HEALTHY), IN, List.of("c", "x"), List.of("c", "a", "b"), false, false),
                // a provider the router left out is still the channel's: the same rule decides it
                Arguments.of(states(HEALTHY, DEGRADED, HEALTHY), IN, List.of("b"), List.of("a", "c", "b"), false, false));
    }

    @ParameterizedTest
    @MethodSource("table")
    void choosesByOneRule(Map<String, HealthState> health, String id, List<String> preferred, List<String> usable,
                          boolean allDown, boolean halfOpenWaiting) {
        ProviderChoice.Choice choice = ProviderChoice.choose(id, CONFIGURED, preferred, health::get, 50);

        assertThat(choice.usable()).containsExactlyElementsOf(usable);
        assertThat(choice.allDown()).isEqualTo(allDown);
        assertThat(choice.halfOpenWaiting()).isEqualTo(halfOpenWaiting);
    }

    @Test
    void aProviderNeverHeardOfIsHealthy() {
        assertThat(ProviderChoice.choose(IN, CONFIGURED, List.of(), p -> null, 10).usable()).containsExactly("a", "b", "c");
    }

    @Test
    void theTrickleTakesItsShareOfNotifications() {
        long in = IntStream.range(0, 10_000).filter(i -> ProviderChoice.inTrickle("n-" + i, 20)).count();

        assertThat(in).isBetween(1_800L, 2_200L);
        assertThat(ProviderChoice.inTrickle("any", 0)).isFalse();
        assertThat(ProviderChoice.inTrickle("any", 100)).isTrue();
    }

    @Test
    void refusesATricklePercentOutsideZeroToHundred() {
        assertThatThrownBy(() -> ProviderChoice.choose(IN, CONFIGURED, List.of(), p -> HEALTHY, 101))
                .hasMessageContaining("halfOpenTricklePercent");
    }

    private static Map<String, HealthState> states(HealthState a, HealthState b, HealthState c) {
        return Map.of("a", a, "b", b, "c", c);
    }

    private static String idWithBucket(boolean inside) {
        return IntStream.range(0, 1000).mapToObj(i -> "id-" + i)
                .filter(id -> ProviderChoice.inTrickle(id, 50) == inside).findFirst().orElseThrow();
    }
}
