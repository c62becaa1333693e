package io.herald.analytics;

import io.herald.analytics.sink.Decoder;
import io.herald.analytics.store.Batch;
import io.herald.contracts.Channel;
import io.herald.contracts.DecisionContext;
import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.ErrorClass;
import io.herald.contracts.HealthSource;
import io.herald.contracts.HealthState;
import io.herald.contracts.NotificationRequest;
import io.herald.contracts.OutcomeStatus;
import io.herald.contracts.Priority;
import io.herald.contracts.ProviderHealth;
import io.herald.contracts.Stage;
import io.herald.schemas.Samples;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * A generated set of requests, outcomes and health transitions whose report answers are known by
 * construction (see the comments per range of {@code i}). Times are relative to {@code base}, the start of
 * an hour two hours before {@code now}.
 *
 * <ul>
 *   <li>0–29: routed, then SENT by smtp-primary after 1000 + 100·i ms;</li>
 *   <li>30–33: smtp-primary defers with 451 4.3.2, the router fails over, smtp-secondary SENDs after 4 s;</li>
 *   <li>34–35: parked, replayed at base+500 s, SENT at base+501 s; 36: parked and still parked;</li>
 *   <li>37: routed and never finished (planted: no terminal state); 38: SENT and FAILED (planted: two);</li>
 *   <li>39: EXPIRED; plus {@code n-inflight}, accepted a minute before now and only routed.</li>
 * </ul>
 * smtp-primary goes DOWN at base+305 s (first failure at +302 s, so MTTD 3 s), HALF_OPEN at +400 s and
 * HEALTHY at +420 s (time to recovery 115 s).
 */
public final class Scenario {
    public static final String PRIMARY = "smtp-primary";
    public static final String SECONDARY = "smtp-secondary";

    /** A request and the time ingest wrote it (the record timestamp). */
    public record Accepted(NotificationRequest request, Instant at) {
    }

    public final Instant base;
    public final Instant now;
    public final List<Accepted> requests = new ArrayList<>();
    public final List<DeliveryOutcome> outcomes = new ArrayList<>();
    public final List<ProviderHealth> health = new ArrayList<>();
    private int sequence;

