package io.herald.replay.engine;

/** Progress callbacks from a replay run, on the run's thread. Exceptions thrown here end the run uncommitted. */
public interface ReplayListener {
    ReplayListener NONE = new ReplayListener() {
    };

    /** The run starts (or resumes) with this record. */
    default void onStart(RunRecord run) {
    }

    /** A wave starts (0-based). */
    default void onWave(long wave, long waves) {
    }

    /** One record was sent inside the open transaction (not yet committed). */
    default void onCopied(String key, long copied) {
    }

    /** A transaction committed; {@code run} holds the committed counters. */
    default void onCommit(RunRecord run) {
    }

    /** The run ended (finished, halted or aborted). */
    default void onEnd(RunRecord run) {
    }
}
