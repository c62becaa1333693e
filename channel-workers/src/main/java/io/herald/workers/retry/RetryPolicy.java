package io.herald.workers.retry;

import io.herald.schemas.topics.RetryTier;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One lane's retry schedule: after a round in which every usable provider failed transiently, wait on the
 * next tier (with jitter, so a burst of deferrals does not come back as a burst), or give the message back
 * to the router as {@code CHANNEL_EXHAUSTED}. Pure: randomness is a parameter.
 *
 * @param tiers          retry tiers in order; round {@code n} (1-based) that failed goes to tier {@code n}
 * @param jitter         fraction of the tier delay added or removed at random, 0 ≤ jitter &lt; 1
 * @param repeatLastTier true: after the last tier, wait on it again until the message expires (a critical
 *                       message with nowhere else to go); false: the channel is exhausted after it
 */
public record RetryPolicy(List<RetryTier> tiers, double jitter, boolean repeatLastTier) {
    public static final String RETRIES_EXHAUSTED = "retries-exhausted";
    public static final String ALL_PROVIDERS_DOWN = "all-providers-down";
    public static final String EXPIRES_BEFORE_RETRY = "expires-before-next-retry";
    public static final String CRITICAL_DEADLINE = "critical-deadline";
    /** The recipient's destination is DOWN: no provider of this channel can reach it (issue 14). */
    public static final String DESTINATION_DOWN = "destination-down";

    public RetryPolicy {
        tiers = List.copyOf(Objects.requireNonNull(tiers, "tiers"));
        if (tiers.isEmpty()) throw new IllegalArgumentException("a retry policy needs at least one tier");
        if (jitter < 0 || jitter >= 1) throw new IllegalArgumentException("HERALD_RETRY_JITTER must be in [0,1), was " + jitter);
    }

    /** Tiers that end in {@code CHANNEL_EXHAUSTED}. */
    public RetryPolicy(List<RetryTier> tiers, double jitter) {
        this(tiers, jitter, false);
    }

    /** The decision after round {@code attempt} failed transiently at {@code now}; {@code random} is uniform in [0,1). */
    public Decision afterTransientRound(int attempt, Instant now, Instant expiresAt, double random) {
        if (attempt < 1) throw new IllegalArgumentException("attempt must be >= 1, was " + attempt);
        if (attempt > tiers.size() && !repeatLastTier) return new Exhausted(RETRIES_EXHAUSTED);
        RetryTier tier = tiers.get(Math.min(attempt, tiers.size()) - 1);
        Instant notBefore = now.plus(jittered(tier.delay(), random));
        // A retry that could only happen after expiry is pointless: hand it back now so the router can
        // still try another channel while the notification matters.
        if (expiresAt != null && notBefore.isAfter(expiresAt)) return new Exhausted(EXPIRES_BEFORE_RETRY);
        return new Retry(tier, attempt + 1, notBefore, attemptsLeft(attempt + 1, notBefore, expiresAt));
    }

    /** More attempts than anyone reads: a bound for {@link #attemptsLeft} when tiers are short and expiry far. */
    static final int ATTEMPTS_LEFT_CAP = 1_000;

    /**
     * Attempts still to come on this channel when attempt {@code next} is due at {@code notBefore}, that one included:
     * each later one waits its tier's nominal delay (jitter aside) and none is made after {@code expiresAt}. Null when
     * the last tier repeats and nothing expires: without end.
     */
    public Integer attemptsLeft(int next, Instant notBefore, Instant expiresAt) {
        if (repeatLastTier && expiresAt == null) return null;
        int left = 1;
        Instant at = notBefore;
        // Attempt n failing goes to tier n (1-based); a non-repeating schedule has no tier after the last.
        for (int failed = next; left < ATTEMPTS_LEFT_CAP; failed++) {
            if (failed > tiers.size() && !repeatLastTier) break;
            at = at.plus(tiers.get(Math.min(failed, tiers.size()) - 1).delay());
            if (expiresAt != null && at.isAfter(expiresAt)) break;
            left++;
        }
        return left;
    }

    Duration jittered(Duration delay, double random) {
        double factor = 1 + jitter * (2 * random - 1);
        return Duration.ofMillis(Math.max(1, Math.round(delay.toMillis() * factor)));
    }

    /** What to do with a message after a failed round. */
    public sealed interface Decision {
    }

    /**
     * Publish to {@code tier}'s retry topic with attempt {@code nextAttempt}, not to be tried before {@code notBefore};
     * {@code attemptsLeft} ({@link #attemptsLeft}) is what a DEFERRED status tells its reader.
     */
    public record Retry(RetryTier tier, int nextAttempt, Instant notBefore, Integer attemptsLeft) implements Decision {
    }

    /** Give up on this channel: emit {@code CHANNEL_EXHAUSTED} with {@code reason}. */
    public record Exhausted(String reason) implements Decision {
    }
}
