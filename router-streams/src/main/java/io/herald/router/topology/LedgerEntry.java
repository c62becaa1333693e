package io.herald.router.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The ledger's record of one notification: where it is, how it got there and the original request.
 *
 * @param state        latest meaningful OutcomeStatus name
 * @param channel      channel currently in charge (dispatched to or parked on)
 * @param exhausted    channels a worker reported exhausted (never retried by failover)
 * @param request      the original request, Avro binary; null until the intake arrived
 * @param pending      a CHANNEL_EXHAUSTED outcome that arrived before the intake, to act on once it does
 * @param dueAtMs      when a deferred (quiet hours) notification is to be routed again, or null when none is
 *                     scheduled; kept here so a new decision can find and delete the old schedule line
 * @param releases     how many replays released it while it was PARKED; bounds park/release cycles
 * @param terminalAtMs when it reached a terminal state (wall clock), or null while it has not; the request is
 *                     dropped then, and the entry is forgotten {@code router.ledger.retention} later
 * @param purgeAtMs    the due time of its line in the {@link LedgerRetention} index (one line per entry)
 * @param recipientKey {@code tenant/recipientId} while the entry is filed under it in the recipient index (erasure)
 * @param dedupSeenMs  when dedup let this life of the id through (wall clock), for a request keyed by its own id:
 *                     the entry is then the dedup proof ({@code Deduplicator} reads it; no dedup store line). Null for
 *                     entries of producer-chosen ids, entries no request created, and entries written before
 * @param fingerprint  ingest's body fingerprint of that request, or null
 */
