package io.herald.replay.engine;

/** Where a replay run stands. */
public enum RunState {
    /** Copying (or crashed while copying: a stale RUNNING record resumes when run again). */
    RUNNING,
    /** The gate said no; running it again resumes where it stopped. */
    HALTED,
    /** The failure ratio of replayed messages passed the limit; running it again resumes after a fix. */
    ABORTED,
    /** Every selected record was copied. */
    FINISHED;

    /** Whether running the replay again has nothing left to do. */
    public boolean terminal() {
        return this == FINISHED;
    }
}
