package io.herald.router.health;

import io.herald.contracts.HealthSource;
import io.herald.contracts.HealthState;

/**
 * The provider-health state machine, as pure functions from (tracker, event) to (tracker, transition?).
 *
 * <p>An outage is judged by what gets through, not by the reply class. Throttling means deliveries go
 * on at a lower rate: DEGRADED at most while some still get through. A provider that delivers nothing
 * while it keeps deferring is DOWN, whatever it answers: transient failures and outage evidence
 * ({@code 451 4.3.2}), timeouts and uncertain hand-offs, and throttling replies all count as "not
 * delivered"; a permanent failure is the recipient's fault and counts as the provider answering.
 *
 * <pre>
 *            transient run (3) / failure ratio / throttled share          (dwell)
 * HEALTHY ─────────────────────────────────────────────────────────────► DEGRADED
 *    │  ▲ ◄──────────────── a whole clean window (dwell) ─────────────────┘ │
 *    │  │                                                                   │
 *    │  │  nothing delivered (no dwell): 5 in a row with a failure,         │
 *    │  │  10 throttled in a row, or under 10% delivered over the sample    │
 *    └──┼──────────────────────────────► DOWN ◄─────────────────────────────┘
 *       │                                │  ▲
 *       │  probed provider: a successful │  │ a failed probe or a real deferral (dwell)
 *       │  probe after halfOpenAfter;    │  │
 *       │  never probed: halfOpenAfter   ▼  │
 *       └─ K successes (probes + SENT) ─ HALF_OPEN
 * </pre>
 * Going DOWN is never held back by dwell: leaving DOWN takes at least {@code halfOpenAfter} and a
 * half-open phase, so an outage detected at once cannot flap faster than that. Every other observed
 * transition waits {@code minDwell} after the previous one (pending ones fire at the next event or tick
 * after it), so a provider hovering at a degrade threshold changes state at most once per dwell period.
 *
 * <p>Probes (SMTP: connect, EHLO, MAIL FROM, RCPT TO a probe address, RSET; no message sent) let recovery
 * be seen while every real message is parked or moved to another channel. A provider with a probe seen
 * within {@code probeTimeout} leaves DOWN only on a successful probe, and in HALF_OPEN a probe counts like
 * a delivery; so recovery completes without traffic. Transitions a probe drove are published with source
 * PROBE. Providers nobody probes (SMS, webhook) keep the time-based half-open.
 * An operator override freezes the observed machine until cleared.
 */
public final class HealthMachine {
    public static final String CONSECUTIVE_FAILURES = "consecutive-failures";
    public static final String THROTTLED_WITHOUT_DELIVERY = "throttled-without-delivery";
    public static final String DELIVERY_RATIO = "delivery-ratio";

    private final HealthPolicy policy;

    public HealthMachine(HealthPolicy policy) {
        this.policy = policy;
    }

    /** Result of one step: the new tracker and the transition it made, if any. */
    public record Step(ProviderTracker tracker, Transition transition) {
        public boolean changed() {
            return transition != null;
        }
    }

