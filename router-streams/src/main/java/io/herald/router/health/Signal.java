package io.herald.router.health;

/** What one worker attempt says about its provider. */
public enum Signal {
    /** Sent or delivered: the provider works. */
    SUCCESS,
    /** Transient failure, outage evidence or uncertain hand-off: nothing got through. */
    TRANSIENT,
    /** Throttling reply: slow down. Nothing got through either; only deliveries in between keep it DEGRADED at most. */
    THROTTLED,
    /** Permanent failure: the recipient's fault, but the provider answered, so it is alive. */
    PERMANENT,
    /** An active probe (no message sent) found the provider would accept mail. */
    PROBE_OK,
    /** An active probe found the provider still refusing or unreachable. */
    PROBE_FAILED;

    /** Probes say whether the provider would accept a message; they are not delivery attempts. */
    public boolean isProbe() {
        return this == PROBE_OK || this == PROBE_FAILED;
    }
}
