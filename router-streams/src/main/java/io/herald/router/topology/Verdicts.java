package io.herald.router.topology;

import io.herald.contracts.Channel;
import io.herald.contracts.DecisionContext;
import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.DispatchCommand;
import io.herald.contracts.HealthState;
import io.herald.contracts.NotificationRequest;
import io.herald.contracts.OutcomeStatus;
import io.herald.contracts.ParkedNotification;
import io.herald.contracts.RouteStep;
import io.herald.contracts.Stage;
import io.herald.router.decision.Addresses;
import io.herald.router.decision.Decision;
import io.herald.router.decision.ExpiryPolicy;
import io.herald.router.decision.RoutingPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Turns a {@link Decision} into the records that carry it out: a dispatch command or a parked
 * notification, plus the outcome with its decision context (rule and health states seen). A dispatch
 * that may not start yet (quiet hours) is only a DEFERRED outcome; the caller schedules it.
 */
final class Verdicts {
    private final RoutingPolicy policy;
    private final ExpiryPolicy expiry;

    Verdicts(RoutingPolicy policy, ExpiryPolicy expiry) {
        this.policy = policy;
        this.expiry = expiry;
    }

    /** Where a notification came from, for the outcome and the parked record. */
    record Cause(OutcomeStatus dispatchStatus, List<RouteStep> history, String provider, String providerCode,
                 int attempts) {
        static Cause firstRouting() {
            return new Cause(OutcomeStatus.ROUTED, List.of(), null, null, 0);
        }
    }

    /** When {@code request} expires: its own {@code expiresAt}, or its priority's default. */
    Instant expiresAt(NotificationRequest request) {
        return expiry.expiresAt(request);
    }

    /** The emits for {@code decision}; the outcome is always last. */
    List<Emit> carryOut(NotificationRequest request, Decision decision, Map<String, HealthState> health, Instant now,
                        Cause cause) {
        DecisionContext context = context(decision.rule(), health);
        List<Emit> out = new ArrayList<>(2);
        Optional<Instant> deferredUntil = deferredUntil(decision, now);
        if (deferredUntil.isPresent()) {
            // No dispatch record: workers do not hold lane partitions for hours, the ledger schedules it instead.
            Decision.Dispatch d = (Decision.Dispatch) decision;
            DeliveryOutcome deferred = outcome(request, OutcomeStatus.DEFERRED, d.channel(), null, null,
                    "quiet hours until " + deferredUntil.get(), now, context);
            deferred.setNextAttemptAt(deferredUntil.get());
            out.add(new Emit.Outcome(deferred));
        } else if (decision instanceof Decision.Dispatch d) {
            out.add(new Emit.Dispatch(command(request, d, now, cause)));
            out.add(new Emit.Outcome(outcome(request, cause.dispatchStatus(), d.channel(), d.providers().get(0), null,
                    null, now, context)));
        } else if (decision instanceof Decision.Park p) {
            out.add(new Emit.Park(parked(request, p, now, cause)));
            out.add(new Emit.Outcome(outcome(request, OutcomeStatus.PARKED, p.channel(), cause.provider(),
                    cause.providerCode(), p.reason(), now, context)));
        } else if (decision instanceof Decision.Expire e) {
            out.add(new Emit.Outcome(outcome(request, OutcomeStatus.EXPIRED, null, null, null,
                    "expired at " + e.expiresAt(), now, context)));
        } else if (decision instanceof Decision.Suppress s) {
            out.add(new Emit.Outcome(outcome(request, OutcomeStatus.SUPPRESSED, null, null, null, s.detail(), now, context)));
        } else if (decision instanceof Decision.Skip s) {
            out.add(new Emit.Outcome(outcome(request, OutcomeStatus.SKIPPED, null, null, null, s.detail(), now, context)));
        }
        return out;
    }

