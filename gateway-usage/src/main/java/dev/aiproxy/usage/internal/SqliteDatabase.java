package dev.aiproxy.usage.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteOpenMode;

/**
 * One SQLite file, through one connection that the writer and the queries take in turn (a lock held for one batch or
 * one query: milliseconds). WAL mode, so a reader in another process ({@code gateway usage}) never blocks the
 * writer; {@code synchronous=NORMAL}, so a commit does not wait for the disk (WAL keeps the database whole across a
 * crash; the last commits may be lost on a power cut). The connection is opened again after a failure.
 */
public final class SqliteDatabase implements Database {
    private final Path file;
    private final SQLiteDataSource dataSource;
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by {@link #lock}. */
    private Connection connection;

    private SqliteDatabase(Path file, boolean readOnly) {
        this.file = file;
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(10_000);
        // 16 MiB of page cache (SQLite's default is 2 MiB), held outside the Java heap: the hourly totals a batch adds
        // to, and the pages a query of the request log reads, stay in memory
        config.setCacheSize(-16 * 1024);
        if (readOnly) {
            config.setOpenMode(SQLiteOpenMode.READONLY);
            config.setReadOnly(true);
        } else {
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
            // a checkpoint (which waits for the disk) every 10,000 pages (40 MB of log) rather than SQLite's 1,000:
            // about three times the rows per second when the writer is busy
            config.setWalAutocheckpoint(10_000);
        }
        this.dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + file);
    }

    /** A database to write to; the file is created when missing. */
    public static SqliteDatabase forWriting(Path file) {
        return new SqliteDatabase(file, false);
    }

    /** A database that is only read, beside a writer in another process. */
    public static SqliteDatabase forReading(Path file) {
        return new SqliteDatabase(file, true);
    }

    /** For the schema migration, which opens connections of its own. */
    public javax.sql.DataSource dataSource() {
        return dataSource;
    }

    @Override
    public <T> T inTransaction(Work<T> work) throws SQLException {
        lock.lock();
        try {
            Connection c = connection();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollBack(c, e);
                throw e;
            } finally {
                restoreAutoCommit(c);
            }
        } finally {
            lock.unlock();
        }
    }

    /** One writer holds the lock for its transaction, so the ids after the largest are free. */
    @Override
    public long[] newIds(Connection c, int count) throws SQLException {
        long largest;
        try (var s = c.createStatement(); var rs = s.executeQuery("SELECT COALESCE(MAX(id), 0) FROM usage_requests")) {
            rs.next();
            largest = rs.getLong(1);
        }
        long[] ids = new long[count];
        for (int i = 0; i < count; i++) {
            ids[i] = largest + 1 + i;
        }
        return ids;
    }

    @Override
    public <T> T read(Work<T> work) throws SQLException {
        lock.lock();
        try {
            try {
                return work.run(connection());
            } catch (SQLException e) {
                dropIfBroken();
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = dataSource.getConnection();
        }
        return connection;
    }

    private void rollBack(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
            dropIfBroken();
        }
    }

    private void restoreAutoCommit(Connection c) {
        try {
            if (!c.isClosed()) {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            dropIfBroken();
        }
    }

    /** Closes the connection after a failure, so the next use opens a fresh one. */
    private void dropIfBroken() {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            // it is being dropped because it failed; a failure to close it changes nothing
        }
        connection = null;
    }

    /**
     * Refreshes the statistics the query planner chooses indexes by (each filter of the request log has its own), as
     * SQLite advises for a connection that stays open: at start with {@code first} (tables never analysed are
     * analysed), then every hour. Bounded: each index is sampled, not read whole.
     */
    @Override
    public void optimize(boolean first) throws SQLException {
        read(c -> {
            try (var s = c.createStatement()) {
                s.execute("PRAGMA analysis_limit=1000");
                s.execute(first ? "PRAGMA optimize=0x10002" : "PRAGMA optimize");
            }
            return null;
        });
    }

    @Override
    public String description() {
        return "sqlite:" + file;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            dropIfBroken();
        } finally {
            lock.unlock();
        }
    }
}
