package dev.aiproxy.usage.internal;

import java.sql.Connection;
import java.sql.SQLException;

/** Connections to one usage database, handed to a piece of work at a time. Thread-safe. */
public interface Database extends AutoCloseable {

    /** Work done with a connection; it must not keep the connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. Blocks. */
    <T> T inTransaction(Work<T> work) throws SQLException;

    /**
     * Ids for {@code count} rows the caller's transaction is about to insert into {@code usage_requests}: each new and
     * greater than every id handed out before, so the request log's order by id is the order of writing.
     */
    long[] newIds(Connection connection, int count) throws SQLException;

    /** Runs {@code work} for reading. Blocks. */
    <T> T read(Work<T> work) throws SQLException;

    /**
     * Keeps the query planner's statistics fresh, when the database needs telling: at start ({@code first}), then
     * every hour. Blocks; does nothing by default.
     */
    default void optimize(boolean first) throws SQLException {
    }

    /** The database's kind and place, for messages and /health; never a password. */
    String description();

    @Override
    void close();
}
