package io.herald.replay.report;

import io.herald.replay.dryrun.DryRunAction;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a replay would do, per selected message and in total.
 *
 * @param notes caveats, e.g. an outcome topic that could not be read, so "already sent" was not checked
 */
public record DryRunReport(String topic, long scanned, long selected, Map<DryRunAction, Long> counts, List<Line> lines,
                           List<String> notes) {
    public DryRunReport {
        EnumMap<DryRunAction, Long> all = new EnumMap<>(DryRunAction.class);
        for (DryRunAction action : DryRunAction.values()) all.put(action, counts.getOrDefault(action, 0L));
        counts = java.util.Collections.unmodifiableMap(all);
        lines = List.copyOf(lines);
        notes = List.copyOf(notes);
    }

    public long count(DryRunAction action) {
        return counts.get(action);
    }

    /** One selected message: where it is, its id, and what would happen. */
    public record Line(int partition, long offset, String notificationId, DryRunAction action, String why) {
    }
}
