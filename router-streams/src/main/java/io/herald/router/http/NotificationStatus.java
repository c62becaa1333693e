package io.herald.router.http;

/** Finds a notification's status document, wherever its ledger partition lives. */
@FunctionalInterface
public interface NotificationStatus {
    /**
     * @param forwarded true when another instance already forwarded this request here
     */
    Result find(String notificationId, boolean forwarded);

    /** What a lookup found. */
    sealed interface Result {
        record Found(String json) implements Result {
        }

        record NotFound() implements Result {
        }

        /** The owner is unknown or migrating (rebalance): retry shortly. */
        record Unavailable(String why) implements Result {
        }
    }
}
