package io.herald.replay.dryrun;

import io.herald.contracts.Channel;
import io.herald.contracts.NotificationRequest;
import io.herald.contracts.OptOut;
import io.herald.contracts.RecipientPreference;
import java.time.Instant;

/**
 * Predicts the router's replay intake, in its order: already sent → skipped; expired → expired; every
 * requested channel opted out → suppressed; otherwise sent.
 */
public final class DryRunClassifier {
    private DryRunClassifier() {
    }

    /**
     * @param expiresAt resolved expiry, or null when unknown (DLQ bytes)
     * @param alreadySent whether the ledger (outcomes) shows the notification SENT or DELIVERED
     * @param suppressed whether preferences suppress it
     */
    public static DryRunAction classify(Instant now, Instant expiresAt, boolean alreadySent, boolean suppressed) {
        if (alreadySent) return DryRunAction.WOULD_SKIP_ALREADY_SENT;
        // Late delivery of a one-time code is worse than none: expiry wins over everything but a done send.
        if (expiresAt != null && !now.isBefore(expiresAt)) return DryRunAction.WOULD_EXPIRE;
        if (suppressed) return DryRunAction.WOULD_SUPPRESS;
        return DryRunAction.WOULD_SEND;
    }

    /** Whether {@code preference} opts out of every channel {@code request} may use, for its category. */
    public static boolean suppressed(NotificationRequest request, RecipientPreference preference) {
        if (request == null || preference == null || request.getChannels().isEmpty()) return false;
        for (Channel channel : request.getChannels()) {
            if (!optedOut(preference, channel, request.getCategory())) return false;
        }
        return true;
    }

    private static boolean optedOut(RecipientPreference preference, Channel channel, String category) {
        for (OptOut optOut : preference.getOptOuts()) {
            if (optOut.getChannel() == channel && (optOut.getCategory() == null || optOut.getCategory().equals(category))) {
                return true;
            }
        }
        return false;
    }
}