    /** Counts one attempt's (or probe's) signal observed at {@code atMs}, then re-evaluates. */
    public Step observe(ProviderTracker tracker, Signal signal, long atMs) {
        Step closed = closeWindow(tracker, atMs);
        if (closed.changed()) return closed;
        ProviderTracker t = closed.tracker();
        if (signal.isProbe()) return evaluate(probed(t, signal == Signal.PROBE_OK, atMs), atMs);
        int attempts = t.attempts() + 1;
        int successes = t.successes();
        int transientFailures = t.transientFailures();
        int throttled = t.throttled();
        int permanent = t.permanentFailures();
        int transientRun = t.consecutiveTransient();
        int undeliveredRun = t.consecutiveUndelivered();
        int halfOpenOk = t.halfOpenSuccesses();
        HealthSource halfOpenFailedBy = t.halfOpenFailedBy();
        boolean halfOpen = t.state() == HealthState.HALF_OPEN;
        switch (signal) {
            case SUCCESS -> {
                successes++;
                transientRun = 0;
                undeliveredRun = 0;
                if (halfOpen) halfOpenOk++;
            }
            case TRANSIENT -> {
                transientFailures++;
                transientRun++;
                undeliveredRun++;
                if (halfOpen && halfOpenFailedBy == null) halfOpenFailedBy = HealthSource.OBSERVED;
            }
            case THROTTLED -> {
                // "Slower", and nothing got through: it extends the run without a delivery, not the failure run.
                throttled++;
                undeliveredRun++;
                // The trickle is the test of recovery: a recovering provider that still defers is not back.
                if (halfOpen && halfOpenFailedBy == null) halfOpenFailedBy = HealthSource.OBSERVED;
            }
            case PERMANENT -> {
                // The provider answered definitively, so it is up; the failure is the recipient's.
                permanent++;
                transientRun = 0;
                undeliveredRun = 0;
            }
            default -> throw new IllegalStateException("not an attempt: " + signal);
        }
        return evaluate(t.withCounts(attempts, successes, transientFailures, throttled, permanent, transientRun,
                undeliveredRun, halfOpenOk, t.halfOpenProbeSuccesses(), halfOpenFailedBy), atMs);
    }

    /**
     * A probe is not a delivery attempt (it sends nothing), so it never counts in the window. It marks the
     * provider as probed, and in HALF_OPEN it counts like a delivery: a success towards K, a failure back DOWN.
     */
    private static ProviderTracker probed(ProviderTracker t, boolean ok, long atMs) {
        ProviderTracker p = t.withProbe(atMs, ok);
        if (t.state() != HealthState.HALF_OPEN) return p;
        return ok
                ? p.withCounts(p.attempts(), p.successes(), p.transientFailures(), p.throttled(), p.permanentFailures(),
                        p.consecutiveTransient(), p.consecutiveUndelivered(), p.halfOpenSuccesses() + 1,
                        p.halfOpenProbeSuccesses() + 1, p.halfOpenFailedBy())
                : p.withCounts(p.attempts(), p.successes(), p.transientFailures(), p.throttled(), p.permanentFailures(),
                        p.consecutiveTransient(), p.consecutiveUndelivered(), p.halfOpenSuccesses(),
                        p.halfOpenProbeSuccesses(), p.halfOpenFailedBy() != null ? p.halfOpenFailedBy() : HealthSource.PROBE);
    }

    /** Time passing without traffic: starts the half-open phase, fires transitions that waited for dwell. */
    public Step tick(ProviderTracker tracker, long nowMs) {
        Step closed = closeWindow(tracker, nowMs);
        return closed.changed() ? closed : evaluate(closed.tracker(), nowMs);
    }

    /**
     * Judges a finished window before starting the next: recovery from DEGRADED needs a whole clean
     * window, not a lucky run of successes, while degrading is judged continuously (fast detection).
     */
    private Step closeWindow(ProviderTracker t, long nowMs) {
        if (nowMs - t.windowStartMs() < policy.window().toMillis()) return new Step(t, null);
        if (t.forced() == null && t.state() == HealthState.DEGRADED && recovered(t)
                && nowMs - t.lastTransitionMs() >= policy.minDwell().toMillis()) {
            return move(t, HealthState.HEALTHY, "recovered", nowMs);
        }
        return new Step(t.newWindow(nowMs), null);
    }

    /** An operator forces {@code forced}, or clears the override with null. Operator overrides bypass dwell. */
    public Step override(ProviderTracker tracker, HealthState forced, long nowMs) {
        if (forced == tracker.forced()) return new Step(tracker, null);
        HealthState before = tracker.effectiveState();
        ProviderTracker next = tracker.withForced(forced, nowMs);
        String reason = forced != null ? "operator-override" : "operator-override-cleared";
        return new Step(next, new Transition(before, next.effectiveState(), nowMs, reason, HealthSource.OPERATOR, tracker));
    }

