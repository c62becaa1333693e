package io.herald.router.topology;

import io.herald.contracts.PreferenceEvent;
import io.herald.contracts.RecipientPreference;
import io.herald.router.preferences.PreferenceMerge;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The single writer of {@code notify.preference.v1}. Every ingest instance appends preference events keyed by
 * {@code tenant/recipientId}; this processor owns the partition of a key, so it alone folds that recipient's events,
 * in log order, into the merged preference ({@link PreferenceMerge}) and publishes it. The consent trail is only ever
 * appended to here: no instance's stale cache can drop another's evidence.
 *
 * <p>Its state is its own store (exactly-once with the output), not the compacted topic, which it would read back
 * later than it writes. A recipient it has never seen starts from the global preference view: what an older ingest
 * wrote straight to the topic before this writer existed. An erasure writes a tombstone, keeps a marker (so a change
 * right after it never starts from the view's not-yet-deleted copy) and is passed to every ledger partition.
 */
final class PreferenceWriter extends ContextualProcessor<String, PreferenceEvent, String, PreferenceWriter.Out> {
    static final String STORE = "router-preference-trail";

    /** The merged preference (Avro binary), or the time the recipient was erased. */
    record State(byte[] preference, Long erasedAtMs) {
    }

    /** What the writer produces: a merged version (null: a tombstone) or an erasure for the ledger. */
    sealed interface Out {
        record Merged(RecipientPreference preference) implements Out {
        }

        record Erased(Erasure erasure) implements Out {
        }
    }

    private KeyValueStore<String, State> store;
    private Views views;

    @Override
    public void init(ProcessorContext<String, Out> context) {
        super.init(context);
        store = context.getStateStore(STORE);
        views = new Views(context);
    }

    @Override
    public void process(Record<String, PreferenceEvent> record) {
        PreferenceEvent event = record.value();
        String key = event.getTenantId() + "/" + event.getRecipientId();
        RecipientPreference next = PreferenceMerge.apply(current(key, event), event);
        if (next == null) {
            store.put(key, new State(null, event.getAt().toEpochMilli()));
            context().forward(record.withKey(key).withValue(new Out.Merged(null)));
            context().forward(record.withKey(key).withValue(new Out.Erased(new Erasure(event.getTenantId(),
                    event.getRecipientId(), event.getEventId(), event.getAt().toEpochMilli()))));
            return;
        }
        store.put(key, new State(AvroBinary.encodePreference(next), null));
        context().forward(record.withKey(key).withValue(new Out.Merged(next)));
    }

    private RecipientPreference current(String key, PreferenceEvent event) {
        State state = store.get(key);
        if (state == null) return views.preference(event.getTenantId(), event.getRecipientId());
        return state.preference() == null ? null : AvroBinary.decodePreference(state.preference());
    }
}
