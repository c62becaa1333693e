package io.herald.analytics.report;

import java.time.Instant;

/**
 * What a report is restricted to: a half-open time range {@code [from, to)} and optionally one tenant.
 *
 * @param tenant null for every tenant (admin keys only)
 */
public record Filter(Instant from, Instant to, String tenant) {
    public static final Instant BEGINNING = Instant.parse("1970-01-01T00:00:00Z");
    public static final Instant END = Instant.parse("9999-01-01T00:00:00Z");

    public Filter {
        if (from == null) from = BEGINNING;
        if (to == null) to = END;
        if (!from.isBefore(to)) throw new IllegalArgumentException("from must be before to, was from=" + from + " to=" + to);
    }

    public static Filter all() {
        return new Filter(null, null, null);
    }

    public Filter withTenant(String tenantId) {
        return new Filter(from, to, tenantId);
    }
}
