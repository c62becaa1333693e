package io.herald.policy.choice;

import io.herald.contracts.HealthState;
import io.herald.contracts.Priority;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How fast a secondary provider may take traffic after a failover moved it there because the primary is DOWN:
 * a schedule such as {@code 50/s,200/s@5m,max@15m} (50 messages/s at once, 200/s from five minutes on, no limit
 * from fifteen minutes on), so the secondary does not jump from nothing to everything (a spam-filter trigger).
 * Between two steps the rate rises linearly, so there is no cliff at a step either. Critical traffic is never
 * held back by it (callers exempt the critical lane); bulk waits for it. Pure.
 *
 * @param steps at least one; the first at zero; offsets strictly increasing; {@link Double#POSITIVE_INFINITY}
 *              for {@code max}
 */
public record FailoverRamp(List<Step> steps) {
    public static final String KEY = "email.failover-ramp";
    /** No ramp: the secondary takes everything at once (the behaviour before ramps existed). */
    public static final FailoverRamp NONE = new FailoverRamp(List.of(new Step(Duration.ZERO, Double.POSITIVE_INFINITY)));

    /** From {@code after} into the failover, at most {@code perSecond} messages per second. */
    public record Step(Duration after, double perSecond) {
    }

    public FailoverRamp {
        steps = List.copyOf(steps);
        if (steps.isEmpty() || !steps.get(0).after().isZero()) {
            throw new IllegalArgumentException(KEY + ": the first step must start at once (no @offset)");
        }
        for (int i = 1; i < steps.size(); i++) {
            if (steps.get(i).after().compareTo(steps.get(i - 1).after()) <= 0) {
                throw new IllegalArgumentException(KEY + ": step offsets must increase, " + steps.get(i).after()
                        + " after " + steps.get(i - 1).after());
            }
        }
        for (Step s : steps) {
            if (!(s.perSecond() > 0)) throw new IllegalArgumentException(KEY + ": rates must be positive, was " + s.perSecond());
        }
    }

    /** Parses {@code 50/s,200/s@5m,max@15m}; rates in {@code /s} or {@code /m}; offsets {@code 30s}, {@code 5m}, {@code 1h}. */
    public static FailoverRamp parse(String text) {
        if (text == null || text.isBlank()) return NONE;
        List<Step> steps = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.trim().toLowerCase(Locale.ROOT);
            if (p.isEmpty()) continue;
            int at = p.indexOf('@');
            Duration after = at < 0 ? Duration.ZERO : duration(p.substring(at + 1).trim(), text);
            steps.add(new Step(after, rate(at < 0 ? p : p.substring(0, at).trim(), text)));
        }
        return new FailoverRamp(steps);
    }

    /** The rate allowed {@code sinceFailover} after the failover began; infinite once at {@code max}. */
    public double perSecondAt(Duration sinceFailover) {
        if (sinceFailover.isNegative()) sinceFailover = Duration.ZERO;
        for (int i = steps.size() - 1; i >= 0; i--) {
            Step s = steps.get(i);
            if (sinceFailover.compareTo(s.after()) < 0) continue;
            if (i == steps.size() - 1 || Double.isInfinite(s.perSecond())) return s.perSecond();
            Step next = steps.get(i + 1);
            if (Double.isInfinite(next.perSecond())) return s.perSecond();
            double f = (double) (sinceFailover.toMillis() - s.after().toMillis()) / (next.after().toMillis() - s.after().toMillis());
            return s.perSecond() + f * (next.perSecond() - s.perSecond());
        }
        return steps.get(0).perSecond();
    }

    /**
     * The rate at which {@code provider} may take one message of {@code lane} now, in messages per second (infinite:
     * no limit). Only a failover is ramped: a provider other than the primary, while the primary is DOWN (or
     * HALF_OPEN, see {@link #failingOver}), runs at the schedule's rate {@code sinceFailover} into it. Critical traffic is never held back by the ramp (a late code is
     * worse than a colder secondary); the primary itself, and a secondary while the primary is HEALTHY or DEGRADED (it
     * then takes only the warm-up share and single retries), are not ramped either.
     *
     * @param primary       whether {@code provider} is the channel's first configured provider
     * @param primaryState  the primary's health as seen now (null: never reported, i.e. HEALTHY)
     * @param sinceFailover time since the primary was seen DOWN (ignored while it is not)
     */
    public double limit(Priority lane, boolean primary, HealthState primaryState, Duration sinceFailover) {
        if (lane == Priority.CRITICAL) return Double.POSITIVE_INFINITY;
        if (primary || !failingOver(primaryState)) return Double.POSITIVE_INFINITY;
        return perSecondAt(sinceFailover);
    }

    /**
     * Whether a primary in {@code state} has moved the traffic away: DOWN, and HALF_OPEN too (only its trickle goes
     * back to it, so the secondary still carries the rest and keeps ramping instead of jumping to everything).
     */
    public static boolean failingOver(HealthState primaryState) {
        return primaryState == HealthState.DOWN || primaryState == HealthState.HALF_OPEN;
    }

    /**
     * Messages the ramp allows between the failover's start and {@code sinceFailover} (the area under the rate
     * curve): what a sink should have received at most, to check a run against the configuration.
     */
    public double allowedBy(Duration sinceFailover) {
        double total = 0;
        long stepMs = 100;
        for (long t = 0; t < sinceFailover.toMillis(); t += stepMs) {
            double r = perSecondAt(Duration.ofMillis(t));
            if (Double.isInfinite(r)) return Double.POSITIVE_INFINITY;
            total += r * Math.min(stepMs, sinceFailover.toMillis() - t) / 1000.0;
        }
        return total;
    }

    private static double rate(String r, String text) {
        if (r.equals("max")) return Double.POSITIVE_INFINITY;
        try {
            if (r.endsWith("/s")) return Double.parseDouble(r.substring(0, r.length() - 2));
            if (r.endsWith("/m")) return Double.parseDouble(r.substring(0, r.length() - 2)) / 60.0;
        } catch (NumberFormatException e) {
            // fall through to the error naming the key
        }
        throw new IllegalArgumentException(KEY + ": rate must look like 50/s, 3000/m or max, was '" + r + "' in '" + text + "'");
    }

    private static Duration duration(String d, String text) {
        try {
            long n = Long.parseLong(d.substring(0, d.length() - 1));
            return switch (d.charAt(d.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new NumberFormatException(d);
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(KEY + ": offset must look like 30s, 5m or 1h, was '" + d + "' in '" + text + "'", e);
        }
    }
}
