package io.herald.analytics.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A named query. Its SQL may use the markers {@code :from}, {@code :to}, {@code :tenant} (null: every
 * tenant), {@code :now} and {@code :stale_before} (now minus the in-flight grace); {@link #bind} turns
 * them into typed JDBC parameters.
 */
public record Report(String name, String description, String sql) {
    private static final Pattern MARKER = Pattern.compile("(?<!:):(from|to|tenant|now|stale_before)\\b");

    /** The parameters of a run. */
    public record Params(Filter filter, Instant now, Instant staleBefore) {
    }

    /** A report's SQL with every marker replaced by a typed {@code ?}, and the values in order. */
    public record Bound(String sql, List<Object> values) {
    }

    public Bound bind(Params p) {
        Matcher m = MARKER.matcher(sql);
        StringBuilder out = new StringBuilder();
        List<Object> values = new ArrayList<>();
        while (m.find()) {
            String marker = m.group(1);
            switch (marker) {
                case "from" -> values.add(p.filter().from());
                case "to" -> values.add(p.filter().to());
                case "tenant" -> values.add(p.filter().tenant());
                case "now" -> values.add(p.now());
                case "stale_before" -> values.add(p.staleBefore());
                default -> throw new IllegalStateException(marker);
            }
            m.appendReplacement(out, marker.equals("tenant") ? "CAST(? AS VARCHAR)" : "CAST(? AS TIMESTAMP)");
        }
        m.appendTail(out);
        return new Bound(out.toString(), values);
    }
}
