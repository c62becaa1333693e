package io.herald.analytics.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReadOnlySqlTest {
    @ParameterizedTest(name = "accepts {0}")
    @ValueSource(strings = {
            "SELECT 1",
            "select count(*) from outcomes;",
            "  WITH x AS (SELECT 1) SELECT * FROM x",
            "FROM outcomes LIMIT 3",
            "VALUES (1), (2)",
            "-- a comment\nSELECT 'a;b' AS semicolon_in_a_string",
            "/* leading */ SELECT \"odd;name\" FROM (SELECT 1 AS \"odd;name\")",
            "SELECT 'it''s; fine'"})
    void acceptsOneQuery(String sql) {
        assertThat(ReadOnlySql.refusal(sql)).isEmpty();
    }

    @ParameterizedTest(name = "refuses {0}")
    @CsvSource(delimiter = '|', value = {
            "DELETE FROM outcomes|only SELECT or WITH queries are allowed, not DELETE",
            "insert into outcomes select * from outcomes|only SELECT or WITH queries are allowed, not INSERT",
            "DROP TABLE outcomes|only SELECT or WITH queries are allowed, not DROP",
            "COPY outcomes TO 'x.csv'|only SELECT or WITH queries are allowed, not COPY",
            "ATTACH 'other.db'|only SELECT or WITH queries are allowed, not ATTACH",
            "SET threads = 1|only SELECT or WITH queries are allowed, not SET",
            "SELECT 1; DROP TABLE outcomes|only one statement is allowed",
            "SELECT 1; SELECT 2|only one statement is allowed",
            "   |the SQL is empty",
            "-- only a comment|the SQL is empty",
            ";|the SQL is empty"})
    void refusesWithAReason(String sql, String reason) {
        assertThat(ReadOnlySql.refusal(sql == null ? "" : sql)).isEqualTo(Optional.of(reason));
    }
}
