package io.herald.analytics.store;

import java.util.ArrayList;
import java.util.List;

/** Rows of one poll, written to the store in one transaction. Bounded by the consumer's {@code max.poll.records}. */
public final class Batch {
    final List<Rows.Outcome> outcomes = new ArrayList<>();
    final List<Rows.Accepted> accepted = new ArrayList<>();
    final List<Rows.Health> health = new ArrayList<>();
    final List<Rows.SinkError> errors = new ArrayList<>();

    public void add(Rows.Outcome row) {
        outcomes.add(row);
    }

    public void add(Rows.Accepted row) {
        accepted.add(row);
    }

    public void add(Rows.Health row) {
        health.add(row);
    }

    public void add(Rows.SinkError row) {
        errors.add(row);
    }

    public int size() {
        return outcomes.size() + accepted.size() + health.size() + errors.size();
    }

    public boolean isEmpty() {
        return size() == 0;
    }

    public void clear() {
        outcomes.clear();
        accepted.clear();
        health.clear();
        errors.clear();
    }
}
