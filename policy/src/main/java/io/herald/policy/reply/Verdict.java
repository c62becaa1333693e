package io.herald.policy.reply;

/** What a provider's reply says about the attempt and the provider. */
public enum Verdict {
    /** The provider is pacing us (rate, connection or thread limits): slow down and try again; some mail still gets through. */
    THROTTLE,
    /** The provider accepts nothing now (Exchange Online's {@code 451 4.3.2 Temporary server error}): evidence toward DOWN. */
    OUTAGE,
    /** This attempt failed for a reason that may pass: try again, on another provider now or later. */
    TRANSIENT,
    /** The reply is a verdict on the message or recipient: no provider and no later try will change it. */
    PERMANENT
}
