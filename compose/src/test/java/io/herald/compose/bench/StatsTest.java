package io.herald.compose.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StatsTest {
    private static final List<Long> HUNDRED = java.util.stream.LongStream.rangeClosed(1, 100).boxed().toList();

    static Stream<Arguments> percentiles() {
        return Stream.of(
                Arguments.of("the median of 1..100 is 50 by nearest rank", HUNDRED, 0.50, 50L),
                Arguments.of("p99 of 1..100 is 99", HUNDRED, 0.99, 99L),
                Arguments.of("p100 is the maximum", HUNDRED, 1.0, 100L),
                Arguments.of("p0 is the minimum", HUNDRED, 0.0, 1L),
                Arguments.of("order of the input does not matter", List.of(30L, 10L, 20L), 0.5, 20L),
                Arguments.of("one sample is every percentile", List.of(7L), 0.99, 7L),
                Arguments.of("no samples give -1, not a made-up figure", List.of(), 0.5, -1L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("percentiles")
    void nearest_rank_percentiles(String name, List<Long> values, double p, long expected) {
        assertThat(Stats.percentile(values, p)).isEqualTo(expected);
    }

    static Stream<Arguments> medians() {
        return Stream.of(
                Arguments.of("the middle of three runs", List.of(9.0, 3.0, 5.0), 5.0),
                Arguments.of("the mean of the middle two of four", List.of(1.0, 2.0, 4.0, 100.0), 3.0),
                Arguments.of("one run is its own median", List.of(42.0), 42.0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("medians")
    void medians_of_repeated_runs(String name, List<Double> runs, double expected) {
        assertThat(Stats.median(runs)).isEqualTo(expected);
    }

    @Test
    void a_ratio_without_a_positive_baseline_is_not_a_number() {
        assertThat(Stats.ratio(8, 10)).isEqualTo(0.8);
        assertThat(Stats.ratio(8, 0)).isNaN();
        assertThat(Stats.ratio(Double.NaN, 10)).isNaN();
        assertThat(Stats.median(List.of())).isNaN();
    }

    @Test
    void a_percentile_outside_zero_to_one_is_refused() {
        assertThatThrownBy(() -> Stats.percentile(HUNDRED, 99)).hasMessageContaining("0..1");
    }
}
