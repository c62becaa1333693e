package io.herald.analytics.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.analytics.AnalyticsKeys;
import io.herald.analytics.report.AdHocSql;
import io.herald.analytics.report.QueryRunner;
import io.herald.analytics.report.Table;
import io.herald.analytics.store.AnalyticsStore;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code herald analytics sql "SELECT …"}: one read-only query. */
@Command(name = "sql", mixinStandardHelpOptions = true, description = "Run one read-only SQL query (SELECT or WITH).")
final class SqlCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    Target target;

    @Parameters(index = "0", paramLabel = "SQL", description = "The query, e.g. \"SELECT status, count(*) FROM outcomes GROUP BY ALL\".")
    String sql;

    @Option(names = "--format", defaultValue = "text", description = "text, csv or json (default: ${DEFAULT-VALUE}).")
    Output format;

    @Option(names = "--max-rows", description = "Row limit in --db mode (default: the configuration's analytics.sql.max-rows, "
            + "10000 unless configured).")
    Integer maxRows;

    @Override
    public Integer call() throws Exception {
        return Run.guarded(spec, () -> {
            Table table;
            if (target.db != null) {
                try (AnalyticsStore store = AnalyticsStore.openReadOnly(target.db);
                     QueryRunner runner = new QueryRunner(store, Duration.ofMinutes(5))) {
                    table = new AdHocSql(runner, maxRows != null ? maxRows : target.config().get(AnalyticsKeys.SQL_MAX_ROWS)).run(sql);
                }
            } else {
                String body = new ObjectMapper().createObjectNode().put("sql", sql).toString();
                table = Target.table(target.post("/v1/analytics/sql", body).body());
            }
            spec.commandLine().getOut().print(format.render(table));
        });
    }
}
