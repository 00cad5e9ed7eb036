package dev.aiproxy.routing.internal.table;

import dev.aiproxy.api.spi.Provider;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.api.spi.ProviderFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The {@link ProviderFactory} of each type, found with {@link ServiceLoader} through the context class loader, falling
 * back to this library's own loader (as an application server or a plugin host may set either).
 */
public final class ProviderFactories {
    private static final System.Logger LOG = System.getLogger(ProviderFactories.class.getName());

    private final Map<String, ProviderFactory> byType;

    private ProviderFactories(Map<String, ProviderFactory> byType) {
        this.byType = Map.copyOf(byType);
    }

    /** Discovers every factory on the class path. */
    public static ProviderFactories discover() {
        Map<String, ProviderFactory> found = new LinkedHashMap<>();
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null) {
            load(ServiceLoader.load(ProviderFactory.class, context), found);
        }
        load(ServiceLoader.load(ProviderFactory.class, ProviderFactories.class.getClassLoader()), found);
        return new ProviderFactories(found);
    }

    private static void load(ServiceLoader<ProviderFactory> loader, Map<String, ProviderFactory> found) {
        for (ProviderFactory factory : loader) {
            ProviderFactory previous = found.putIfAbsent(factory.type(), factory);
            if (previous != null && previous.getClass() != factory.getClass()) {
                LOG.log(System.Logger.Level.WARNING, () -> "two provider factories for type '" + factory.type()
                        + "': using " + previous.getClass().getName() + ", ignoring " + factory.getClass().getName());
            }
        }
    }

    /**
     * Builds the provider for one entry.
     *
     * @throws IllegalArgumentException when no factory serves its type, or the factory rejects the entry
     */
    public Provider create(ProviderConfig config) {
        ProviderFactory factory = byType.get(config.type());
        if (factory == null) {
            throw new IllegalArgumentException("provider '" + config.name() + "': no provider factory for type '"
                    + config.type() + "' (found: " + String.join(", ", byType.keySet()) + ")");
        }
        try {
            return factory.create(config);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("provider '" + config.name() + "': " + e.getMessage(), e);
        }
    }
}