    private Step evaluate(ProviderTracker t, long nowMs) {
        if (t.forced() != null) return new Step(t, null);
        boolean dwelt = nowMs - t.lastTransitionMs() >= policy.minDwell().toMillis();
        return switch (t.state()) {
            case HEALTHY -> {
                String down = downReason(t);
                if (down != null) yield move(t, HealthState.DOWN, down, nowMs);
                String degraded = dwelt ? degradedReason(t) : null;
                yield degraded != null ? move(t, HealthState.DEGRADED, degraded, nowMs) : new Step(t, null);
            }
            case DEGRADED -> {
                String down = downReason(t);
                yield down != null ? move(t, HealthState.DOWN, down, nowMs) : new Step(t, null);
            }
            case DOWN -> {
                if (!dwelt || nowMs - t.sinceMs() < policy.halfOpenAfter().toMillis()) yield new Step(t, null);
                // A probed provider proves it would accept mail before any real message is risked on it; one the
                // prober does not cover (SMS, webhook, or a prober gone silent) gets its trickle after the wait.
                if (!probedRecently(t, nowMs)) yield move(t, HealthState.HALF_OPEN, "half-open-probe-window", nowMs);
                yield t.lastProbeOk()
                        ? move(t, HealthState.HALF_OPEN, "probe-succeeded", HealthSource.PROBE, nowMs) : new Step(t, null);
            }
            case HALF_OPEN -> {
                if (!dwelt) yield new Step(t, null);
                if (t.halfOpenFailed()) {
                    boolean byProbe = t.halfOpenFailedBy() == HealthSource.PROBE;
                    yield move(t, HealthState.DOWN, byProbe ? "probe-failed" : "half-open-probe-failed",
                            t.halfOpenFailedBy(), nowMs);
                }
                yield t.halfOpenSuccesses() >= policy.halfOpenSuccesses()
                        ? move(t, HealthState.HEALTHY, "half-open-probe-succeeded",
                                t.halfOpenProbeSuccesses() > 0 ? HealthSource.PROBE : HealthSource.OBSERVED, nowMs)
                        : new Step(t, null);
            }
        };
    }

    private boolean probedRecently(ProviderTracker t, long nowMs) {
        return nowMs - t.lastProbeAtMs() < policy.probeTimeout().toMillis();
    }

    /** Nothing (or almost nothing) gets through while the provider keeps deferring: an outage. */
    private String downReason(ProviderTracker t) {
        if (t.consecutiveTransient() > 0 && t.consecutiveUndelivered() >= policy.consecutiveDown()) return CONSECUTIVE_FAILURES;
        if (t.consecutiveUndelivered() >= policy.consecutiveDownThrottled()) return THROTTLED_WITHOUT_DELIVERY;
        if (t.deliverable() >= policy.minSample() && t.deliveredRatio() < policy.downDeliveredRatio()) return DELIVERY_RATIO;
        return null;
    }

    /** Deliveries go on, but worse than they should: transient failures or throttling. */
    private String degradedReason(ProviderTracker t) {
        if (t.consecutiveTransient() >= policy.consecutiveDegraded()) return "consecutive-transient-failures";
        if (t.attempts() >= policy.minSample() && t.failureRatio() >= policy.degradedRatio()) return "failure-ratio";
        if (t.attempts() >= policy.minSample() && t.throttledRatio() >= policy.throttledRatio()) return "throttling";
        return null;
    }

    private boolean recovered(ProviderTracker t) {
        return t.attempts() >= policy.minSample() && t.consecutiveTransient() == 0
                && t.failureRatio() < policy.recoveryRatio() && t.throttledRatio() < policy.recoveryRatio();
    }

    private static Step move(ProviderTracker t, HealthState to, String reason, long nowMs) {
        return move(t, to, reason, HealthSource.OBSERVED, nowMs);
    }

    private static Step move(ProviderTracker t, HealthState to, String reason, HealthSource source, long nowMs) {
        return new Step(t.enter(to, nowMs), new Transition(t.state(), to, nowMs, reason, source, t));
    }
}
