package io.herald.replay.report;

import java.time.Instant;
import java.util.List;

/**
 * What {@code inspect} found.
 *
 * @param groups  one row per group, largest first
 * @param samples a few selected records, PII masked
 */
public record InspectReport(String topic, GroupBy groupBy, long scanned, long selected, long unreadable, List<Group> groups,
                            List<String> samples) {
    public InspectReport {
        groups = List.copyOf(groups);
        samples = List.copyOf(samples);
    }

    /** One group's count and time span. */
    public record Group(String key, long count, Instant oldest, Instant newest) {
    }
}
