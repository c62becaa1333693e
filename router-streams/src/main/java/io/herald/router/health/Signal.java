package io.herald.router.health;

/** What one worker attempt says about its provider. */
public enum Signal {
    /** Sent or delivered: the provider works. */
    SUCCESS,
    /** Transient failure or uncertain hand-off: the provider may be in trouble. */
    TRANSIENT,
    /** Throttling reply: slow down; degradation, never DOWN by itself. */
    THROTTLED,
    /** Permanent failure: the recipient's fault, but the provider answered, so it is alive. */
    PERMANENT
}