    /**
     * When {@code decision} may not be dispatched before a later instant (quiet hours): that instant, at
     * which the ledger routes the notification again. Empty when it may be carried out now.
     */
    static Optional<Instant> deferredUntil(Decision decision, Instant now) {
        if (!(decision instanceof Decision.Dispatch d) || d.notBefore() == null) return Optional.empty();
        return d.notBefore().isAfter(now) ? Optional.of(d.notBefore()) : Optional.empty();
    }

    DispatchCommand command(NotificationRequest request, Decision.Dispatch d, Instant now, Cause cause) {
        List<RouteStep> history = new ArrayList<>(cause.history());
        history.add(RouteStep.newBuilder().setAt(now).setChannel(d.channel()).setProvider(d.providers().get(0))
                .setStatus(cause.dispatchStatus()).setRule(d.rule()).build());
        return DispatchCommand.newBuilder()
                .setNotificationId(request.getNotificationId())
                .setTenantId(request.getTenantId())
                .setChannel(d.channel())
                .setLane(request.getPriority())
                .setCategory(request.getCategory())
                .setRecipientId(request.getRecipient().getRecipientId())
                .setAddress(Addresses.of(request.getRecipient(), d.channel()))
                .setLocale(request.getRecipient().getLocale())
                .setContent(request.getContent())
                .setAttempt(1)
                .setNotBefore(d.notBefore())
                .setExpiresAt(d.expiresAt())
                .setCreatedAt(request.getCreatedAt())
                .setProviders(d.providers())
                .setProviderHint(d.providers().get(0))
                .setRouteHistory(history)
                .setAttributes(request.getAttributes())
                .setLastProviderCode(cause.providerCode())
                .setFallbackChannels(d.fallbackChannels())
                .setDestination(d.destination())
                .build();
    }

    ParkedNotification parked(NotificationRequest request, Decision.Park p, Instant now, Cause cause) {
        return ParkedNotification.newBuilder()
                .setNotificationId(request.getNotificationId())
                .setTenantId(request.getTenantId())
                .setParkedAt(now)
                .setChannel(p.channel())
                .setLane(request.getPriority())
                .setReason(p.reason())
                .setProvider(cause.provider())
                .setProviderCode(cause.providerCode())
                .setAttempts(cause.attempts())
                .setExpiresAt(expiry.expiresAt(request))
                .setRequest(request)
                .setDestination(p.destination())
                .build();
    }

    static DeliveryOutcome outcome(NotificationRequest request, OutcomeStatus status, Channel channel, String provider,
                                   String providerCode, String detail, Instant now, DecisionContext context) {
        return DeliveryOutcome.newBuilder()
                .setEventId(eventId(request.getNotificationId(), status, channel, now))
                .setNotificationId(request.getNotificationId())
                .setTenantId(request.getTenantId())
                .setAt(now)
                .setStage(Stage.ROUTER)
                .setStatus(status)
                .setChannel(channel)
                .setLane(request.getPriority())
                .setCategory(request.getCategory())
                .setProvider(provider)
                .setAttempt(0)
                .setProviderCode(providerCode)
                .setDetail(detail)
                .setLatencyMs(Math.max(0, now.toEpochMilli() - request.getCreatedAt().toEpochMilli()))
                .setDecision(context)
                .build();
    }

    /** The rule and the health of every configured provider as seen now (unknown ones are HEALTHY). */
    DecisionContext context(String rule, Map<String, HealthState> health) {
        Map<String, String> seen = new TreeMap<>();
        policy.providers().values().forEach(ids -> ids.forEach(id -> seen.put(id, HealthState.HEALTHY.name())));
        health.forEach((id, state) -> seen.put(id, state.name()));
        return DecisionContext.newBuilder().setRule(rule).setHealthSnapshotId(snapshotId(seen))
                .setHealthStates(Map.copyOf(seen)).build();
    }

    private static String snapshotId(Map<String, String> seen) {
        return Integer.toHexString(seen.toString().hashCode());
    }

    /** Deterministic, so a sink can drop a re-delivered event by id. */
    private static String eventId(String notificationId, OutcomeStatus status, Channel channel, Instant now) {
        String seed = notificationId + "|ROUTER|" + status + "|" + channel + "|" + now.toEpochMilli();
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
