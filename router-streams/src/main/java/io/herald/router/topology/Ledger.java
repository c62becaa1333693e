package io.herald.router.topology;

import io.herald.contracts.Channel;
import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.HealthState;
import io.herald.contracts.NotificationRequest;
import io.herald.contracts.OutcomeStatus;
import io.herald.contracts.Stage;
import io.herald.router.decision.Decider;
import io.herald.router.decision.Decision;
import io.herald.router.decision.ReplayAdmission;
import io.herald.router.decision.Situation;
import io.herald.schemas.HeraldHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The ledger: notificationId → state, timeline and original request. Fed by the request side's
 * intakes, by every non-router outcome, and by replays. It is where the router reacts after the
 * first routing: a worker's CHANNEL_EXHAUSTED becomes a failover or a park, and a replay is routed only
 * for a notification that is PARKED or unknown here (anything else is SKIPPED, see {@link ReplayAdmission}).
 * Nothing already SENT is ever dispatched again.
 *
 * <p>It also owns the {@link DeferralSchedule}: a notification deferred by quiet hours (by the request
 * side, a failover or a replay) is routed again by a wall-clock punctuator once due, through the same
 * {@link Decider}, so expiry, consent, pauses and health are all checked afresh at that time. A parked
 * notification is scheduled too, at its expiry: parked messages wait for a replay, and one that never
 * comes (an outage longer than the message's life) must still end in a terminal state, EXPIRED.
 */
final class Ledger extends ContextualProcessor<String, LedgerInput, String, Emit> {
    static final String STORE = "router-ledger";
    static final String RULE_ALREADY_SENT = ReplayAdmission.RULE_ALREADY_SENT;
    static final String RULE_ALREADY_EXPIRED = ReplayAdmission.RULE_ALREADY_EXPIRED;
    static final String RULE_EXPIRED_WHILE_PARKED = "expired-while-parked";
    static final String RULE_RELEASE_LIMIT = "release-limit";
    /** A tenant erased the recipient of a notification the ledger still held (parked, deferred, uncertain, unrouted). */
    static final String RULE_RECIPIENT_ERASED = "recipient-erased";
    /** A parked record released after the ledger forgot its notification (retention, erasure): never routed again. */
    static final String RULE_FORGOTTEN = "forgotten";
    /** States in which the ledger, not a worker, holds the notification: an erasure ends them FAILED at once. */
    private static final Set<String> HELD_HERE = Set.of("ACCEPTED", "PARKED", "UNCERTAIN");
    private static final Set<String> TERMINAL = Set.of("SENT", "DELIVERED", "FAILED", "EXPIRED", "SUPPRESSED", "DUPLICATE");
    /** Statuses that say where the notification is; the others (ACCEPTED, REPLAYED, SKIPPED) are only history. */
    private static final Set<String> INFORMATIVE_ONLY = Set.of("ACCEPTED", "REPLAYED", "SKIPPED");

    private final Decider decider;
    private final Verdicts verdicts;
    private final Duration deferTick;
    private final int maxReleases;
    private final DecisionListener listener;
    private final Duration retentionPeriod;
    private final Duration purgeInterval;
    private KeyValueStore<String, LedgerEntry> store;
    private DeferralSchedule schedule;
    private LedgerRetention retention;
    private RecipientIndex recipients;
    private Views views;

    /**
     * @param maxReleases how many times a replay may release a notification from PARKED; parked once more after
     *                    that, it ends FAILED ({@code HERALD_REPLAY_MAX_RELEASES})
     * @param retention   how long an entry is kept after its terminal state ({@code router.ledger.retention})
     * @param purgeInterval how often entries past their retention are deleted
     */
    Ledger(Decider decider, Verdicts verdicts, Duration deferTick, int maxReleases, Duration retention,
           Duration purgeInterval, DecisionListener listener) {
        this.decider = decider;
        this.verdicts = verdicts;
        this.deferTick = deferTick;
        this.maxReleases = maxReleases;
        this.retentionPeriod = retention;
        this.purgeInterval = purgeInterval;
        this.listener = listener;
    }

    @Override
    public void init(ProcessorContext<String, Emit> context) {
        super.init(context);
        store = context.getStateStore(STORE);
        schedule = new DeferralSchedule(context.getStateStore(DeferralSchedule.STORE));
        views = new Views(context);
        retention = new LedgerRetention(context.getStateStore(LedgerRetention.STORE), store, retentionPeriod);
        recipients = new RecipientIndex(context.getStateStore(RecipientIndex.STORE));
        context.schedule(deferTick, PunctuationType.WALL_CLOCK_TIME, this::releaseDue);
        context.schedule(purgeInterval, PunctuationType.WALL_CLOCK_TIME, this::purge);
    }

    @Override
    public void process(Record<String, LedgerInput> record) {
        if (record.value() instanceof LedgerInput.FromErasure erasure) {
            erase(erasure.erasure(), record);
            return;
        }
        String id = record.key();
        LedgerEntry entry = store.get(id);
        LedgerInput input = record.value();
        if (input instanceof LedgerInput.FromIntake intake) {
            entry = onIntake(id, entry, intake.intake(), record);
        } else if (input instanceof LedgerInput.FromOutcome outcome) {
            entry = onOutcome(id, entry, outcome.outcome(), record);
        } else if (input instanceof LedgerInput.FromReplay replay) {
            entry = onReplay(id, entry, replay.request(), record);
        }
        if (entry != null) save(entry, input instanceof LedgerInput.FromIntake intake ? intake.recipientKey() : null);
    }

    private void save(LedgerEntry e) {
        save(e, null);
    }

    /**
     * Stores an entry. One that just became terminal loses its request (addresses, bodies: nothing can route it
     * again) and is filed for deletion a retention later; any other gets a retention line if it has none.
     */
    private void save(LedgerEntry e, String knownRecipientKey) {
        long nowMs = context().currentSystemTimeMs();
        if (e.recipientKey() == null && e.request() != null) {
            // Filed by recipient while it holds the request, so an erasure finds it until it is forgotten. The
            // recipient is known without decoding when this task decided the request (a notification's tenant and
            // recipient never change).
            e = recipients.file(e, knownRecipientKey != null ? knownRecipientKey
                    : RecipientIndex.recipientKey(AvroBinary.decode(e.request())));
        }
        if (e.terminal() && e.terminalAtMs() == null) {
            // A replay released after the ledger forgot it must find it expired: keep it past its expiry as well.
            long expiresAtMs = e.request() == null ? 0 : verdicts.expiresAt(AvroBinary.decode(e.request())).toEpochMilli();
            e = schedule.cancel(e).terminated(nowMs);
            e = retention.moveTo(e, Math.max(nowMs, expiresAtMs) + retentionPeriod.toMillis());
        } else {
            e = retention.ensureLine(e, nowMs);
        }
        store.put(e.notificationId(), e);
    }

    /**
     * Forgets a recipient in this partition: every notification filed under it loses its request (addresses,
     * bodies) and recipient key at once, and one the ledger still holds ends FAILED (rule recipient-erased) instead
     * of waiting for a release or a quiet-hours end that would send it. One already handed to a worker ends with the
     * worker's outcome; if that is an exhaustion, it ends FAILED here too (no request is left to fail over with).
     * The entries are then forgotten like any terminal entry, a retention later.
     */
    private void erase(Erasure erasure, Record<String, ?> record) {
        long nowMs = context().currentSystemTimeMs();
        Instant now = Instant.ofEpochMilli(nowMs);
        for (org.apache.kafka.streams.KeyValue<String, String> line : recipients.of(erasure.recipientKey())) {
            recipients.dropLine(line.key);
            LedgerEntry e = store.get(line.value);
            if (e == null) continue;
            boolean held = !e.terminal() && e.request() != null && heldHere(e);
            e = schedule.cancel(e);
            if (held) {
                NotificationRequest request = AvroBinary.decode(e.request());
                Channel channel = e.channel() == null ? null : Channel.valueOf(e.channel());
                Map<String, HealthState> health = views.health();
                DeliveryOutcome failed = Verdicts.outcome(request, OutcomeStatus.FAILED, channel, null, null,
                        "recipient erased at the tenant's request", now, verdicts.context(RULE_RECIPIENT_ERASED, health));
                e = emit(e, request, List.of(new Emit.Outcome(failed)), record.timestamp(), record.headers());
            }
            save(e.erased(nowMs));
        }
    }

    /**
     * Whether the ledger holds it: never routed, parked, uncertain, or deferred by quiet hours on its own schedule (a
     * worker's DEFERRED is a retry on its way, with no line in the schedule).
     */
    private static boolean heldHere(LedgerEntry e) {
        if (e.state() == null || HELD_HERE.contains(e.state())) return true;
        return "DEFERRED".equals(e.state()) && e.dueAtMs() != null;
    }

    /** An erased notification a worker gave back cannot fail over (its request is gone): it ends FAILED. */
    private LedgerEntry endErased(LedgerEntry e, DeliveryOutcome exhausted, Record<String, ?> record) {
        Instant now = now();
        DeliveryOutcome failed = DeliveryOutcome.newBuilder(exhausted)
                .setEventId(e.notificationId() + "/FAILED/" + RULE_RECIPIENT_ERASED + "/" + now.toEpochMilli())
                .setAt(now).setStage(Stage.ROUTER).setStatus(OutcomeStatus.FAILED).setAttempt(0).setErrorClass(null)
                .setDetail("recipient erased at the tenant's request; not failed over")
                .setDecision(verdicts.context(RULE_RECIPIENT_ERASED, views.health())).build();
        listener.decided(failed);
        context().forward(new Record<>(e.notificationId(), (Emit) new Emit.Outcome(failed), record.timestamp(),
                record.headers()));
        return apply(e, TimelineEntry.of(failed));
    }

    /** Forgets entries past their retention (changelog tombstones) and files unfiled ones, bounded per run. */
    private void purge(long nowMs) {
        retention.run(nowMs, request -> verdicts.expiresAt(AvroBinary.decode(request)).toEpochMilli(), this::forget,
                this::save);
    }

    private void forget(LedgerEntry e) {
        schedule.cancel(e);
        retention.drop(e);
        recipients.drop(e);
        store.delete(e.notificationId());
    }

    private LedgerEntry onIntake(String id, LedgerEntry entry, LedgerIntake intake, Record<String, ?> record) {
        if (intake.request() != null && LedgerEntry.previousLife(entry)) {
            // Dedup let this request through, so the entry for its (deterministic) id is from an earlier use of
            // the same key, past router.dedup.window: a new notification starts a new life of the id.
            forget(entry);
            entry = null;
        }
        LedgerEntry e = entry != null ? entry : LedgerEntry.empty(id, intake.tenantId());
        if (intake.request() == null && e.state() != null) {
            // A DUPLICATE (or an invalid copy) of a notification the ledger already follows: history, its state stands.
            for (TimelineEntry t : intake.timeline()) e = e.append(t);
            return e;
        }
        for (TimelineEntry t : intake.timeline()) e = apply(e, t);
        if (intake.request() == null) return e;
        e = e.withRequest(intake.request());
        if (intake.dedupSeenMs() != null) e = e.withDedup(intake.dedupSeenMs(), intake.fingerprint());
        if (intake.deferredUntilMs() != null) e = schedule.add(e, Instant.ofEpochMilli(intake.deferredUntilMs()));
        if (e.pending() != null) {
            // A worker's exhaustion overtook the intake; act on it now that the request is known.
            TimelineEntry pending = e.pending();
            e = failover(e.withPending(null), Channel.valueOf(pending.channel()), pending.provider(),
                    pending.providerCode(), 0, record);
        }
        return watchExpiry(e);
    }

    private LedgerEntry onOutcome(String id, LedgerEntry entry, DeliveryOutcome outcome, Record<String, ?> record) {
        if (outcome.getStage() == Stage.ROUTER) return entry; // our own decisions reach the ledger as intakes
        LedgerEntry e = entry != null ? entry : LedgerEntry.empty(id, outcome.getTenantId());
        TimelineEntry line = TimelineEntry.of(outcome);
        if (outcome.getStatus() != OutcomeStatus.CHANNEL_EXHAUSTED) return apply(e, line);
        e = e.append(line);
        if (outcome.getChannel() == null) return e; // nothing to fail over from
        if (e.request() == null && e.recipientErased()) return e.terminal() ? e : endErased(e, outcome, record);
        if (e.request() == null) return e.withPending(line);
        return failover(e, outcome.getChannel(), outcome.getProvider(), outcome.getProviderCode(), outcome.getAttempt(),
                record);
    }

    private LedgerEntry failover(LedgerEntry e, Channel exhausted, String provider, String providerCode, int attempts,
                                 Record<String, ?> record) {
        if (e.sent() || e.terminal()) return e; // never dispatch again what is done
        if (e.channel() != null && !e.channel().equals(exhausted.name())) return e; // stale: already moved on
        if (e.exhausted().contains(exhausted.name())) return e; // the same exhaustion reported twice
        Set<String> exhaustedNames = new HashSet<>(e.exhausted());
        exhaustedNames.add(exhausted.name());
        e = e.withExhausted(exhaustedNames);
        NotificationRequest request = AvroBinary.decode(e.request());
        Instant now = now();
        Map<String, HealthState> health = views.health();
        Situation situation = new Situation(now, preference(request), health, views.pauses(), e.exhaustedChannels(), exhausted);
        Decision decision = decider.decide(request, situation);
        Verdicts.Cause cause = new Verdicts.Cause(OutcomeStatus.FAILED_OVER, List.of(), provider, providerCode, attempts);
        return carryOut(e, request, decision, health, now, cause, record.timestamp(), record.headers());
    }

    private LedgerEntry onReplay(String id, LedgerEntry entry, NotificationRequest request, Record<String, ?> record) {
        if (request == null) return entry;
        Instant now = now();
        Map<String, HealthState> health = views.health();
        // Only what waits (PARKED) or was never routed (unknown here) is released; see ReplayAdmission.
        boolean resendUncertain = "true".equalsIgnoreCase(
                HeraldHeaders.get(record.headers(), HeraldHeaders.REPLAY_RESEND_UNCERTAIN));
        Optional<ReplayAdmission.Refusal> refusal =
                ReplayAdmission.refusal(entry == null ? null : entry.state(), resendUncertain);
        if (entry == null && releasedFromParked(record.headers())) {
            // Only the ledger parks, so a parked record it does not know was forgotten (retention or erasure). The
            // SKIPPED line is not kept: an entry without a state would admit the next copy of the same record.
            Decision skip = new Decision.Skip("forgotten by the ledger (retention or erasure): a parked record is never "
                    + "routed again after that", RULE_FORGOTTEN);
            carryOutSkip(LedgerEntry.empty(id, request.getTenantId()), request, skip, health, now, record);
            return null;
        }
        if (refusal.isPresent()) {
            Decision skip = new Decision.Skip(refusal.get().detail(), refusal.get().rule());
            return carryOutSkip(entry, request, skip, health, now, record);
        }
        LedgerEntry e = (entry != null ? entry : LedgerEntry.empty(id, request.getTenantId()))
                .withRequest(AvroBinary.encode(request)).withExhausted(Set.of());
        if ("PARKED".equals(e.state())) e = e.withReleases(e.releases() + 1);
        e = e.withState(e.state(), false, e.channel(), e.provider());
        DeliveryOutcome replayed = Verdicts.outcome(request, OutcomeStatus.REPLAYED, null, null, null,
                replayDetail(record.headers()), now, verdicts.context("replay-intake", health));
        e = emit(e, request, List.of(new Emit.Outcome(replayed)), record.timestamp(), record.headers());
        Decision decision = decider.decide(request, Situation.released(now, preference(request), health, views.pauses()));
        return carryOut(e, request, decision, health, now, Verdicts.Cause.firstRouting(), record.timestamp(),
                record.headers());
    }

    /**
     * A refused replay only adds its SKIPPED line: the entry keeps its request, exhausted channels and
     * schedule (a parked expiry or a quiet-hours deferral still stands).
     */
    private LedgerEntry carryOutSkip(LedgerEntry entry, NotificationRequest request, Decision skip,
                                     Map<String, HealthState> health, Instant now, Record<String, ?> record) {
        return emit(entry, request, verdicts.carryOut(request, skip, health, now, Verdicts.Cause.firstRouting()),
                record.timestamp(), record.headers());
    }

    /** Routes every notification whose deferral is due, a bounded number per run. */
    private void releaseDue(long nowMs) {
        for (String key : schedule.due(nowMs)) {
            schedule.drop(key);
            String id = DeferralSchedule.notificationId(key);
            LedgerEntry e = store.get(id);
            // A line the entry no longer points at was superseded; its own line is still in the index.
            if (e == null || e.dueAtMs() == null || e.dueAtMs() != DeferralSchedule.dueMs(key)) continue;
            e = e.withDueAt(null);
            if (!e.sent() && !e.terminal() && e.request() != null) {
                e = "PARKED".equals(e.state()) ? expireParked(e, nowMs) : routeDue(e, nowMs);
            }
            save(e);
        }
    }

    /**
     * Routes a deferred notification now, as a first routing would, except that channels a worker
     * already exhausted stay excluded: a deferred failover goes on as a failover.
     */
    private LedgerEntry routeDue(LedgerEntry e, long nowMs) {
        NotificationRequest request = AvroBinary.decode(e.request());
        Instant now = Instant.ofEpochMilli(nowMs);
        Map<String, HealthState> health = views.health();
        TimelineEntry exhaustion = lastExhaustion(e);
        if (e.exhausted().isEmpty() || exhaustion == null) {
            Decision decision = decider.decide(request, Situation.fresh(now, preference(request), health, views.pauses()));
            return carryOut(e, request, decision, health, now, Verdicts.Cause.firstRouting(), nowMs, new RecordHeaders());
        }
        Situation situation = new Situation(now, preference(request), health, views.pauses(), e.exhaustedChannels(),
                Channel.valueOf(exhaustion.channel()));
        Verdicts.Cause cause = new Verdicts.Cause(OutcomeStatus.FAILED_OVER, List.of(), exhaustion.provider(),
                exhaustion.providerCode(), 0);
        return carryOut(e, request, decider.decide(request, situation), health, now, cause, nowMs, new RecordHeaders());
    }

    /** A parked notification still waiting at its expiry is EXPIRED; its parked record, if replayed later, is skipped. */
    private LedgerEntry expireParked(LedgerEntry e, long nowMs) {
        NotificationRequest request = AvroBinary.decode(e.request());
        Instant expiresAt = verdicts.expiresAt(request);
        Instant now = Instant.ofEpochMilli(nowMs);
        if (now.isBefore(expiresAt)) return schedule.add(e, expiresAt); // a replay brought a newer request
        return carryOut(e, request, new Decision.Expire(expiresAt, RULE_EXPIRED_WHILE_PARKED), views.health(), now,
                Verdicts.Cause.firstRouting(), nowMs, new RecordHeaders());
    }

    /** Schedules a parked notification's expiry, unless something else is scheduled for it already. */
    private LedgerEntry watchExpiry(LedgerEntry e) {
        if (!"PARKED".equals(e.state()) || e.dueAtMs() != null || e.request() == null) return e;
        return schedule.add(e, verdicts.expiresAt(AvroBinary.decode(e.request())));
    }

    private static TimelineEntry lastExhaustion(LedgerEntry e) {
        for (int i = e.timeline().size() - 1; i >= 0; i--) {
            TimelineEntry t = e.timeline().get(i);
            if ("CHANNEL_EXHAUSTED".equals(t.status()) && t.channel() != null) return t;
        }
        return null;
    }

    /**
     * Carries out a decision taken here. It supersedes any scheduled routing (one line per notification,
     * so a replay or a failover never leaves a second dispatch waiting), and a deferral is scheduled.
     */
    private LedgerEntry carryOut(LedgerEntry e, NotificationRequest request, Decision decision,
                                 Map<String, HealthState> health, Instant now, Verdicts.Cause cause, long timestamp,
                                 Headers headers) {
        e = schedule.cancel(e);
        if (decision instanceof Decision.Park park && e.releases() >= maxReleases) {
            return giveUp(e, request, park, health, now, cause, timestamp, headers);
        }
        e = emit(e, request, verdicts.carryOut(request, decision, health, now, cause), timestamp, headers);
        Optional<Instant> deferredUntil = Verdicts.deferredUntil(decision, now);
        return deferredUntil.isPresent() ? schedule.add(e, deferredUntil.get()) : watchExpiry(e);
    }

    /**
     * Parked again after its last allowed release: whatever keeps failing (a webhook host that does not resolve,
     * a provider that keeps deferring this recipient) did not change with the releases, and another cycle would
     * only repeat until expiry. It ends FAILED, with the park reason and the count in the detail.
     */
    private LedgerEntry giveUp(LedgerEntry e, NotificationRequest request, Decision.Park park,
                               Map<String, HealthState> health, Instant now, Verdicts.Cause cause, long timestamp,
                               Headers headers) {
        String detail = "parked again after " + e.releases() + " release" + (e.releases() == 1 ? "" : "s") + ": "
                + park.reason();
        DeliveryOutcome failed = Verdicts.outcome(request, OutcomeStatus.FAILED, park.channel(), cause.provider(),
                cause.providerCode(), detail, now, verdicts.context(RULE_RELEASE_LIMIT, health));
        return emit(e, request, List.of(new Emit.Outcome(failed)), timestamp, headers);
    }

    /** Forwards the emits and records the router's own outcomes in the entry. */
    private LedgerEntry emit(LedgerEntry e, NotificationRequest request, List<Emit> emits, long timestamp,
                             Headers headers) {
        for (Emit emit : emits) {
            if (emit instanceof Emit.Outcome o) {
                listener.decided(o.outcome());
                e = apply(e, TimelineEntry.of(o.outcome()));
            }
            context().forward(new Record<>(request.getNotificationId(), emit, timestamp, headers));
        }
        return e;
    }

    /** Adds a timeline line and moves the state, never out of a terminal state (except SENT → DELIVERED). */
    static LedgerEntry apply(LedgerEntry e, TimelineEntry t) {
        e = e.append(t);
        if (INFORMATIVE_ONLY.contains(t.status())) return e;
        boolean upgrade = "SENT".equals(e.state()) && "DELIVERED".equals(t.status());
        if (e.terminal() && !upgrade) return e;
        String channel = t.channel() != null ? t.channel() : e.channel();
        String provider = t.provider() != null ? t.provider() : e.provider();
        return e.withState(t.status(), TERMINAL.contains(t.status()), channel, provider);
    }

    private io.herald.contracts.RecipientPreference preference(NotificationRequest request) {
        return views.preference(request.getTenantId(), request.getRecipient().getRecipientId());
    }

    private Instant now() {
        return Instant.ofEpochMilli(context().currentSystemTimeMs());
    }

    private static boolean releasedFromParked(Headers headers) {
        String source = HeraldHeaders.get(headers, HeraldHeaders.REPLAY_SOURCE_TOPIC);
        return source != null && source.startsWith("notify.parked.");
    }

    private static String replayDetail(Headers headers) {
        String by = HeraldHeaders.get(headers, HeraldHeaders.REPLAY_BY);
        String replayId = HeraldHeaders.get(headers, HeraldHeaders.REPLAY_ID);
        return "replay" + (replayId != null ? " " + replayId : "") + (by != null ? " by " + by : "");
    }
}
