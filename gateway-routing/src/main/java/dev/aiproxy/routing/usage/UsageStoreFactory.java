package dev.aiproxy.routing.usage;

import dev.aiproxy.routing.config.UsageSettings;
import java.nio.file.Path;

/**
 * Opens usage stores of one kind, named by {@code usage.store} ({@code sqlite:PATH}, a PostgreSQL URL, ...). Found
 * through {@link java.util.ServiceLoader} by {@link UsageStores}: the {@code gateway-usage} module registers the
 * built-in ones, so an application that does not want a database leaves that module out.
 */
public interface UsageStoreFactory {

    /** Whether this factory opens {@code location}, by its scheme. */
    boolean accepts(String location);

    /**
     * Opens the store for writing and queries, creating it (or bringing its schema up to date) when needed, and
     * starts its writer.
     *
     * @param baseDir the folder a relative path is resolved against: the config file's
     * @throws UsageStoreException naming the location when it cannot be opened
     */
    UsageStore open(UsageSettings settings, Path baseDir);

    /**
     * Opens an existing store for queries only, beside a server that may be writing to it; never creates one. Its
     * {@link UsageStore#record} drops what it is given.
     *
     * @throws UsageStoreException naming the location when there is no such store, or it cannot be read
     */
    UsageStore openForQueries(UsageSettings settings, Path baseDir);
}
