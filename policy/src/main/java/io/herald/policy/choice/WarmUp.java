package io.herald.policy.choice;

import io.herald.contracts.HealthState;
import io.herald.contracts.Priority;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.zip.CRC32;

/**
 * Keeps the secondary provider warm: a small share of transactional and bulk traffic goes to it first while
 * the primary is healthy, so its IPs and domains are not cold when a failover needs them (the incident
 * playbook's "warm secondary"). Critical traffic is never moved for warm-up: its first try belongs to the best
 * route. Pure and deterministic by notification id (a retried or replayed notification falls in the same
 * bucket), with its own hash, independent of the half-open trickle's.
 *
 * <p>The router applies it to the provider list it sends; the workers keep that order within a health state
 * ({@link ProviderChoice}), so both sides follow the one rule.
 *
 * @param basisPoints share of eligible notifications, in hundredths of a percent (200 = 2%)
 */
public record WarmUp(int basisPoints) {
    public static final String KEY = "email.warmup-share";
    public static final WarmUp NONE = new WarmUp(0);

    public WarmUp {
        if (basisPoints < 0 || basisPoints > 10_000) {
            throw new IllegalArgumentException(KEY + " must be between 0% and 100%, was " + basisPoints / 100.0 + "%");
        }
    }

    /** Parses {@code 2%}, {@code 0.5%} or a fraction {@code 0.02}; blank means none. */
    public static WarmUp parse(String text) {
        if (text == null || text.isBlank()) return NONE;
        String t = text.trim();
        try {
            double share = t.endsWith("%") ? Double.parseDouble(t.substring(0, t.length() - 1).trim()) / 100.0
                    : Double.parseDouble(t);
            if (share < 0 || share > 1) throw new IllegalArgumentException(KEY + " must be between 0% and 100%, was '" + t + "'");
            return new WarmUp((int) Math.round(share * 10_000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(KEY + " must look like 2% or 0.02, was '" + t + "'", e);
        }
    }

    /** Whether {@code notificationId} is in the warm-up share. */
    public boolean takes(String notificationId) {
        if (basisPoints == 0) return false;
        CRC32 crc = new CRC32();
        crc.update(("warm-up|" + notificationId).getBytes(StandardCharsets.UTF_8));
        return crc.getValue() % 10_000 < basisPoints;
    }

    /**
     * {@code usable} reordered for warm-up: when this notification is in the share, its lane may be warmed, and both
     * the primary and the secondary ({@code configured}'s first two) are HEALTHY and usable, the secondary goes
     * first. Otherwise {@code usable} unchanged. A primary that is not healthy is a failover, not warm-up.
     */
    public List<String> order(String notificationId, Priority lane, List<String> usable, List<String> configured,
                              Function<String, HealthState> health) {
        if (lane == Priority.CRITICAL || configured.size() < 2 || !takes(notificationId)) return usable;
        String primary = configured.get(0);
        String secondary = configured.get(1);
        if (!healthy(health.apply(primary)) || !healthy(health.apply(secondary))) return usable;
        if (usable.isEmpty() || !usable.get(0).equals(primary) || !usable.contains(secondary)) return usable;
        List<String> out = new ArrayList<>(usable.size());
        out.add(secondary);
        for (String p : usable) if (!p.equals(secondary)) out.add(p);
        return List.copyOf(out);
    }

    private static boolean healthy(HealthState state) {
        return state == null || state == HealthState.HEALTHY;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.2f%%", basisPoints / 100.0);
    }
}
