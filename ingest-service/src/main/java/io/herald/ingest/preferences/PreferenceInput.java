package io.herald.ingest.preferences;

import io.herald.contracts.Channel;
import java.util.List;
import java.util.Set;

/**
 * A validated preferences PUT: the full desired state (opt-outs per channel × category, quiet hours,
 * timezone) plus the evidence for the consent changes it implies.
 *
 * @param source where consent was captured (api, web-form, sms-stop, import, operator)
 * @param proof  optional proof text (form id, STOP message sid); never an address
 */
public record PreferenceInput(Set<OptOut> optOuts, QuietHours quietHours, String timezone, String source, String proof) {
    public PreferenceInput {
        optOuts = Set.copyOf(optOuts);
    }

    /** Opted out of {@code channel} for {@code category}, or for every category when it is null. */
    public record OptOut(Channel channel, String category) {
    }

    /** Minutes of the day (0-1439); start after end spans midnight. */
    public record QuietHours(int startMinute, int endMinute, String timezone) {
    }

    static List<String> sources() {
        return List.of("api", "web-form", "sms-stop", "email-unsubscribe", "import", "operator");
    }
}
