package io.herald.workers.retry;

import io.herald.contracts.Priority;
import io.herald.schemas.topics.RetryLanes;
import java.time.Instant;
import java.util.Objects;

/**
 * Per-lane delivery deadlines: what a channel does with a message it could not deliver in this round.
 * Pure. The rule, by lane:
 *
 * <ul>
 *   <li><b>Critical with a fallback channel</b>: never waits on a tier. One failed round across the usable
 *       providers, or every provider DOWN, hands it back at once as {@code CHANNEL_EXHAUSTED}, so the router
 *       fails it over while the code is still worth having.</li>
 *   <li><b>Critical, every provider throttled</b>: throttling is pacing, not failure — the providers still accept
 *       mail at a lower rate, so the code waits on the critical tier and stays on this channel. (A provider that
 *       accepts nothing even at the floor rate is DOWN by the router's health model, and then the rule above applies.)</li>
 *   <li><b>Critical with no fallback</b>: there is nowhere better to go, so it keeps trying here on the
 *       critical tiers, the last repeating until expiry; while every provider is DOWN it waits on the tier
 *       without an attempt.</li>
 *   <li><b>The recipient's destination DOWN</b> (its mail service defers everyone's mail to it): the same as every
 *       provider DOWN, since no provider of the channel can reach it, with its own reason; the router then fails
 *       critical over and parks the rest for that destination.</li>
 *   <li><b>Transactional and bulk</b>: every provider DOWN → {@code CHANNEL_EXHAUSTED} at once (the router
 *       parks it and releases it in waves after recovery); otherwise tiered retries, then
 *       {@code CHANNEL_EXHAUSTED}.</li>
 * </ul>
 */
public record LaneRetryPolicy(RetryPolicy critical, RetryPolicy transactional, RetryPolicy bulk) {
    public LaneRetryPolicy {
        Objects.requireNonNull(critical, "critical");
        Objects.requireNonNull(transactional, "transactional");
        Objects.requireNonNull(bulk, "bulk");
    }

    /** The lanes' tiers with one jitter; the critical schedule's last tier repeats until expiry. */
    public static LaneRetryPolicy of(RetryLanes lanes, double jitter) {
        return new LaneRetryPolicy(new RetryPolicy(lanes.critical(), jitter, true), new RetryPolicy(lanes.transactional(), jitter),
                new RetryPolicy(lanes.bulk(), jitter));
    }

    /** The schedule of {@code lane}. */
    public RetryPolicy of(Priority lane) {
        return switch (lane) {
            case CRITICAL -> critical;
            case TRANSACTIONAL -> transactional;
            case BULK -> bulk;
        };
    }

    /** After round {@code attempt} failed transiently (every usable provider deferred, or none could take it now). */
    public RetryPolicy.Decision afterTransientRound(Priority lane, boolean hasFallback, int attempt, Instant now, Instant expiresAt,
                                                    double random) {
        // Another channel exists: a critical message must not wait here while it could be delivered there.
        if (lane == Priority.CRITICAL && hasFallback) return new RetryPolicy.Exhausted(RetryPolicy.CRITICAL_DEADLINE);
        return of(lane).afterTransientRound(attempt, now, expiresAt, random);
    }

    /**
     * After round {@code attempt} in which every usable provider answered with throttling: the lane's own tiers, even for
     * a critical message with a fallback channel — a throttled provider is slow, not broken.
     */
    public RetryPolicy.Decision afterThrottledRound(Priority lane, int attempt, Instant now, Instant expiresAt, double random) {
        return of(lane).afterTransientRound(attempt, now, expiresAt, random);
    }

    /** When every provider of the channel is DOWN, before any attempt. */
    public RetryPolicy.Decision whenAllDown(Priority lane, boolean hasFallback, int attempt, Instant now, Instant expiresAt,
                                            double random) {
        // Nowhere else to go: wait for a provider to come back rather than lose the code.
        if (lane == Priority.CRITICAL && !hasFallback) return critical.afterTransientRound(attempt, now, expiresAt, random);
        return new RetryPolicy.Exhausted(RetryPolicy.ALL_PROVIDERS_DOWN);
    }

    /**
     * When the recipient's destination is DOWN, before any attempt: no provider of the channel can reach it, so like
     * {@link #whenAllDown}, with reason {@link RetryPolicy#DESTINATION_DOWN} (the router parks it for that destination).
     */
    public RetryPolicy.Decision whenDestinationDown(Priority lane, boolean hasFallback, int attempt, Instant now, Instant expiresAt,
                                                    double random) {
        if (lane == Priority.CRITICAL && !hasFallback) return critical.afterTransientRound(attempt, now, expiresAt, random);
        return new RetryPolicy.Exhausted(RetryPolicy.DESTINATION_DOWN);
    }
}
