package io.herald.replay.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunRecordTest {
    @Test
    void roundTripsThroughJsonWithEndOffsetsAndCounts() {
        Instant at = Instant.parse("2026-11-23T12:00:00Z");
        RunRecord run = new RunRecord("r-1", RunState.HALTED, "notify.parked.email.v1", "notify.replay.v1", SourceKind.PARKED,
                "channel=EMAIL", "10%/5m", "ops", "incident 42", at, at.plusSeconds(60), 10_000, 3_000, 3_100, 2, 3, 10,
                Map.of(0, 5_000L, 1, 5_100L), "gate closed before wave 4: smtp-primary is DOWN", 2_900, 12);
        RunRecord back = RunRecord.fromJson(run.toJson());
        assertThat(back).isEqualTo(run);
        assertThat(back.fraction()).isEqualTo(0.3);
        assertThat(new String(run.toJson())).contains("\"startedAt\":\"2026-11-23T12:00:00Z\"");
    }

    @Test
    void onlyAFinishedRunHasNothingLeftToDo() {
        assertThat(RunState.FINISHED.terminal()).isTrue();
        assertThat(RunState.HALTED.terminal()).isFalse();
        assertThat(RunState.ABORTED.terminal()).isFalse();
        assertThat(RunState.RUNNING.terminal()).isFalse();
    }

    @Test
    void guessesTheSourceKindFromTheTopicName() {
        assertThat(SourceKind.of("notify.parked.email.v1")).isEqualTo(SourceKind.PARKED);
        assertThat(SourceKind.of("notify.dlq.v1")).isEqualTo(SourceKind.DLQ);
        assertThat(SourceKind.of("notify.request.v1")).isEqualTo(SourceKind.REQUEST);
    }
}
