package io.herald.replay.pace;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WavePlanTest {
    private static final Instant START = Instant.parse("2026-11-23T12:00:00Z");

    @ParameterizedTest(name = "{1} of {0} → {3} waves of {2}")
    @CsvSource({
            "10000, 10%/5m, 1000, 10, 1000",
            "95,    10%/5m, 10,   10, 5",
            "1,     10%/5m, 1,    1,  1",
            "0,     10%/5m, 1,    0,  0",
            "7,     50%/1m, 4,    2,  3",
            "1000,  100%/1m, 1000, 1, 1000",
            "1000,  33%/1m, 330,  4,  10",
            "10,    12.5%/1m, 2,  5,  2",
    })
    void splitsTheSelectedBacklogIntoWaves(long total, String waves, long size, long count, long lastWave) {
        WavePlan plan = WavePlan.of(PaceParser.waves(waves), total, START);
        assertThat(plan.size()).isEqualTo(size);
        assertThat(plan.waveCount()).isEqualTo(count);
        if (count > 0) {
            assertThat(plan.targetOf(count - 1) - (count > 1 ? plan.targetOf(count - 2) : 0)).isEqualTo(lastWave);
            assertThat(plan.targetOf(count - 1)).isEqualTo(total);
        }
    }

    @Test
    void wavesStartOneIntervalApart() {
        WavePlan plan = WavePlan.of(PaceParser.waves("10%/5m"), 10_000, START);
        assertThat(LongStream.range(0, 3).mapToObj(plan::startOf))
                .containsExactly(START, START.plus(Duration.ofMinutes(5)), START.plus(Duration.ofMinutes(10)));
    }

    @Test
    void aResumedReplayFinishesItsInterruptedWaveFirst() {
        WavePlan plan = WavePlan.of(PaceParser.waves("10%/5m"), 10_000, START);
        assertThat(plan.waveOf(1500)).isEqualTo(1);
        assertThat(plan.targetOf(plan.waveOf(1500))).isEqualTo(2000);
        assertThat(plan.waveOf(2000)).isEqualTo(2);
    }
}
