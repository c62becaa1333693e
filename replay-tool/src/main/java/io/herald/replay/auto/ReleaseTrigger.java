package io.herald.replay.auto;

/**
 * Why the automatic replayer released parked messages: the tag of its {@code herald.replay.auto.releases}
 * counter, the first words of its log line and the replay's {@code herald.replay.reason}. It must be the real
 * cause: a release the sweep started while the provider never left HEALTHY said "returned to HEALTHY", which
 * sent operators looking for an outage that never happened.
 */
enum ReleaseTrigger {
    /** A provider of the channel went back to HEALTHY from another state. */
    RECOVERY("recovery"),
    /** The periodic sweep (or a new leader's first sweep) found parked messages not yet released. */
    SWEEP("sweep"),
    /** An operator resumed a paused lane or tenant. */
    OPERATOR_RESUME("operator-resume");

    private final String tag;

    ReleaseTrigger(String tag) {
        this.tag = tag;
    }

    /** The metric tag value. */
    String tag() {
        return tag;
    }

    /**
     * The reason given in logs and replay headers.
     *
     * @param providerId the provider the release is gated on (may be null for an operator resume without known health)
     * @param detail     for RECOVERY the state the provider left, for OPERATOR_RESUME the command, else ignored
     */
    String why(String providerId, String detail) {
        return switch (this) {
            case RECOVERY -> "recovery: " + providerId + " returned to HEALTHY" + (detail == null ? "" : " from " + detail);
            case SWEEP -> "sweep: parked messages not yet released while " + providerId + " is HEALTHY";
            case OPERATOR_RESUME -> "operator resume: " + detail;
        };
    }
}
