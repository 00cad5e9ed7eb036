package dev.aiproxy.routing.internal.table;

import dev.aiproxy.api.spi.ModelMapping;
import dev.aiproxy.api.spi.Operation;
import dev.aiproxy.api.spi.Provider;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.routing.config.HealthCheck;
import dev.aiproxy.routing.internal.payload.CopiedHeaders;
import dev.aiproxy.routing.internal.payload.PayloadRewriter;
import dev.aiproxy.routing.internal.route.ModelRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One config snapshot made live: its providers and its model registry. Immutable; a reload builds a new table and
 * swaps it in, and requests already running finish on the table they started with.
 *
 * @param providers each provider with the entry it was built from, as written in the config (a factory may complete
 *     the entry, with a preset's base URL say; a reload compares what was written)
 * @param payload the config's payload rules, compiled
 * @param copiedHeaders the client headers each credential copies ({@code $} values, which providers never see)
 */
public record RoutingTable(GatewayConfig config, Map<ProviderConfig, Provider> providers, ModelRegistry registry,
        PayloadRewriter payload, CopiedHeaders copiedHeaders) {

    /** The entry of the built-in demo model. */
    static final ProviderConfig ECHO = ProviderConfig.builder("echo", "echo").apiKey(null).build();

    /**
     * Builds the providers of a config. A provider whose entry is unchanged since {@code previous} is reused, so its
     * connections stay warm.
     *
     * @throws IllegalArgumentException when an entry has no factory or its factory rejects it, a header copies a
     *     client's key header, or a payload rule's value is not JSON
     */
    public static RoutingTable build(GatewayConfig config, ProviderFactories factories, RoutingTable previous) {
        return build(config, factories, previous, Map.of());
    }

    /**
     * As {@link #build(GatewayConfig, ProviderFactories, RoutingTable)}, with the model lists fetched so far, by entry
     * name: an entry that {@link #fetchesModels fetches its models} serves its fetched list, once it has one.
     */
    public static RoutingTable build(GatewayConfig config, ProviderFactories factories, RoutingTable previous,
            Map<String, List<String>> fetched) {
        List<ProviderConfig> entries = new ArrayList<>(config.providers());
        if (config.echoModel()) {
            entries.add(ECHO);
        }
        CopiedHeaders copiedHeaders = CopiedHeaders.of(entries);
        PayloadRewriter payload = PayloadRewriter.of(config.payload());
        Map<ProviderConfig, Provider> built = new java.util.LinkedHashMap<>();
        try {
            for (ProviderConfig entry : entries) {
                Provider reused = previous == null ? null : previous.providers.get(entry);
                built.put(entry, reused != null ? reused
                        : factories.create(CopiedHeaders.withoutReferences(entry)));
            }
            checkHealthChecks(config, built);
        } catch (RuntimeException e) {
            built.forEach((entry, provider) -> {
                if (previous == null || previous.providers.get(entry) != provider) {
                    provider.close();
                }
            });
            throw e;
        }
        Map<ProviderConfig, Provider> providers = java.util.Collections.unmodifiableMap(built);
        return new RoutingTable(config, providers, registry(config, providers, fetched), payload, copiedHeaders);
    }

    /**
     * This table with the model lists fetched so far, by entry name: the same config and providers, a new model
     * registry. How a fetched list goes live without a reload.
     */
    public RoutingTable withModels(Map<String, List<String>> fetched) {
        return new RoutingTable(config, providers, registry(config, providers, fetched), payload, copiedHeaders);
    }

    /**
     * Whether an entry's models come from its upstream's model list: it lists no models, nor does any of its keys, its
     * provider has a model list, and its {@code models-refresh} is not off.
     *
     * @param written the entry as the config writes it (its factory may have added a preset's models)
     */
    public static boolean fetchesModels(GatewayConfig config, ProviderConfig written, Provider provider) {
        return written.models().isEmpty() && written.credentials().stream().allMatch(c -> c.models().isEmpty())
                && provider.supports(Operation.LIST_MODELS)
                && !config.modelRefresh().intervalOf(written.name()).isZero();
    }

    private static ModelRegistry registry(GatewayConfig config, Map<ProviderConfig, Provider> providers,
            Map<String, List<String>> fetched) {
        Map<String, List<ModelMapping>> models = new java.util.HashMap<>();
        providers.forEach((written, provider) -> {
            List<String> list = fetched.get(written.name());
            if (list != null && fetchesModels(config, written, provider)) {
                models.put(written.name(), list.stream().map(ModelMapping::of).toList());
            }
        });
        return ModelRegistry.of(List.copyOf(providers.values()), config.resilience().forceModelPrefix(), models);
    }

    /** A provider without a model list can only be checked with a one-token request, which needs a model. */
    private static void checkHealthChecks(GatewayConfig config, Map<ProviderConfig, Provider> built) {
        for (Map.Entry<ProviderConfig, Provider> e : built.entrySet()) {
            HealthCheck check = config.healthChecks().get(e.getKey().name());
            if (check != null && check.model() == null && !e.getValue().supports(Operation.LIST_MODELS)) {
                throw new IllegalArgumentException("provider '" + e.getKey().name() + "': health-check.model is "
                        + "required: its type (" + e.getKey().type() + ") has no model list, so the check asks a "
                        + "model for one token");
            }
        }
    }

    /** The providers of this table that {@code next} does not reuse: they can be closed once it is live. */
    public List<Provider> retiredBy(RoutingTable next) {
        Map<Provider, Boolean> kept = next.providers.values().stream()
                .collect(Collectors.toMap(Function.identity(), p -> true, (a, b) -> a,
                        java.util.IdentityHashMap::new));
        return providers.values().stream().filter(p -> !kept.containsKey(p)).toList();
    }
}
