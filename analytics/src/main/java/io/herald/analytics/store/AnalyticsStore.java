package io.herald.analytics.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Properties;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded DuckDB file the sink writes and the reports read.
 *
 * <p>One DuckDB instance per file and process (DuckDB refuses a second, read-only instance of a file a
 * process already has open for writing), so reads use {@link #reader()}: a connection of the same instance
 * whose every transaction is rolled back. The instance itself is opened with file access switched off
 * ({@code enable_external_access=false}) except below the export directory, so no query can read or write
 * a file elsewhere; {@code POST /v1/analytics/sql} adds a read-only statement check on top
 * ({@link io.herald.analytics.report.ReadOnlySql}).
 */
public final class AnalyticsStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AnalyticsStore.class);

    private final Path file;
    private final Path exportDir;
    private final DuckDBConnection writer;

    private AnalyticsStore(Path file, Path exportDir, DuckDBConnection writer) {
        this.file = file;
        this.exportDir = exportDir;
        this.writer = writer;
    }

    /** Opens (creating if needed) the database {@code file}; exports may only be written below {@code exportDir}. */
    public static AnalyticsStore open(Path file, Path exportDir) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            Files.createDirectories(exportDir);
            Properties props = new Properties();
            props.setProperty("allowed_directories", "['" + exportDir.toAbsolutePath().normalize() + "/']");
            props.setProperty("enable_external_access", "false");
            DuckDBConnection writer = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath(), props);
            try (Statement s = writer.createStatement()) {
                for (String ddl : Schema.all()) s.execute(ddl);
                for (String ddl : Schema.staging()) s.execute(ddl);
            }
            writer.setAutoCommit(false);
            LOG.info("analytics store open at {}", file.toAbsolutePath());
            return new AnalyticsStore(file, exportDir, writer);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the analytics store " + file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directories of " + file, e);
        }
    }

    /**
     * Opens an existing database file read-only (DuckDB {@code access_mode=READ_ONLY}), for the CLI's offline
     * mode; fails if the analytics service holds the file open.
     */
    public static AnalyticsStore openReadOnly(Path file) {
        if (!Files.exists(file)) throw new IllegalArgumentException("no analytics database at " + file);
        try {
            Properties props = new Properties();
            props.setProperty("duckdb.read_only", "true");
            props.setProperty("enable_external_access", "false");
            DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath(), props);
            return new AnalyticsStore(file, file.toAbsolutePath().getParent(), connection);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open " + file + " read-only (is the analytics service running on it? "
                    + "then use --url): " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    public Path exportDir() {
        return exportDir;
    }

    /**
     * Writes a batch durably: appended to staging tables, moved into the tables skipping what is stored already
     * (an outcome's event id, a request's notification id, a health record's position), committed. Returns the rows that were new. Only the sink thread calls this.
     */
    public synchronized int write(Batch batch) {
        if (batch.isEmpty()) return 0;
        try {
            appendOutcomes(batch);
            appendAccepted(batch);
            appendHealth(batch);
            int added = 0;
            if (!batch.outcomes.isEmpty()) {
                added += moveStaged(Schema.INSERT_OUTCOMES, batch.outcomes.stream().map(Rows.Outcome::at).toList());
            }
            if (!batch.accepted.isEmpty()) {
                added += moveStaged(Schema.INSERT_ACCEPTED, batch.accepted.stream().map(Rows.Accepted::acceptedAt).toList());
            }
            try (Statement s = writer.createStatement()) {
                added += s.executeUpdate("INSERT OR IGNORE INTO health SELECT * FROM stage_health");
                s.execute("DELETE FROM stage_outcomes");
                s.execute("DELETE FROM stage_accepted");
                s.execute("DELETE FROM stage_health");
            }
            writeErrors(batch);
            writer.commit();
            return added;
        } catch (SQLException e) {
            rollbackQuietly();
            throw new IllegalStateException("analytics batch of " + batch.size() + " rows not stored: " + e.getMessage(), e);
        }
    }

    private int moveStaged(String insert, java.util.List<Instant> times) throws SQLException {
        Instant lo = times.stream().min(Instant::compareTo).orElseThrow();
        Instant hi = times.stream().max(Instant::compareTo).orElseThrow();
        try (var ps = writer.prepareStatement(insert)) {
            ps.setObject(1, utc(lo));
            ps.setObject(2, utc(hi));
            return ps.executeUpdate();
        }
    }

    private void appendOutcomes(Batch batch) throws SQLException {
        if (batch.outcomes.isEmpty()) return;
        try (DuckDBAppender a = writer.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "stage_outcomes")) {
            for (Rows.Outcome o : batch.outcomes) {
                a.beginRow();
                a.append(o.eventId()).append(o.notificationId()).append(o.tenantId()).append(utc(o.at()))
                        .append(o.stage()).append(o.status());
                text(a, o.channel());
                text(a, o.lane());
                text(a, o.category());
                text(a, o.provider());
                a.append(o.attempt());
                text(a, o.errorClass());
                text(a, o.providerCode());
                text(a, o.detail());
                if (o.latencyMs() == null) a.appendNull(); else a.append(o.latencyMs().longValue());
                text(a, o.rule());
                a.append(o.partition()).append(o.offset());
                a.endRow();
            }
        }
    }

    private void appendAccepted(Batch batch) throws SQLException {
        if (batch.accepted.isEmpty()) return;
        try (DuckDBAppender a = writer.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "stage_accepted")) {
            for (Rows.Accepted r : batch.accepted) {
                a.beginRow();
                a.append(r.notificationId()).append(r.tenantId()).append(r.priority());
                text(a, r.category());
                a.append(r.channels());
                text(a, r.firstChannel());
                a.append(utc(r.createdAt()));
                time(a, r.expiresAt());
                a.append(utc(r.acceptedAt())).append(r.partition()).append(r.offset());
                a.endRow();
            }
        }
    }

    private void appendHealth(Batch batch) throws SQLException {
        if (batch.health.isEmpty()) return;
        try (DuckDBAppender a = writer.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "stage_health")) {
            for (Rows.Health h : batch.health) {
                a.beginRow();
                a.append(h.partition()).append(h.offset()).append(h.providerId()).append(h.channel()).append(h.state());
                text(a, h.previousState());
                a.append(utc(h.since()));
                text(a, h.reason());
                text(a, h.source());
                a.append(h.operatorOverride());
                if (h.windowAttempts() == null) a.appendNull(); else a.append(h.windowAttempts().intValue());
                if (h.failureRatio() == null) a.appendNull(); else a.append(h.failureRatio().doubleValue());
                a.endRow();
            }
        }
    }

    private void writeErrors(Batch batch) throws SQLException {
        if (batch.errors.isEmpty()) return;
        try (var ps = writer.prepareStatement("INSERT OR IGNORE INTO sink_errors VALUES (?, ?, ?, ?, ?)")) {
            for (Rows.SinkError e : batch.errors) {
                ps.setString(1, e.topic());
                ps.setInt(2, e.partition());
                ps.setLong(3, e.offset());
                ps.setString(4, e.error());
                ps.setObject(5, utc(e.seenAt()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * A new connection to the same instance for reading, with auto-commit off: callers roll back when done,
     * so nothing a reader runs is ever committed. Close it after use.
     */
    public Connection reader() {
        try {
            Connection c = writer.duplicate();
            c.setAutoCommit(false);
            return c;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open a reader on the analytics store: " + e.getMessage(), e);
        }
    }

    /** A connection that may write (for exports with COPY and for tests that plant rows); auto-commit on. */
    public Connection maintenance() {
        try {
            return writer.duplicate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open a connection on the analytics store: " + e.getMessage(), e);
        }
    }

    /** UTC wall-clock time of an instant, as stored. */
    public static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static void text(DuckDBAppender a, String value) throws SQLException {
        if (value == null) a.appendNull(); else a.append(value);
    }

    private static void time(DuckDBAppender a, Instant value) throws SQLException {
        if (value == null) a.appendNull(); else a.append(utc(value));
    }

    private void rollbackQuietly() {
        try {
            writer.rollback();
        } catch (SQLException e) {
            LOG.warn("rollback of the analytics batch failed: {}", e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        try {
            writer.close();
        } catch (SQLException e) {
            LOG.warn("closing the analytics store failed: {}", e.getMessage());
        }
    }
}
