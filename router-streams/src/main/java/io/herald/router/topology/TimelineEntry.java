package io.herald.router.topology;

import io.herald.contracts.DeliveryOutcome;

/**
 * One line of a notification's status timeline, as the status API serves it. No PII.
 *
 * @param nextAttemptAtMs for a DEFERRED line: not before when the next attempt is made; null otherwise
 * @param attemptsLeft    for a worker's DEFERRED line: attempts still to come on the channel, the next one included;
 *                        null otherwise, or when a critical code without expiry repeats its last tier without end
 */
public record TimelineEntry(long atMs, String stage, String status, String channel, String provider,
                            String providerCode, String detail, Long nextAttemptAtMs, Integer attemptsLeft) {
    /** A line without a next attempt. */
    public TimelineEntry(long atMs, String stage, String status, String channel, String provider, String providerCode, String detail) {
        this(atMs, stage, status, channel, provider, providerCode, detail, null, null);
    }

    /**
     * The first line of every routed notification's timeline: its request was accepted onto the request topic at
     * {@code atMs} (the record's timestamp). Only history: it does not move the state ({@code Ledger.apply}).
     */
    static TimelineEntry accepted(long atMs) {
        return new TimelineEntry(atMs, "ROUTER", "ACCEPTED", null, null, null, null);
    }

    static TimelineEntry of(DeliveryOutcome o) {
        return new TimelineEntry(o.getAt().toEpochMilli(), o.getStage().name(), o.getStatus().name(),
                o.getChannel() == null ? null : o.getChannel().name(), o.getProvider(), o.getProviderCode(), o.getDetail(),
                o.getNextAttemptAt() == null ? null : o.getNextAttemptAt().toEpochMilli(), o.getAttemptsLeft());
    }
}
