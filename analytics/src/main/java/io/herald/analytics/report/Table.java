package io.herald.analytics.report;

import java.util.List;

/**
 * A query's answer as plain values: column names and rows. Timestamps are ISO-8601 UTC strings
 * ({@code 2026-11-30T09:00:00Z}), integers {@code Long}, decimals {@code Double}.
 *
 * @param truncated true when the query had more rows than the limit allowed
 */
public record Table(List<String> columns, List<List<Object>> rows, boolean truncated) {
    public Table {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    /** The value of {@code column} in row {@code row}. */
    public Object value(int row, String column) {
        int index = columns.indexOf(column);
        if (index < 0) throw new IllegalArgumentException("no column " + column + " in " + columns);
        return rows.get(row).get(index);
    }

    /** The column's values, top to bottom. */
    public List<Object> column(String column) {
        int index = columns.indexOf(column);
        if (index < 0) throw new IllegalArgumentException("no column " + column + " in " + columns);
        return rows.stream().map(r -> r.get(index)).toList();
    }
}
