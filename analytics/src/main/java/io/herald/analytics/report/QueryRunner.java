package io.herald.analytics.report;

import io.herald.analytics.store.AnalyticsStore;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a query on a reader connection with a time limit and a row limit, and rolls the reader's
 * transaction back afterwards, so nothing a query does is ever committed.
 */
public final class QueryRunner implements AutoCloseable {
    private final AnalyticsStore store;
    private final Duration timeout;
    private final ScheduledExecutorService canceller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "herald-analytics-query-timeout");
        t.setDaemon(true);
        return t;
    });

    public QueryRunner(AnalyticsStore store, Duration timeout) {
        this.store = store;
        this.timeout = timeout;
    }

    /** Thrown when a query ran longer than the statement time limit. */
    public static final class TimeoutException extends RuntimeException {
        TimeoutException(Duration limit) {
            super("the query ran longer than the statement time limit of " + limit.toMillis() + " ms");
        }
    }

    /**
     * Runs {@code sql} with {@code params} bound in order ({@code Instant}s as UTC timestamps), returning at
     * most {@code maxRows} rows (the table says whether there were more).
     */
    public Table run(String sql, List<Object> params, int maxRows) throws SQLException {
        try (Connection c = store.reader()) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < params.size(); i++) {
                    Object p = params.get(i);
                    ps.setObject(i + 1, p instanceof Instant instant ? AnalyticsStore.utc(instant) : p);
                }
                AtomicBoolean timedOut = new AtomicBoolean();
                ScheduledFuture<?> timer = canceller.schedule(() -> {
                    timedOut.set(true);
                    try {
                        ps.cancel();
                    } catch (SQLException e) {
                        // the statement finished meanwhile
                    }
                }, timeout.toMillis(), TimeUnit.MILLISECONDS);
                try (ResultSet rs = ps.executeQuery()) {
                    return read(rs, maxRows);
                } catch (SQLException e) {
                    if (timedOut.get()) throw new TimeoutException(timeout);
                    throw e;
                } finally {
                    timer.cancel(false);
                }
            } finally {
                c.rollback();
            }
        }
    }

    private static Table read(ResultSet rs, int maxRows) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        int n = meta.getColumnCount();
        List<String> columns = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) columns.add(meta.getColumnLabel(i));
        List<List<Object>> rows = new ArrayList<>();
        boolean truncated = false;
        while (rs.next()) {
            if (rows.size() == maxRows) {
                truncated = true;
                break;
            }
            List<Object> row = new ArrayList<>(n);
            for (int i = 1; i <= n; i++) row.add(value(rs, meta, i));
            rows.add(row);
        }
        return new Table(columns, rows, truncated);
    }

    private static Object value(ResultSet rs, ResultSetMetaData meta, int i) throws SQLException {
        String type = meta.getColumnTypeName(i);
        if (type.startsWith("TIMESTAMP WITH TIME ZONE")) {
            OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
            return t == null ? null : t.toInstant().toString();
        }
        if (type.startsWith("TIMESTAMP")) {
            LocalDateTime t = rs.getObject(i, LocalDateTime.class);
            return t == null ? null : t.toInstant(ZoneOffset.UTC).toString();
        }
        Object v = rs.getObject(i);
        if (v == null) return null;
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) return ((Number) v).longValue();
        if (v instanceof BigInteger b) return b.bitLength() < 64 ? (Object) b.longValue() : b.toString();
        if (v instanceof BigDecimal d) return d.doubleValue();
        if (v instanceof Float f) return f.doubleValue();
        if (v instanceof Long || v instanceof Double || v instanceof Boolean || v instanceof String) return v;
        return v.toString();
    }

    @Override
    public void close() {
        canceller.shutdownNow();
    }
}
