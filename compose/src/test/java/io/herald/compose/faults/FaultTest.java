package io.herald.compose.faults;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every fault test shares: the one fault stack of the suite's JVM (separate router and worker processes, see
 * {@link FaultStackExtension}), restored after the class so the next fault starts from a healthy stack. A class that
 * must restore more declares its own {@code restore()}, which hides this one.
 */
@Tag("fault")
@ExtendWith(FaultStackExtension.class)
abstract class FaultTest {
    static FaultStack stack;

    @BeforeAll
    static void stack(FaultStack shared) {
        stack = shared;
    }

    @AfterAll
    static void restore() {
        if (stack != null) stack.restore();
    }
}
