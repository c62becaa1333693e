package io.herald.analytics.cli;

import io.herald.analytics.http.Csv;
import io.herald.analytics.report.Table;
import java.io.IOException;

/** How a table is printed: {@code text} (aligned), {@code csv} or {@code json}. */
enum Output {
    TEXT, CSV, JSON;

    String render(Table table) throws IOException {
        return switch (this) {
            case TEXT -> TextTable.of(table);
            case CSV -> Csv.of(table);
            case JSON -> Target.json(table) + System.lineSeparator();
        };
    }
}
