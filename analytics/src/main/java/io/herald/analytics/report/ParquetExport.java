package io.herald.analytics.report;

import io.herald.analytics.store.AnalyticsStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.UUID;

/**
 * Writes the outcomes of a time range to a Parquet file with DuckDB's {@code COPY ... TO ... (FORMAT parquet)},
 * for a lakehouse. Files are written below the export directory, the only place the store may write.
 */
public final class ParquetExport {
    private final AnalyticsStore store;

    public ParquetExport(AnalyticsStore store) {
        this.store = store;
    }

    /** A new Parquet file in the export directory holding the filter's outcomes; the caller moves or deletes it. */
    public Path outcomes(Filter filter) {
        Path file = store.exportDir().toAbsolutePath().normalize()
                .resolve("outcomes-" + UUID.randomUUID() + ".parquet");
        // COPY takes no bind parameters; instants and the path are printed by us, never taken from the caller.
        String where = "occurred_at >= " + literal(filter.from()) + " AND occurred_at < " + literal(filter.to())
                + (filter.tenant() == null ? "" : " AND tenant_id = '" + filter.tenant().replace("'", "''") + "'");
        String sql = "COPY (SELECT * EXCLUDE (src_partition, src_offset) FROM outcomes WHERE " + where
                + " ORDER BY occurred_at, event_id) TO '" + file.toString().replace("'", "''") + "' (FORMAT parquet, COMPRESSION zstd)";
        try (Connection c = store.maintenance(); Statement s = c.createStatement()) {
            s.execute(sql);
            return file;
        } catch (SQLException e) {
            throw new IllegalStateException("Parquet export failed: " + e.getMessage(), e);
        }
    }

    private static String literal(Instant instant) {
        return "TIMESTAMP '" + AnalyticsStore.utc(instant) + "'";
    }
}
