package dev.aiproxy.routing.usage;

import dev.aiproxy.routing.config.UsageSettings;
import dev.aiproxy.routing.internal.services.Services;
import java.nio.file.Path;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Opens the usage store a config names ({@code usage.store}) with the {@link UsageStoreFactory} that accepts it, found
 * through {@link ServiceLoader} (the context class loader first, then this library's).
 */
public final class UsageStores {
    private UsageStores() {
    }

    /**
     * The store {@code usage.store} names, open for writing; empty for {@code none}.
     *
     * @param baseDir the folder a relative path is resolved against: the config file's
     * @throws UsageStoreException when no factory on the class path accepts the location (gateway-usage missing), or
     *     the store cannot be opened
     */
    public static Optional<UsageStore> open(UsageSettings settings, Path baseDir) {
        if (settings.off()) {
            return Optional.empty();
        }
        return Optional.of(factory(settings.store()).open(settings, baseDir));
    }

    /**
     * The store {@code usage.store} names, open for queries only.
     *
     * @throws UsageStoreException when the store is off ({@code none}), missing, or cannot be read
     */
    public static UsageStore openForQueries(UsageSettings settings, Path baseDir) {
        if (settings.off()) {
            throw new UsageStoreException("usage.store is 'none': no usage is kept", null);
        }
        return factory(settings.store()).openForQueries(settings, baseDir);
    }

    private static UsageStoreFactory factory(String location) {
        for (UsageStoreFactory factory : Services.load(UsageStoreFactory.class)) {
            if (factory.accepts(location)) {
                return factory;
            }
        }
        String scheme = location.contains(":") ? location.substring(0, location.indexOf(':') + 1) : location;
        throw new UsageStoreException("no usage store on the class path opens '" + scheme + "' (usage.store): add "
                + "the dev.aiproxy:gateway-usage module, or set usage.store: none", null);
    }
}
