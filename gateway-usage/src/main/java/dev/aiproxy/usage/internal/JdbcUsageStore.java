package dev.aiproxy.usage.internal;

import dev.aiproxy.routing.UsageRecord;
import dev.aiproxy.routing.usage.RequestLogPage;
import dev.aiproxy.routing.usage.RequestLogQuery;
import dev.aiproxy.routing.usage.UsageQuery;
import dev.aiproxy.routing.usage.UsageStore;
import dev.aiproxy.routing.usage.UsageStoreException;
import dev.aiproxy.routing.usage.UsageTotal;
import java.sql.SQLException;
import java.util.List;

/**
 * A usage store over a JDBC database: records go to the {@link UsageWriter}'s queue, queries to the database. With
 * no writer, a store for queries only. Thread-safe.
 */
public final class JdbcUsageStore implements UsageStore {
    private final Database database;
    private final UsageWriter writer;

    /** @param writer null for a store that is only queried */
    public JdbcUsageStore(Database database, UsageWriter writer) {
        this.database = database;
        this.writer = writer;
    }

    @Override
    public void record(UsageRecord record) {
        if (writer != null) {
            writer.offer(record);
        }
    }

    @Override
    public Status status() {
        if (writer == null) {
            return new Status(database.description(), true, 0, 0, 0, null);
        }
        String error = writer.lastError();
        return new Status(database.description(), error == null, writer.queued(), writer.dropped(), writer.written(),
                error);
    }

    @Override
    public List<UsageTotal> totals(UsageQuery query) {
        try {
            return UsageReader.totals(database, query);
        } catch (SQLException e) {
            throw new UsageStoreException("cannot read usage totals from " + database.description() + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public RequestLogPage requestLog(RequestLogQuery query) {
        try {
            return RequestLogReader.page(database, query);
        } catch (SQLException e) {
            throw new UsageStoreException("cannot read the request log from " + database.description() + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (writer != null) {
            writer.close();
        }
        database.close();
    }

    @Override
    public String toString() {
        return "JdbcUsageStore[" + database.description() + "]";
    }
}
