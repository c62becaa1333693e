package io.herald.router.topology;

import io.herald.contracts.HealthState;
import io.herald.contracts.NotificationRequest;
import io.herald.router.decision.Decider;
import io.herald.router.decision.Decision;
import io.herald.router.decision.Situation;
import io.herald.schemas.HeraldHeaders;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Routes a new, unique request: consults the global views (preferences, provider health, operator
 * pauses), asks the {@link Decider}, and emits the dispatch or parked record with its outcome, plus a
 * ledger intake for the notification's partition. A notification deferred by quiet hours gets only its
 * DEFERRED outcome here; the intake carries the due time to the ledger, which schedules it. Routing happens here, on the request's partition,
 * so a request reaches its lane without waiting for a repartition hop.
 */
final class ChannelSelector extends ContextualProcessor<String, NotificationRequest, String, Emit> {
    private final Decider decider;
    private final Verdicts verdicts;
    private final DecisionListener listener;
    private Views views;

    ChannelSelector(Decider decider, Verdicts verdicts, DecisionListener listener) {
        this.decider = decider;
        this.verdicts = verdicts;
        this.listener = listener;
    }

    @Override
    public void init(ProcessorContext<String, Emit> context) {
        super.init(context);
        views = new Views(context);
    }

    @Override
    public void process(Record<String, NotificationRequest> record) {
        NotificationRequest request = record.value();
        Instant now = Instant.ofEpochMilli(context().currentSystemTimeMs());
        Map<String, HealthState> health = views.health();
        Situation situation = Situation.fresh(now,
                views.preference(request.getTenantId(), request.getRecipient().getRecipientId()), health, views.pauses());
        Decision decision = decider.decide(request, situation);
        List<Emit> emits = verdicts.carryOut(request, decision, health, now, Verdicts.Cause.firstRouting());
        String id = request.getNotificationId();
        List<TimelineEntry> timeline = new ArrayList<>(2);
        // The timeline starts where the notification entered Herald: its request on the request topic.
        timeline.add(TimelineEntry.accepted(record.timestamp()));
        String channel = null;
        for (Emit emit : emits) {
            if (emit instanceof Emit.Outcome o) {
                listener.decided(o.outcome());
                timeline.add(TimelineEntry.of(o.outcome()));
                if (o.outcome().getChannel() != null) channel = o.outcome().getChannel().name();
            }
            context().forward(new Record<>(id, emit, record.timestamp(), record.headers()));
        }
        // A deferral has no record of its own to send: the ledger, which owns the schedule, learns it here.
        Long deferredUntil = Verdicts.deferredUntil(decision, now).map(Instant::toEpochMilli).orElse(null);
        // Keyed by its own id, the ledger entry is the dedup proof for this life of the id (Deduplicator reads it).
        boolean local = id.equals(record.key());
        LedgerIntake intake = new LedgerIntake(request.getTenantId(), AvroBinary.encode(request), timeline, channel,
                deferredUntil, local ? now.toEpochMilli() : null,
                local ? HeraldHeaders.get(record.headers(), HeraldHeaders.INGEST_FINGERPRINT) : null);
        // Keyed by its own id (RequestKeys.current, or re-keyed and carrying the deterministic id): this task owns
        // its ledger entry, no repartition hop.
        context().forward(new Record<String, Emit>(id, new Emit.Intake(intake, local, RecipientIndex.recipientKey(request)),
                record.timestamp()));
    }
}
