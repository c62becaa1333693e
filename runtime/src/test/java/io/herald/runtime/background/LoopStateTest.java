package io.herald.runtime.background;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LoopStateTest {
    @ParameterizedTest(name = "a loop {0} is ready={1}, alive={2}")
    @CsvSource({
            "STARTING,   false, true",
            "READY,      true,  true",
            "RESTARTING, false, true",
            "FAILED,     false, false",
            "STOPPED,    false, true",
    })
    void onlyACaughtUpLoopIsReadyAndOnlyAFailedOneIsDead(LoopState state, boolean ready, boolean alive) {
        assertThat(state.ready()).isEqualTo(ready);
        assertThat(state.alive()).isEqualTo(alive);
    }
}
