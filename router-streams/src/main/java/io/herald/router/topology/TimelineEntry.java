package io.herald.router.topology;

import io.herald.contracts.DeliveryOutcome;

/** One line of a notification's status timeline, as the status API serves it. No PII. */
public record TimelineEntry(long atMs, String stage, String status, String channel, String provider,
                            String providerCode, String detail) {
    /**
     * The first line of every routed notification's timeline: its request was accepted onto the request topic at
     * {@code atMs} (the record's timestamp). Only history: it does not move the state ({@code Ledger.apply}).
     */
    static TimelineEntry accepted(long atMs) {
        return new TimelineEntry(atMs, "ROUTER", "ACCEPTED", null, null, null, null);
    }

    static TimelineEntry of(DeliveryOutcome o) {
        return new TimelineEntry(o.getAt().toEpochMilli(), o.getStage().name(), o.getStatus().name(),
                o.getChannel() == null ? null : o.getChannel().name(), o.getProvider(), o.getProviderCode(), o.getDetail());
    }
}