    private Scenario(Instant now) {
        this.now = now;
        this.base = now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));
    }

    public static Scenario generate(Instant now) {
        Scenario s = new Scenario(now);
        for (int i = 0; i < 40; i++) s.notification(i);
        Accepted inflight = s.accept("n-inflight", "acme", Priority.CRITICAL, now.minusSeconds(60));
        s.outcome(inflight, OutcomeStatus.ROUTED, now.minusSeconds(59), null, null, null, null, null);
        s.health(PRIMARY, HealthState.HEALTHY, null, 0, "initial");
        s.health(SECONDARY, HealthState.HEALTHY, null, 0, "initial");
        s.health(PRIMARY, HealthState.DOWN, HealthState.HEALTHY, 305, "consecutive-transient-failures");
        s.health(PRIMARY, HealthState.HALF_OPEN, HealthState.DOWN, 400, "probe-window");
        s.health(PRIMARY, HealthState.HEALTHY, HealthState.HALF_OPEN, 420, "half-open-probe-succeeded");
        return s;
    }

    public static String tenant(int i) {
        return i % 2 == 0 ? "acme" : "globex";
    }

    public static Priority lane(int i) {
        return switch (i % 4) {
            case 0 -> Priority.CRITICAL;
            case 1 -> Priority.TRANSACTIONAL;
            default -> Priority.BULK;
        };
    }

    public Instant acceptedAt(int i) {
        return base.plusSeconds(10L * i);
    }

    private void notification(int i) {
        Accepted a = accept("n-" + i, tenant(i), lane(i), acceptedAt(i));
        Instant t = a.at();
        outcome(a, OutcomeStatus.ROUTED, t.plusSeconds(1), null, null, null, null, null);
        if (i < 30) {
            long ms = 1000 + 100L * i;
            outcome(a, OutcomeStatus.SENT, t.plusMillis(ms), PRIMARY, "250 2.0.0", null, null, ms);
        } else if (i < 34) {
            outcome(a, OutcomeStatus.DEFERRED, t.plusSeconds(2), PRIMARY, "451 4.3.2", ErrorClass.TRANSIENT, "greylisted", 80L);
            outcome(a, OutcomeStatus.FAILED_OVER, t.plusSeconds(3), PRIMARY, "451 4.3.2", null, "provider-down", null);
            outcome(a, OutcomeStatus.SENT, t.plusSeconds(4), SECONDARY, "250 OK", null, null, 4000L);
        } else if (i < 37) {
            outcome(a, OutcomeStatus.PARKED, t.plusSeconds(2), null, null, null, "all-providers-down", null);
            if (i < 36) {
                outcome(a, OutcomeStatus.REPLAYED, base.plusSeconds(500), null, null, null, null, null);
                outcome(a, OutcomeStatus.SENT, base.plusSeconds(501), PRIMARY, "250 2.0.0", null, null, 900L);
            }
        } else if (i == 38) {
            outcome(a, OutcomeStatus.SENT, t.plusSeconds(1), PRIMARY, "250 2.0.0", null, null, 1000L);
            outcome(a, OutcomeStatus.FAILED, t.plusSeconds(2), PRIMARY, "550 5.1.1", ErrorClass.PERMANENT, "no-such-user", 50L);
        } else if (i == 39) {
            outcome(a, OutcomeStatus.EXPIRED, t.plusSeconds(5), null, null, null, "expired-before-attempt", null);
        }
        // i == 37: routed, then nothing.
    }

    private Accepted accept(String id, String tenant, Priority lane, Instant at) {
        NotificationRequest request = NotificationRequest.newBuilder(Samples.otp(tenant, id, at.minusSeconds(1)))
                .setNotificationId(id).setPriority(lane).setChannels(List.of(Channel.EMAIL)).setExpiresAt(null).build();
        Accepted a = new Accepted(request, at);
        requests.add(a);
        return a;
    }

    private void outcome(Accepted a, OutcomeStatus status, Instant at, String provider, String code, ErrorClass errorClass,
                         String detail, Long latencyMs) {
        NotificationRequest r = a.request();
        outcomes.add(DeliveryOutcome.newBuilder()
                .setEventId("e-" + r.getNotificationId() + "-" + (sequence++))
                .setNotificationId(r.getNotificationId()).setTenantId(r.getTenantId()).setAt(at)
                .setStage(provider == null ? Stage.ROUTER : Stage.WORKER).setStatus(status)
                .setChannel(Channel.EMAIL).setLane(r.getPriority()).setCategory(r.getCategory()).setProvider(provider)
                .setAttempt(provider == null ? 0 : 1).setErrorClass(errorClass).setProviderCode(code).setDetail(detail)
                .setLatencyMs(latencyMs)
                .setDecision(provider == null ? DecisionContext.newBuilder().setRule("first-healthy-channel").build() : null)
                .build());
    }

    private void health(String provider, HealthState state, HealthState previous, long second, String reason) {
        health.add(ProviderHealth.newBuilder().setProviderId(provider).setChannel(Channel.EMAIL).setState(state)
                .setPreviousState(previous).setSince(base.plusSeconds(second)).setReason(reason)
                .setSource(HealthSource.OBSERVED).build());
    }

    /** The whole scenario as one store batch, positions numbered per source. */
    public Batch batch() {
        Batch batch = new Batch();
        for (int i = 0; i < requests.size(); i++) {
            batch.add(Decoder.accepted(requests.get(i).request(), requests.get(i).at(), 0, i));
        }
        for (int i = 0; i < outcomes.size(); i++) batch.add(Decoder.outcome(outcomes.get(i), 0, i));
        for (int i = 0; i < health.size(); i++) batch.add(Decoder.health(health.get(i), 0, i));
        return batch;
    }
}
