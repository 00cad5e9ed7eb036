package dev.aiproxy.usage.internal;

import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * Brings a database's schema up to date with Flyway: the numbered migrations in {@code dev/aiproxy/usage/db/migration},
 * one schema for every database, with the one thing that differs (the id column) as a placeholder.
 */
public final class Schema {
    static final String LOCATION = "classpath:dev/aiproxy/usage/db/migration";

    private Schema() {
    }

    /**
     * @param idColumn the id column's type and key, in the database's own words
     * @param rollupOptions what follows a rollup table's definition: SQLite's {@code WITHOUT ROWID}, or nothing
     * @throws FlywayException when a migration fails, or the database is not one
     */
    public static void migrate(DataSource dataSource, String idColumn, String rollupOptions) {
        configure(dataSource, idColumn, rollupOptions).load().migrate();
    }

    /** Flyway as {@link #migrate} runs it; a test may stop it at an earlier version. */
    static FluentConfiguration configure(DataSource dataSource, String idColumn, String rollupOptions) {
        return Flyway.configure(Schema.class.getClassLoader())
                .dataSource(dataSource)
                .locations(LOCATION)
                .placeholders(Map.of("id_column", idColumn, "rollup_options", rollupOptions))
                .table("usage_schema_history")
                // a migration change after release must be a new migration, never an edit
                .validateMigrationNaming(true);
    }
}
