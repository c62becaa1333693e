package io.herald.ingest.preferences;

import io.herald.contracts.OptOut;
import io.herald.contracts.PreferenceEvent;
import io.herald.contracts.PreferenceEventType;
import io.herald.contracts.QuietHours;
import io.herald.ingest.tenancy.Caller;
import java.time.Instant;

/**
 * The pure step behind a preferences PUT or an erasure: the {@link PreferenceEvent} this instance appends. It
 * carries the full desired state and the evidence (source, actor = API key id, proof), not a consent trail: the
 * router, the single writer per recipient, appends the consent records it implies to the merged trail. Building
 * the trail here, from this instance's cache, lost whatever another instance (or the topic, ahead of a lagging
 * cache) had recorded meanwhile.
 */
public final class PreferenceChange {
    private PreferenceChange() {
    }

    public static PreferenceEvent set(String tenantId, String recipientId, PreferenceInput desired, Caller actor,
                                      Instant now, String eventId, String instanceId) {
        return PreferenceEvent.newBuilder()
                .setEventId(eventId)
                .setTenantId(tenantId)
                .setRecipientId(recipientId)
                .setAt(now)
                .setType(PreferenceEventType.SET)
                .setOptOuts(desired.optOuts().stream()
                        .map(o -> OptOut.newBuilder().setChannel(o.channel()).setCategory(o.category()).build())
                        .toList())
                .setQuietHours(desired.quietHours() == null ? null : QuietHours.newBuilder()
                        .setStartMinute(desired.quietHours().startMinute())
                        .setEndMinute(desired.quietHours().endMinute())
                        .setTimezone(desired.quietHours().timezone())
                        .build())
                .setTimezone(desired.timezone())
                .setSource(desired.source())
                .setActor(actor.keyId())
                .setEvidence(desired.proof())
                .setInstanceId(instanceId)
                .build();
    }

    /** A tenant's request to forget the recipient: preferences tombstone, ledger entries scrubbed (by the router). */
    public static PreferenceEvent erase(String tenantId, String recipientId, Caller actor, Instant now, String eventId,
                                        String instanceId) {
        return PreferenceEvent.newBuilder()
                .setEventId(eventId)
                .setTenantId(tenantId)
                .setRecipientId(recipientId)
                .setAt(now)
                .setType(PreferenceEventType.ERASE)
                .setActor(actor.keyId())
                .setInstanceId(instanceId)
                .build();
    }
}
