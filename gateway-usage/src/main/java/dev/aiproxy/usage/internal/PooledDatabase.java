package dev.aiproxy.usage.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;

/**
 * A server database (PostgreSQL) through a HikariCP pool: the writer and the queries each take a connection of their
 * own. A connection waits at most {@link #CONNECT_WAIT} for the server, so a database that went away fails the
 * writer's batch quickly (it is tried again later) rather than holding it; the pool opens fresh connections once the
 * server is back.
 */
public final class PooledDatabase implements Database {
    static final Duration CONNECT_WAIT = Duration.ofSeconds(3);

    private final HikariDataSource pool;
    private final String description;

    /**
     * Opens the pool; its first connection is made now.
     *
     * @param description where, for messages: never the password
     * @throws com.zaxxer.hikari.pool.HikariPool.PoolInitializationException when the server cannot be reached
     */
    public PooledDatabase(String jdbcUrl, String user, String password, String description) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setPoolName("gw-usage");
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(CONNECT_WAIT.toMillis());
        config.setValidationTimeout(CONNECT_WAIT.toMillis());
        // a stopped gateway must not hold connections open on the team's server for long
        config.setIdleTimeout(Duration.ofMinutes(2).toMillis());
        config.addDataSourceProperty("connectTimeout", Long.toString(CONNECT_WAIT.toSeconds()));
        config.addDataSourceProperty("socketTimeout", "60");
        config.addDataSourceProperty("ApplicationName", "ai-proxy-gateway");
        this.pool = new HikariDataSource(config);
        this.description = description;
    }

    /** For the schema migration, which takes connections of its own. */
    public javax.sql.DataSource dataSource() {
        return pool;
    }

    @Override
    public <T> T inTransaction(Work<T> work) throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /**
     * From the id column's sequence, which every instance writing to the database shares: one round trip for the
     * batch.
     */
    @Override
    public long[] newIds(Connection c, int count) throws SQLException {
        long[] ids = new long[count];
        try (var s = c.prepareStatement("SELECT nextval(pg_get_serial_sequence('usage_requests', 'id')) "
                + "FROM generate_series(1, ?)")) {
            s.setInt(1, count);
            try (var rs = s.executeQuery()) {
                for (int i = 0; i < count && rs.next(); i++) {
                    ids[i] = rs.getLong(1);
                }
            }
        }
        Arrays.sort(ids);
        return ids;
    }

    @Override
    public <T> T read(Work<T> work) throws SQLException {
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        }
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void close() {
        pool.close();
    }
}
