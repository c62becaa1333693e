package io.herald.replay.dryrun;

/** What the router's replay intake would do with a replayed message. */
public enum DryRunAction {
    /** It would be routed and sent. */
    WOULD_SEND("would send"),
    /** Past its expiry: the router drops it as EXPIRED. */
    WOULD_EXPIRE("would expire"),
    /** Already SENT (e.g. via another channel): the router emits SKIPPED. */
    WOULD_SKIP_ALREADY_SENT("would skip (already sent)"),
    /** Every requested channel is opted out for its category: SUPPRESSED. */
    WOULD_SUPPRESS("would be suppressed");

    private final String label;

    DryRunAction(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
