package io.herald.replay.report;

import io.herald.replay.select.BacklogEntry;
import java.util.Locale;
import java.util.function.Function;

/** The dimensions {@code inspect} can group a backlog by. */
public enum GroupBy {
    REASON(BacklogEntry::reason),
    CODE(BacklogEntry::providerCode),
    PROVIDER(BacklogEntry::provider),
    CHANNEL(e -> e.channel() == null ? null : e.channel().name().toLowerCase(Locale.ROOT)),
    TENANT(BacklogEntry::tenantId),
    LANE(e -> e.lane() == null ? null : e.lane().name().toLowerCase(Locale.ROOT));

    private final Function<BacklogEntry, String> key;

    GroupBy(Function<BacklogEntry, String> key) {
        this.key = key;
    }

    /** The entry's group; {@code -} when it has no value for this dimension. */
    public String groupOf(BacklogEntry entry) {
        String value = key.apply(entry);
        return value == null ? "-" : value;
    }
}
