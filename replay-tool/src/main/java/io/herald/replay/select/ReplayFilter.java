package io.herald.replay.select;

import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** All terms must match (an empty filter selects everything). */
public record ReplayFilter(List<FilterTerm> terms) implements Predicate<BacklogEntry> {
    public static final ReplayFilter ALL = new ReplayFilter(List.of());

    public ReplayFilter {
        terms = List.copyOf(terms);
    }

    @Override
    public boolean test(BacklogEntry entry) {
        for (FilterTerm term : terms) {
            if (!term.matches(entry)) return false;
        }
        return true;
    }

    /** The filter written back as an expression that {@link FilterParser} parses to an equal filter. */
    public String expression() {
        return terms.stream().map(FilterTerm::expression).collect(Collectors.joining(";"));
    }

    @Override
    public String toString() {
        return terms.isEmpty() ? "(everything)" : expression();
    }
}
