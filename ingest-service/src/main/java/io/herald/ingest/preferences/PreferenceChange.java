package io.herald.ingest.preferences;

import io.herald.contracts.ConsentRecord;
import io.herald.contracts.OptOut;
import io.herald.contracts.QuietHours;
import io.herald.contracts.RecipientPreference;
import io.herald.ingest.tenancy.Caller;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The pure step behind a preferences PUT: the next {@link RecipientPreference} from the current one
 * and the desired state. Each opt-out added is a consent withdrawal (granted=false), each removed
 * one a grant (granted=true), recorded with source, time, actor (the API key id) and proof. The
 * audit trail keeps the newest {@value #MAX_CONSENTS} records so the compacted record stays small.
 */
public final class PreferenceChange {
    public static final int MAX_CONSENTS = 200;

    private PreferenceChange() {
    }

    public static RecipientPreference apply(RecipientPreference current, String tenantId, String recipientId,
                                            PreferenceInput desired, Caller actor, Instant now) {
        Set<PreferenceInput.OptOut> before = current == null ? Set.of() : optOuts(current);
        List<ConsentRecord> consents = new ArrayList<>(current == null ? List.of() : current.getConsents());
        for (PreferenceInput.OptOut added : desired.optOuts()) {
            if (!before.contains(added)) consents.add(consent(added, false, desired, actor, now));
        }
        for (PreferenceInput.OptOut removed : before) {
            if (!desired.optOuts().contains(removed)) consents.add(consent(removed, true, desired, actor, now));
        }
        if (consents.size() > MAX_CONSENTS) consents = consents.subList(consents.size() - MAX_CONSENTS, consents.size());
        return RecipientPreference.newBuilder()
                .setTenantId(tenantId)
                .setRecipientId(recipientId)
                .setOptOuts(desired.optOuts().stream()
                        .map(o -> OptOut.newBuilder().setChannel(o.channel()).setCategory(o.category()).build())
                        .toList())
                .setQuietHours(desired.quietHours() == null ? null : QuietHours.newBuilder()
                        .setStartMinute(desired.quietHours().startMinute())
                        .setEndMinute(desired.quietHours().endMinute())
                        .setTimezone(desired.quietHours().timezone())
                        .build())
                .setTimezone(desired.timezone())
                .setConsents(new ArrayList<>(consents))
                .setUpdatedAt(now)
                .build();
    }

    static Set<PreferenceInput.OptOut> optOuts(RecipientPreference preference) {
        Set<PreferenceInput.OptOut> set = new LinkedHashSet<>();
        for (OptOut o : preference.getOptOuts()) set.add(new PreferenceInput.OptOut(o.getChannel(), o.getCategory()));
        return set;
    }

    private static ConsentRecord consent(PreferenceInput.OptOut about, boolean granted, PreferenceInput in,
                                         Caller actor, Instant now) {
        return ConsentRecord.newBuilder()
                .setChannel(about.channel())
                .setCategory(about.category())
                .setGranted(granted)
                .setAt(now)
                .setSource(in.source())
                .setActor(actor.keyId())
                .setEvidence(in.proof())
                .build();
    }
}
