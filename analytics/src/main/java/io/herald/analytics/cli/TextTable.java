package io.herald.analytics.cli;

import io.herald.analytics.report.Table;
import java.util.ArrayList;
import java.util.List;

/** A table as aligned text for a terminal: numbers right-aligned, empty for null. */
final class TextTable {
    private TextTable() {
    }

    static String of(Table table) {
        int n = table.columns().size();
        int[] width = new int[n];
        List<String[]> cells = new ArrayList<>();
        for (int i = 0; i < n; i++) width[i] = table.columns().get(i).length();
        for (List<Object> row : table.rows()) {
            String[] line = new String[n];
            for (int i = 0; i < n; i++) {
                Object v = row.get(i);
                line[i] = v == null ? "" : v.toString();
                width[i] = Math.max(width[i], line[i].length());
            }
            cells.add(line);
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) pad(out, table.columns().get(i), width[i], false, i == n - 1);
        out.append(System.lineSeparator());
        for (int r = 0; r < cells.size(); r++) {
            for (int i = 0; i < n; i++) pad(out, cells.get(r)[i], width[i], table.rows().get(r).get(i) instanceof Number, i == n - 1);
            out.append(System.lineSeparator());
        }
        out.append("(").append(table.rows().size()).append(table.rows().size() == 1 ? " row" : " rows")
                .append(table.truncated() ? ", truncated at the row limit" : "").append(")").append(System.lineSeparator());
        return out.toString();
    }

    private static void pad(StringBuilder out, String s, int width, boolean right, boolean last) {
        String spaces = " ".repeat(width - s.length());
        out.append(right ? spaces + s : last ? s : s + spaces);
        if (!last) out.append("  ");
    }
}
