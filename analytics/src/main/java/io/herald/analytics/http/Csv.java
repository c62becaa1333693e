package io.herald.analytics.http;

import io.herald.analytics.report.Table;
import java.util.List;

/** RFC 4180 CSV of a table: a header line, then one line per row; fields quoted only when they must be. */
public final class Csv {
    private Csv() {
    }

    public static String of(Table table) {
        StringBuilder out = new StringBuilder();
        line(out, List.copyOf(table.columns()));
        for (List<Object> row : table.rows()) line(out, row);
        return out.toString();
    }

    private static void line(StringBuilder out, List<?> values) {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) out.append(',');
            out.append(field(values.get(i)));
        }
        out.append("\r\n");
    }

    static String field(Object value) {
        if (value == null) return "";
        String s = value.toString();
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
