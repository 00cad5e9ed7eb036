package dev.aiproxy.usage;

import dev.aiproxy.routing.config.UsageSettings;
import dev.aiproxy.routing.usage.UsageStore;
import dev.aiproxy.routing.usage.UsageStoreException;
import dev.aiproxy.routing.usage.UsageStoreFactory;
import dev.aiproxy.usage.internal.JdbcUsageStore;
import dev.aiproxy.usage.internal.Schema;
import dev.aiproxy.usage.internal.SqliteDatabase;
import dev.aiproxy.usage.internal.UsageWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;

/**
 * Usage stores in SQLite files: {@code usage.store: sqlite:PATH}, a path relative to the config file's folder. The
 * file is created with its schema on first use, and migrated by Flyway when a newer gateway opens it.
 *
 * <pre>{@code
 * UsageStore store = SqliteUsageStoreFactory.open(Path.of("usage.db"), UsageSettings.DEFAULTS);
 * Gateway gateway = Gateway.builder(config).usageStore(store).build();   // close the store after the gateway
 * }</pre>
 */
public final class SqliteUsageStoreFactory implements UsageStoreFactory {
    private static final String SCHEME = "sqlite:";
    /** SQLite's rowid alias: ids grow with each insert, and a row is found by id without another index. */
    private static final String ID_COLUMN = "INTEGER PRIMARY KEY";

    @Override
    public boolean accepts(String location) {
        return location.startsWith(SCHEME);
    }

    @Override
    public UsageStore open(UsageSettings settings, Path baseDir) {
        return open(file(settings.store(), baseDir), settings, Clock.systemUTC());
    }

    @Override
    public UsageStore openForQueries(UsageSettings settings, Path baseDir) {
        Path file = file(settings.store(), baseDir);
        if (!Files.isRegularFile(file)) {
            throw new UsageStoreException("no usage database at " + file + " (usage.store: " + settings.store()
                    + "): the server creates it when it first starts", null);
        }
        SqliteDatabase database = SqliteDatabase.forReading(file);
        try {
            database.read(c -> {
                try (var s = c.createStatement()) {
                    return s.execute("SELECT 1 FROM usage_requests LIMIT 1");
                }
            });
        } catch (SQLException e) {
            database.close();
            throw new UsageStoreException("cannot read the usage database " + file + ": " + e.getMessage(), e);
        }
        return new JdbcUsageStore(database, null);
    }

    /**
     * Opens (creating when missing) the store in {@code file} and starts its writer.
     *
     * @throws UsageStoreException naming the file when it cannot be created, is not a database, or cannot be written
     */
    public static UsageStore open(Path file, UsageSettings settings) {
        return open(file, settings, Clock.systemUTC());
    }

    /** As {@link #open(Path, UsageSettings)}, with the clock retention counts from. */
    public static UsageStore open(Path file, UsageSettings settings, Clock clock) {
        SqliteDatabase database = SqliteDatabase.forWriting(file);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Schema.migrate(database.dataSource(), ID_COLUMN, " WITHOUT ROWID");
            // the file may be a database whose schema is fine but which cannot be written (read-only): find out now
            database.inTransaction(c -> {
                try (var s = c.createStatement()) {
                    return s.executeUpdate("DELETE FROM usage_requests WHERE id < 0");
                }
            });
            database.optimize(true);
        } catch (java.io.IOException | SQLException | RuntimeException e) {
            database.close();
            throw new UsageStoreException("cannot open the usage database " + file.toAbsolutePath() + ": "
                    + rootMessage(e), e);
        }
        UsageWriter writer = new UsageWriter(database, settings.queueCapacity(), settings.retentionDays(), clock);
        writer.start();
        return new JdbcUsageStore(database, writer);
    }

    private static Path file(String location, Path baseDir) {
        String path = location.substring(SCHEME.length());
        if (path.isBlank()) {
            throw new UsageStoreException("usage.store: 'sqlite:' needs a file path, such as sqlite:usage.db", null);
        }
        Path file = Path.of(path);
        return file.isAbsolute() || baseDir == null ? file : baseDir.resolve(file);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
        return e == root || e.getMessage() == null ? message : e.getMessage().lines().findFirst().orElse("")
                + (message.equals(e.getMessage()) ? "" : " (" + message + ")");
    }
}
