package io.herald.router.health;

/**
 * What a provider (or a whole channel) has recently done for different destinations: the latest delivery and
 * the latest delivery to some other destination than that one, and the same for failures. Enough to answer,
 * in constant space, "when did it last deliver to (or fail for) a destination other than D?". Immutable.
 */
public record Attribution(String deliveredTo, long deliveredAtMs, String deliveredOtherTo, long deliveredOtherAtMs,
                          String failedFor, long failedAtMs, String failedOtherFor, long failedOtherAtMs) {
    static final long NEVER = Long.MIN_VALUE / 2;
    public static final Attribution NONE = new Attribution(null, NEVER, null, NEVER, null, NEVER, null, NEVER);

    /** After a delivery to {@code destination} at {@code atMs}. */
    public Attribution delivered(String destination, long atMs) {
        if (destination.equals(deliveredTo)) {
            return new Attribution(deliveredTo, Math.max(atMs, deliveredAtMs), deliveredOtherTo, deliveredOtherAtMs,
                    failedFor, failedAtMs, failedOtherFor, failedOtherAtMs);
        }
        return new Attribution(destination, atMs, deliveredTo, deliveredAtMs, failedFor, failedAtMs, failedOtherFor,
                failedOtherAtMs);
    }

    /** After a failure (nothing delivered) for {@code destination} at {@code atMs}. */
    public Attribution failed(String destination, long atMs) {
        if (destination.equals(failedFor)) {
            return new Attribution(deliveredTo, deliveredAtMs, deliveredOtherTo, deliveredOtherAtMs, failedFor,
                    Math.max(atMs, failedAtMs), failedOtherFor, failedOtherAtMs);
        }
        return new Attribution(deliveredTo, deliveredAtMs, deliveredOtherTo, deliveredOtherAtMs, destination, atMs,
                failedFor, failedAtMs);
    }

    /** When it last delivered to a destination other than {@code destination}; {@link #NEVER} if it did not. */
    public long lastDeliveredOtherThan(String destination) {
        return destination.equals(deliveredTo) ? deliveredOtherAtMs : deliveredAtMs;
    }

    /** When it last failed for a destination other than {@code destination}; {@link #NEVER} if it did not. */
    public long lastFailedOtherThan(String destination) {
        return destination.equals(failedFor) ? failedOtherAtMs : failedAtMs;
    }
}
