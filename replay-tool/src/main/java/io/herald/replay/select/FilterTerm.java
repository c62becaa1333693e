package io.herald.replay.select;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

/** One condition of a {@link ReplayFilter}; each keeps the expression it was parsed from for messages. */
public sealed interface FilterTerm {

    /** Whether the entry satisfies this term. */
    boolean matches(BacklogEntry entry);

    /** The expression this term was parsed from. */
    String expression();

    /** The string-valued fields a term can test. */
    enum Field {
        CHANNEL(e -> e.channel() == null ? null : e.channel().name()),
        LANE(e -> e.lane() == null ? null : e.lane().name()),
        PROVIDER(BacklogEntry::provider),
        CODE(BacklogEntry::providerCode),
        REASON(BacklogEntry::reason),
        TENANT(BacklogEntry::tenantId),
        KEY(BacklogEntry::key);

        private final Function<BacklogEntry, String> accessor;

        Field(Function<BacklogEntry, String> accessor) {
            this.accessor = accessor;
        }

        /** The entry's value of this field, or null. */
        public String valueOf(BacklogEntry entry) {
            return accessor.apply(entry);
        }

        /** The name operators type. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * {@code field=a,b} (any of the values) or {@code field!=a,b} (none of them). Values compare
     * case-insensitively and may contain {@code *} wildcards. A missing value never equals anything.
     */
    record FieldTerm(Field field, boolean negated, List<String> values, String expression) implements FilterTerm {
        public FieldTerm {
            values = List.copyOf(values);
        }

        @Override
        public boolean matches(BacklogEntry entry) {
            String actual = field.valueOf(entry);
            boolean any = actual != null && values.stream().anyMatch(v -> like(actual, v));
            return negated != any;
        }

        private static boolean like(String actual, String pattern) {
            if (!pattern.contains("*")) return actual.equalsIgnoreCase(pattern);
            String regex = java.util.Arrays.stream(pattern.split("\\*", -1)).map(Pattern::quote)
                    .collect(java.util.stream.Collectors.joining(".*"));
            return Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.DOTALL).matcher(actual).matches();
        }
    }

    /** {@code time=FROM..TO}: the entry's timestamp is at or after {@code from} and before {@code to}; either may be open. */
    record TimeRange(Instant from, Instant to, String expression) implements FilterTerm {
        @Override
        public boolean matches(BacklogEntry entry) {
            Instant at = entry.timestamp();
            if (at == null) return false;
            return (from == null || !at.isBefore(from)) && (to == null || at.isBefore(to));
        }
    }
}
