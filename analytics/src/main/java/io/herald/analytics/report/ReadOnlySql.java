package io.herald.analytics.report;

import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether ad-hoc SQL may run: exactly one statement, a query ({@code SELECT}, {@code WITH},
 * {@code FROM}-first or {@code VALUES}), nothing that changes the database or its settings. A pure
 * function on the text; the store adds DuckDB's own parse check, a rolled-back transaction and no file
 * access outside the export directory, so this is the first of several walls, not the only one.
 */
public final class ReadOnlySql {
    private ReadOnlySql() {
    }

    /** Why {@code sql} is refused, or empty when it may run. */
    public static Optional<String> refusal(String sql) {
        if (sql == null || sql.isBlank()) return Optional.of("the SQL is empty");
        String text = stripComments(sql).trim();
        // One trailing semicolon is harmless; any other one separates a second statement.
        if (text.endsWith(";")) text = text.substring(0, text.length() - 1).trim();
        if (text.isEmpty()) return Optional.of("the SQL is empty");
        if (hasSemicolonOutsideQuotes(text)) return Optional.of("only one statement is allowed");
        String first = text.split("[\\s(]+", 2)[0].toUpperCase(Locale.ROOT);
        if (!first.equals("SELECT") && !first.equals("WITH") && !first.equals("FROM") && !first.equals("VALUES")) {
            return Optional.of("only SELECT or WITH queries are allowed, not " + first);
        }
        return Optional.empty();
    }

    /** The query with comments removed and one trailing semicolon dropped, as it will run. */
    public static String normalized(String sql) {
        String text = stripComments(sql).trim();
        return text.endsWith(";") ? text.substring(0, text.length() - 1).trim() : text;
    }

    /** Removes {@code --} and {@code /* *}{@code /} comments outside string literals and quoted identifiers. */
    static String stripComments(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                int end = closing(sql, i, c);
                out.append(sql, i, end);
                i = end;
            } else if (c == '-' && i + 1 < sql.length() && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? sql.length() : end;
                out.append(' ');
            } else if (c == '/' && i + 1 < sql.length() && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? sql.length() : end + 2;
                out.append(' ');
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static boolean hasSemicolonOutsideQuotes(String sql) {
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                i = closing(sql, i, c);
            } else {
                if (c == ';') return true;
                i++;
            }
        }
        return false;
    }

    /** Index just after the literal opened at {@code start} (a doubled quote stays inside). */
    private static int closing(String sql, int start, char quote) {
        int i = start + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }
}
