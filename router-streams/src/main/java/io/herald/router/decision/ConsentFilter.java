package io.herald.router.decision;

import io.herald.contracts.Channel;
import io.herald.contracts.ConsentRecord;
import io.herald.contracts.OptOut;
import io.herald.contracts.RecipientPreference;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Removes the channels a recipient refused for a category. The explicit opt-out list is authoritative;
 * the consent trail also counts, so a withdrawal recorded as evidence is honoured even before the
 * producer rewrote the opt-out list. The latest matching consent record wins.
 */
public final class ConsentFilter {
    private ConsentFilter() {
    }

    /** The requested channels the recipient accepts for {@code category}, in the request's order. */
    public static List<Channel> allowed(List<Channel> requested, String category, RecipientPreference preference) {
        List<Channel> out = new ArrayList<>();
        for (Channel channel : requested) {
            if ((preference == null || !optedOut(channel, category, preference)) && !out.contains(channel)) out.add(channel);
        }
        return List.copyOf(out);
    }

    static boolean optedOut(Channel channel, String category, RecipientPreference preference) {
        for (OptOut optOut : preference.getOptOuts()) {
            if (optOut.getChannel() == channel && matches(optOut.getCategory(), category)) return true;
        }
        ConsentRecord latest = null;
        for (ConsentRecord record : preference.getConsents()) {
            if (record.getChannel() == channel && matches(record.getCategory(), category)
                    && (latest == null || !record.getAt().isBefore(latest.getAt()))) {
                latest = record;
            }
        }
        return latest != null && !latest.getGranted();
    }

    /** A null scope covers every category. */
    private static boolean matches(String scope, String category) {
        return scope == null || Objects.equals(scope, category);
    }
}