public record LedgerEntry(String notificationId, String tenantId, String state, boolean terminal, String channel,
                          String provider, long updatedAtMs, List<TimelineEntry> timeline, Set<String> exhausted,
                          byte[] request, TimelineEntry pending, Long dueAtMs, int releases, Long terminalAtMs,
                          Long purgeAtMs, String recipientKey, Long dedupSeenMs, String fingerprint) {
    /** Timelines are bounded: the first entries say how it started, the last ones where it is. */
    static final int MAX_TIMELINE = 64;
    /** Timeline status of an erasure (not an OutcomeStatus: nothing is published for it). */
    static final String ERASED = "ERASED";

    static LedgerEntry empty(String notificationId, String tenantId) {
        return new LedgerEntry(notificationId, tenantId, null, false, null, null, 0, List.of(), Set.of(), null, null, null, 0, null,
                null, null, null, null);
    }

    /** An entry as written before the dedup fields (tests and older callers). */
    public LedgerEntry(String notificationId, String tenantId, String state, boolean terminal, String channel,
                       String provider, long updatedAtMs, List<TimelineEntry> timeline, Set<String> exhausted,
                       byte[] request, TimelineEntry pending, Long dueAtMs, int releases, Long terminalAtMs,
                       Long purgeAtMs, String recipientKey) {
        this(notificationId, tenantId, state, terminal, channel, provider, updatedAtMs, timeline, exhausted, request,
                pending, dueAtMs, releases, terminalAtMs, purgeAtMs, recipientKey, null, null);
    }

    /** This life of the id passed dedup at {@code seenMs} with body {@code fingerprint}: the entry is the dedup proof. */
    LedgerEntry withDedup(Long seenMs, String fingerprint) {
        return new LedgerEntry(notificationId, tenantId, state, terminal, channel, provider, updatedAtMs, timeline,
                exhausted, request, pending, dueAtMs, releases, terminalAtMs, purgeAtMs, recipientKey, seenMs, fingerprint);
    }

    LedgerEntry append(TimelineEntry entry) {
        List<TimelineEntry> next = new ArrayList<>(timeline);
        next.add(entry);
        if (next.size() > MAX_TIMELINE) next.remove(MAX_TIMELINE / 4);
        return new LedgerEntry(notificationId, tenantId, state, terminal, channel, provider,
                Math.max(updatedAtMs, entry.atMs()), List.copyOf(next), exhausted, request, pending, dueAtMs, releases, terminalAtMs, purgeAtMs,
                recipientKey, dedupSeenMs, fingerprint);
    }

    LedgerEntry withState(String state, boolean terminal, String channel, String provider) {
        return new LedgerEntry(notificationId, tenantId, state, terminal, channel, provider, updatedAtMs, timeline,
                exhausted, request, pending, dueAtMs, releases, terminalAtMs, purgeAtMs,
                recipientKey, dedupSeenMs, fingerprint);
    }

    LedgerEntry withRequest(byte[] request) {
        return new LedgerEntry(notificationId, tenantId, state, terminal, channel, provider, updatedAtMs, timeline,
                exhausted, request, pending, dueAtMs, releases, terminalAtMs, purgeAtMs,
                recipientKey, dedupSeenMs, fingerprint);
    }

    LedgerEntry withExhausted(Set<String> exhausted) {
        return new LedgerEntry(notificationId, tenantId, state, terminal, channel, provider, updatedAtMs, timeline,
                Set.copyOf(exhausted), request, pending, dueAtMs, releases, terminalAtMs, purgeAtMs,
                recipientKey, dedupSeenMs, fingerprint);
    }

    LedgerEntry withPending(TimelineEntry pending) {
        return new LedgerEntry(notificationId, tenantId, state, terminal, channel, provider, updatedAtMs, timeline,
                exhausted, request, pending, dueAtMs, releases, terminalAtMs, purgeAtMs,
                recipientKey, dedupSeenMs, fingerprint);
    }

    LedgerEntry withDueAt(Long dueAtMs) {
        return new LedgerEntry(notificationId, tenantId, state, terminal, channel, provider, updatedAtMs, timeline,
                exhausted, request, pending, dueAtMs, releases, terminalAtMs, purgeAtMs,
                recipientKey, dedupSeenMs, fingerprint);
    }

    LedgerEntry withReleases(int releases) {
        return new LedgerEntry(notificationId, tenantId, state, terminal, channel, provider, updatedAtMs, timeline,
                exhausted, request, pending, dueAtMs, releases, terminalAtMs, purgeAtMs,
                recipientKey, dedupSeenMs, fingerprint);
    }

    /**
     * Terminal since {@code nowMs}: the request (addresses, bodies) and any pending exhaustion are dropped, as
     * nothing can route it again; state, timeline and recipient key stay for status, replays and erasure.
     */
    LedgerEntry terminated(long nowMs) {
        return new LedgerEntry(notificationId, tenantId, state, terminal, channel, provider, updatedAtMs, timeline,
                exhausted, null, null, dueAtMs, releases, nowMs, purgeAtMs, recipientKey, dedupSeenMs, fingerprint);
    }

    LedgerEntry withPurgeAt(Long purgeAtMs) {
        return new LedgerEntry(notificationId, tenantId, state, terminal, channel, provider, updatedAtMs, timeline,
                exhausted, request, pending, dueAtMs, releases, terminalAtMs, purgeAtMs, recipientKey, dedupSeenMs, fingerprint);
    }

    LedgerEntry withRecipientKey(String recipientKey) {
        return new LedgerEntry(notificationId, tenantId, state, terminal, channel, provider, updatedAtMs, timeline,
                exhausted, request, pending, dueAtMs, releases, terminalAtMs, purgeAtMs, recipientKey, dedupSeenMs, fingerprint);
    }

    /**
     * Its recipient was erased at {@code nowMs}: the request, any pending exhaustion and the recipient key are gone,
     * and an ERASED line says so in the timeline (which never held addresses or bodies).
     */
    LedgerEntry erased(long nowMs) {
        LedgerEntry scrubbed = new LedgerEntry(notificationId, tenantId, state, terminal, channel, provider, updatedAtMs,
                timeline, exhausted, null, null, dueAtMs, releases, terminalAtMs, purgeAtMs, null, dedupSeenMs, fingerprint);
        return scrubbed.append(new TimelineEntry(nowMs, "ROUTER", ERASED, channel, null, null,
                "recipient erased at the tenant's request"));
    }

    /**
     * Whether {@code entry} belongs to an earlier life of its id, given that a first routing of the same id just
     * passed dedup: it was routed before (an ACCEPTED line), or it ended in the router without a worker ever
     * touching it (an invalid copy). An entry a worker's outcome created before this intake arrived (it can overtake
     * the ledger-intake hop) is this life's and is kept, ended or not.
     */
    static boolean previousLife(LedgerEntry entry) {
        if (entry == null) return false;
        boolean routed = entry.timeline().stream().anyMatch(t -> "ACCEPTED".equals(t.status()));
        boolean workerSeen = entry.timeline().stream().anyMatch(t -> "WORKER".equals(t.stage()));
        return routed || (entry.terminal() && !workerSeen);
    }

    /** Whether its recipient was erased (it can then never be routed again). */
    boolean recipientErased() {
        return timeline.stream().anyMatch(t -> ERASED.equals(t.status()));
    }

    /** Delivered already: nothing may dispatch it again. */
    boolean sent() {
        return "SENT".equals(state) || "DELIVERED".equals(state);
    }

    /** The exhausted channels, as channels. */
    java.util.Set<io.herald.contracts.Channel> exhaustedChannels() {
        java.util.Set<io.herald.contracts.Channel> channels = java.util.EnumSet.noneOf(io.herald.contracts.Channel.class);
        exhausted.forEach(name -> channels.add(io.herald.contracts.Channel.valueOf(name)));
        return channels;
    }
}
