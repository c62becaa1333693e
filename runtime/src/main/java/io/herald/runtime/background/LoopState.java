package io.herald.runtime.background;

/**
 * Where a {@link SupervisedLoop} stands. Readiness is {@link #READY} only; liveness fails only in {@link #FAILED}
 * (a loop that is restarting is alive: it will be back by itself).
 */
public enum LoopState {
    /** Opening its first session, or reading the history it must hold before it is of use. */
    STARTING,
    /** Caught up with what it follows and following it. */
    READY,
    /** Its session failed; a new one opens after a back-off, resuming where the failed one stopped. */
    RESTARTING,
    /** Gave up: an {@link Error} (the JVM is suspect), so a restart by the platform is the honest remedy. */
    FAILED,
    /** Closed. */
    STOPPED;

    /** Whether the service may rely on what the loop maintains. */
    public boolean ready() {
        return this == READY;
    }

    /** Whether the loop still runs or will run again by itself. */
    public boolean alive() {
        return this != FAILED;
    }
}
