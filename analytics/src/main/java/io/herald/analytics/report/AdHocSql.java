package io.herald.analytics.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Ad-hoc read-only SQL: refused with a reason unless {@link ReadOnlySql} accepts it and DuckDB's own
 * parser sees exactly one SELECT; then run with the statement time limit and the row limit.
 */
public final class AdHocSql {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final QueryRunner runner;
    private final int maxRows;

    public AdHocSql(QueryRunner runner, int maxRows) {
        this.runner = runner;
        this.maxRows = maxRows;
    }

    /** Thrown for SQL that may not run here; the message is the reason, safe to show the caller. */
    public static final class RefusedException extends RuntimeException {
        public RefusedException(String reason) {
            super(reason);
        }
    }

    public Table run(String sql) {
        Optional<String> refusal = ReadOnlySql.refusal(sql);
        if (refusal.isPresent()) throw new RefusedException(refusal.get());
        String query = ReadOnlySql.normalized(sql);
        parsedAsOneSelect(query);
        try {
            return runner.run(query, List.of(), maxRows);
        } catch (SQLException e) {
            throw new RefusedException("the query failed: " + firstLine(e.getMessage()));
        }
    }

    /** DuckDB serializes only SELECT statements to JSON: anything else (or several statements) is refused. */
    private void parsedAsOneSelect(String query) {
        Table parsed;
        try {
            parsed = runner.run("SELECT json_serialize_sql(CAST(? AS VARCHAR)) AS tree", List.of(query), 1);
        } catch (SQLException e) {
            throw new RefusedException("the SQL cannot be parsed: " + firstLine(e.getMessage()));
        }
        try {
            JsonNode tree = JSON.readTree(String.valueOf(parsed.value(0, "tree")));
            if (tree.path("error").asBoolean(false)) {
                throw new RefusedException("only SELECT queries are allowed: " + tree.path("error_message").asText("not a query"));
            }
            int statements = tree.path("statements").size();
            if (statements != 1) throw new RefusedException("only one statement is allowed, found " + statements);
        } catch (JsonProcessingException e) {
            throw new RefusedException("the SQL cannot be parsed");
        }
    }

    private static String firstLine(String message) {
        if (message == null) return "unknown error";
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
