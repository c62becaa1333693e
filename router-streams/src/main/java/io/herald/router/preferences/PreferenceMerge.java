package io.herald.router.preferences;

import io.herald.contracts.ConsentRecord;
import io.herald.contracts.OptOut;
import io.herald.contracts.PreferenceEvent;
import io.herald.contracts.PreferenceEventType;
import io.herald.contracts.RecipientPreference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The single writer's fold over a recipient's preference events: the next merged {@link RecipientPreference} from
 * the current one and one event, in log order. Pure.
 *
 * <p>A SET carries the full desired state. Each opt-out it adds is a consent withdrawal (granted=false), each it
 * removes a grant (granted=true), recorded with the event's time, source, actor and proof, and <em>appended</em> to
 * the trail merged so far: the difference is taken against the merged state, never against what one ingest instance
 * had cached, so two instances writing at once both keep their evidence. The trail keeps the newest
 * {@value #MAX_CONSENTS} records so the compacted record stays small. An ERASE forgets the recipient: null, written
 * as a tombstone.
 */
public final class PreferenceMerge {
    public static final int MAX_CONSENTS = 200;

    private PreferenceMerge() {
    }

    /** The merged preference after {@code event}, or null when the recipient is erased. */
    public static RecipientPreference apply(RecipientPreference current, PreferenceEvent event) {
        if (event.getType() == PreferenceEventType.ERASE) return null;
        Set<Key> before = current == null ? Set.of() : keys(current.getOptOuts());
        Set<Key> desired = keys(event.getOptOuts());
        List<ConsentRecord> consents = new ArrayList<>(current == null ? List.of() : current.getConsents());
        for (Key added : desired) {
            if (!before.contains(added)) consents.add(consent(added, false, event));
        }
        for (Key removed : before) {
            if (!desired.contains(removed)) consents.add(consent(removed, true, event));
        }
        if (consents.size() > MAX_CONSENTS) consents = consents.subList(consents.size() - MAX_CONSENTS, consents.size());
        // Versions only move forward: readers keep the newest by updatedAt, and ingest clocks may disagree.
        Instant updatedAt = current == null || event.getAt().isAfter(current.getUpdatedAt()) ? event.getAt()
                : current.getUpdatedAt();
        return RecipientPreference.newBuilder()
                .setTenantId(event.getTenantId())
                .setRecipientId(event.getRecipientId())
                .setOptOuts(desired.stream()
                        .map(o -> OptOut.newBuilder().setChannel(o.channel()).setCategory(o.category()).build())
                        .toList())
                .setQuietHours(event.getQuietHours())
                .setTimezone(event.getTimezone())
                .setConsents(new ArrayList<>(consents))
                .setUpdatedAt(updatedAt)
                .build();
    }

    /** An opt-out as a value: Avro records compare by schema too, so a plain pair keeps set semantics obvious. */
    private record Key(io.herald.contracts.Channel channel, String category) {
    }

    private static Set<Key> keys(List<OptOut> optOuts) {
        Set<Key> set = new LinkedHashSet<>();
        for (OptOut o : optOuts) set.add(new Key(o.getChannel(), o.getCategory()));
        return set;
    }

    private static ConsentRecord consent(Key about, boolean granted, PreferenceEvent event) {
        return ConsentRecord.newBuilder()
                .setChannel(about.channel())
                .setCategory(about.category())
                .setGranted(granted)
                .setAt(event.getAt())
                .setSource(event.getSource() == null ? "api" : event.getSource())
                .setActor(event.getActor())
                .setEvidence(event.getEvidence())
                .build();
    }
}
