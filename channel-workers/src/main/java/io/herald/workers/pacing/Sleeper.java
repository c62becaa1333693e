package io.herald.workers.pacing;

import java.time.Duration;

/** Waits; injected so pacing can be tested without sleeping. */
@FunctionalInterface
public interface Sleeper {
    Sleeper REAL = d -> {
        long nanos = d.toNanos();
        if (nanos > 0) Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    };

    void sleep(Duration duration) throws InterruptedException;
}
