package io.herald.workers.pacing;

import io.herald.contracts.HealthState;
import io.herald.contracts.Priority;
import io.herald.policy.choice.FailoverRamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces a channel's {@link FailoverRamp} ({@code email.failover-ramp}): once this worker sees the primary DOWN (a
 * HALF_OPEN primary keeps the failover going), each other provider takes transactional and bulk traffic no faster than
 * the schedule allows since that moment, so the secondary does not jump from nothing to everything. Critical traffic
 * passes at once. The ramp starts again from its first step at the next failover.
 *
 * <p>It blocks a worker thread only briefly: a message whose slot is at most {@link #DEFAULT_INLINE_WAIT} away waits
 * for it in place, so the provider sees the schedule itself; one further out is {@link Hold held} (the caller parks it
 * on a retry tier to come back shortly before its slot, then it waits in place for the rest), so a critical code is
 * never stuck behind a batch of bulk waiting for the ramp. The held message passes on its reservation when it comes
 * back. Reservations live in memory: a message that comes back to another instance, or after a restart, simply books
 * a new slot. The provider's own {@link ProviderPacer} (AIMD) still applies after it.
 * Thread-safe.
 */
public final class FailoverPacer {
    private static final Logger LOG = LoggerFactory.getLogger(FailoverPacer.class);
    /** Held messages remembered at most; beyond that the oldest reservations are forgotten (they book again). */
    static final int MAX_RESERVATIONS = 100_000;
    /** How long a message may wait for its slot in place by default; a held one comes back this much early. */
    public static final Duration DEFAULT_INLINE_WAIT = Duration.ofMillis(1500);
    private final FailoverRamp ramp;
    private final String primary;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration inlineWait;
    private final Map<String, Instant> nextFree = new HashMap<>();
    private final Map<String, Instant> reservations = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
            return size() > MAX_RESERVATIONS;
        }
    };
    private Instant failoverSince;

    /** @param primary the channel's first configured provider, whose DOWN starts a failover */
    public FailoverPacer(FailoverRamp ramp, String primary, Clock clock) {
        this(ramp, primary, clock, Sleeper.REAL, DEFAULT_INLINE_WAIT);
    }

    /**
     * @param inlineWait the longest a message waits for its slot in place (and how early a held one comes back); the
     *                   return from a retry tier lags by up to about a second, so a shorter wait smears the schedule
     */
    public FailoverPacer(FailoverRamp ramp, String primary, Clock clock, Sleeper sleeper, Duration inlineWait) {
        this.ramp = ramp;
        this.primary = primary;
        this.clock = clock;
        this.sleeper = sleeper;
        this.inlineWait = inlineWait;
    }

    /** A pacer that never holds anything back. */
    public static FailoverPacer none(Clock clock) {
        return new FailoverPacer(FailoverRamp.NONE, null, clock);
    }

    /**
     * Like {@link #admit}, but a slot within the inline wait is waited for here: the answer is then {@link Pass}, or a
     * {@link Hold} whose {@code retryAt} is the inline wait before its slot.
     */
    public Admission acquire(String provider, Priority lane, String notificationId, HealthState primaryState) throws InterruptedException {
        Admission first = admit(provider, lane, notificationId, primaryState);
        if (!(first instanceof Hold hold)) return first;
        Duration wait = Duration.between(clock.instant(), hold.slot());
        if (wait.compareTo(inlineWait) > 0) return hold;
        sleeper.sleep(wait);
        // The slot has come: this takes the reservation (or, if the failover ended meanwhile, passes anyway).
        Admission now = admit(provider, lane, notificationId, primaryState);
        return now instanceof Hold again ? again : now;
    }

    /** What the ramp says about one message. */
    public sealed interface Admission {
    }

    /** Send it now. */
    public record Pass() implements Admission {
    }

    /** Its slot on the ramp's schedule is {@code slot}; come back at {@code retryAt} (a little earlier) to wait for it in place. */
    public record Hold(Instant slot, Instant retryAt) implements Admission {
    }

    private static final Pass PASS = new Pass();

    /** Whether {@code provider} may take notification {@code notificationId} of {@code lane} now, given the primary's state. */
    public synchronized Admission admit(String provider, Priority lane, String notificationId, HealthState primaryState) {
        Instant now = clock.instant();
        Duration since = sinceFailover(primaryState, now);
        double limit = ramp.limit(lane, provider.equals(primary), primaryState, since);
        if (Double.isInfinite(limit)) {
            reservations.remove(notificationId);
            return PASS;
        }
        Instant booked = reservations.get(notificationId);
        if (booked != null) {
            if (booked.isAfter(now)) return hold(booked);
            reservations.remove(notificationId);
            return PASS;
        }
        Instant slot = nextFree.getOrDefault(provider, now);
        if (slot.isBefore(now)) slot = now;
        // The gap after this slot follows the schedule at the slot's own time, so the sink sees the ramp's shape.
        double rateThen = ramp.limit(lane, false, primaryState, Duration.between(failoverSince, slot));
        Instant after = Double.isInfinite(rateThen) ? slot : slot.plusNanos((long) (1_000_000_000L / rateThen));
        nextFree.put(provider, after);
        if (!slot.isAfter(now)) return PASS;
        reservations.put(notificationId, slot);
        return hold(slot);
    }

    private Hold hold(Instant slot) {
        return new Hold(slot, slot.minus(inlineWait));
    }

    /** Time since this pacer first saw the failover in progress; zero (and every booking forgotten) once it is over. */
    private Duration sinceFailover(HealthState primaryState, Instant now) {
        if (!FailoverRamp.failingOver(primaryState)) {
            if (failoverSince != null && ramp != FailoverRamp.NONE) {
                LOG.info("failover ramp over: primary {} is {} ({} held messages released from their slots)", primary, primaryState,
                        reservations.size());
            }
            if (failoverSince != null) {
                nextFree.clear();
                reservations.clear();
            }
            failoverSince = null;
            return Duration.ZERO;
        }
        if (failoverSince == null) {
            failoverSince = now;
            if (ramp != FailoverRamp.NONE) LOG.info("failover ramp starts: primary {} is {}; the others take bulk and transactional on {}",
                    primary, primaryState, ramp);
        }
        return Duration.between(failoverSince, now);
    }
}
