package io.herald.router.topology;

import io.herald.contracts.DecisionContext;
import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.NotificationRequest;
import io.herald.contracts.OutcomeStatus;
import io.herald.router.decision.DuplicateRule;
import io.herald.schemas.HeraldHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Drops a request whose dedup key (the record key: the deterministic notification id of its tenant and
 * idempotency key, see {@link RequestKeys}) was seen within the window, with a DUPLICATE outcome. When the
 * duplicate carries the same notificationId as the key (the current contract), this task owns its ledger entry
 * and the DUPLICATE line is added to that entry's timeline (history only: the original's state stands). Keys live in a persistent store; a second, time-ordered index lets a
 * wall-clock punctuator purge expired keys by range scan instead of scanning every key, which keeps
 * the store bounded by the window's traffic.
 */
final class Deduplicator extends ContextualProcessor<String, NotificationRequest, String, Emit> {
    static final String STORE = "router-dedup";
    static final String EXPIRY_INDEX = "router-dedup-expiry";
    static final String RULE = DuplicateRule.SEEN;
    /** Bounds one purge run so a backlog of expired keys never stalls processing. */
    static final int MAX_PURGE_PER_RUN = 50_000;

    /**
     * What the store remembers about a key: when it was first seen, which notification it was, and ingest's body
     * fingerprint of that first copy (null when it carried none, or was remembered by an older router).
     */
    record Seen(long firstSeenMs, String notificationId, String fingerprint) {
    }

    private final Duration window;
    private final Duration purgeInterval;
    private final DecisionListener listener;
    private KeyValueStore<String, Seen> seen;
    private KeyValueStore<String, String> expiryIndex;
    private KeyValueStore<String, LedgerEntry> ledger;

    /** Whether this task's ledger proves an id-keyed request was seen (the main router); else the store remembers every key. */
    private final boolean ledgerProof;

    Deduplicator(Duration window, Duration purgeInterval, DecisionListener listener) {
        this(window, purgeInterval, listener, true);
    }

    Deduplicator(Duration window, Duration purgeInterval, DecisionListener listener, boolean ledgerProof) {
        this.window = window;
        this.purgeInterval = purgeInterval;
        this.listener = listener;
        this.ledgerProof = ledgerProof;
    }

    @Override
    public void init(ProcessorContext<String, Emit> context) {
        super.init(context);
        seen = context.getStateStore(STORE);
        expiryIndex = context.getStateStore(EXPIRY_INDEX);
        ledger = ledgerProof ? context.getStateStore(Ledger.STORE) : null;
        context.schedule(purgeInterval, PunctuationType.WALL_CLOCK_TIME, this::purge);
    }

    @Override
    public void process(Record<String, NotificationRequest> record) {
        long now = context().currentSystemTimeMs();
        NotificationRequest request = record.value();
        Seen previous = previous(record.key(), now);
        String fingerprint = HeraldHeaders.get(record.headers(), HeraldHeaders.INGEST_FINGERPRINT);
        if (isDuplicate(previous, now)) {
            listener.duplicate(request.getTenantId());
            DuplicateRule.Verdict verdict = DuplicateRule.judge(previous.notificationId(), previous.fingerprint(), fingerprint);
            DeliveryOutcome duplicate = Verdicts.outcome(request, OutcomeStatus.DUPLICATE, null, null, null,
                    verdict.detail(), Instant.ofEpochMilli(now), DecisionContext.newBuilder().setRule(verdict.rule()).build());
            listener.decided(duplicate);
            String id = request.getNotificationId();
            context().forward(new Record<String, Emit>(id, new Emit.Outcome(duplicate), record.timestamp(),
                    record.headers()));
            if (id.equals(record.key())) {
                // Same id as the original: the status API shows the duplicate in the original's timeline.
                LedgerIntake line = new LedgerIntake(request.getTenantId(), null, List.of(TimelineEntry.of(duplicate)),
                        null, null);
                context().forward(new Record<String, Emit>(id, new Emit.Intake(line, true), record.timestamp()));
            }
            return;
        }
        // Keyed by its own id, this task's ledger entry (written by the intake right after routing) is the proof.
        if (ledger == null || !request.getNotificationId().equals(record.key())) remember(record.key(), request.getNotificationId(), fingerprint, now);
        context().forward(record.withValue(new Emit.Next(request)));
    }

    /**
     * What was seen under {@code key} within the window: the ledger entry of the id (requests keyed by their own
     * id), else a line of the dedup store (producer-chosen ids, and lines written before the ledger was the proof).
     */
    private Seen previous(String key, long now) {
        LedgerEntry entry = ledger == null ? null : ledger.get(key);
        if (entry != null && entry.dedupSeenMs() != null) {
            Seen fromLedger = new Seen(entry.dedupSeenMs(), entry.notificationId(), entry.fingerprint());
            if (isDuplicate(fromLedger, now)) return fromLedger;
        }
        return seen.get(key);
    }

    private boolean isDuplicate(Seen previous, long now) {
        // An entry older than the window may survive until the next purge: it no longer counts.
        return previous != null && now - previous.firstSeenMs() < window.toMillis();
    }

    private void remember(String key, String notificationId, String fingerprint, long now) {
        seen.put(key, new Seen(now, notificationId, fingerprint));
        expiryIndex.put(indexKey(now, key), key);
    }

    private void purge(long now) {
        String upTo = indexKey(now - window.toMillis(), "");
        List<KeyValue<String, String>> expired = new ArrayList<>();
        try (KeyValueIterator<String, String> it = expiryIndex.range(indexKey(0, ""), upTo)) {
            while (it.hasNext() && expired.size() < MAX_PURGE_PER_RUN) expired.add(it.next());
        }
        for (KeyValue<String, String> entry : expired) {
            expiryIndex.delete(entry.key);
            Seen current = seen.get(entry.value);
            // The key may have been seen again after its window: only delete the entry this index line made.
            if (current != null && now - current.firstSeenMs() >= window.toMillis()) seen.delete(entry.value);
        }
    }

    /** Fixed-width hex time first, so lexicographic order is time order. */
    static String indexKey(long timeMs, String key) {
        String hex = Long.toHexString(Math.max(0, timeMs));
        return "0000000000000000".substring(hex.length()) + hex + "|" + key;
    }
}
