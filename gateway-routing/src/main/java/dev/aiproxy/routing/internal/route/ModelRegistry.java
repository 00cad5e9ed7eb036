package dev.aiproxy.routing.internal.route;

import dev.aiproxy.api.error.ModelNotFoundException;
import dev.aiproxy.api.spi.Credential;
import dev.aiproxy.api.spi.ModelMapping;
import dev.aiproxy.api.spi.Provider;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.routing.ModelInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Maps each client-visible model name to its candidates. A model is visible under its alias (or upstream name), and,
 * when its provider entry has a prefix, also as {@code prefix/name}, which reaches only that entry's credentials. With
 * {@code force-model-prefix}, a prefixed entry's models are reachable only with the prefix. Immutable; built once per
 * config snapshot. A disabled key is no candidate.
 */
public final class ModelRegistry {
    private final Map<String, Route> routes;
    private final List<ModelInfo> models;

    private ModelRegistry(Map<String, Route> routes, List<ModelInfo> models) {
        this.routes = routes;
        this.models = models;
    }

    /** Builds the registry from providers, in order. */
    public static ModelRegistry of(List<Provider> providers, boolean forceModelPrefix) {
        return of(providers, forceModelPrefix, Map.of());
    }

    /**
     * Builds the registry from providers, in order; an entry named in {@code fetched} serves that list (its upstream's
     * model list) in place of its own models.
     */
    public static ModelRegistry of(List<Provider> providers, boolean forceModelPrefix,
            Map<String, List<ModelMapping>> fetched) {
        Map<String, List<Candidate>> candidates = new LinkedHashMap<>();
        Map<String, String> ownerOf = new LinkedHashMap<>();
        for (Provider provider : providers) {
            ProviderConfig config = provider.config();
            for (Credential credential : config.credentials()) {
                if (credential.policy().disabled()) {
                    // kept in the config and listed by the admin API, never routed to
                    continue;
                }
                List<ModelMapping> served = credential.models().isEmpty() && fetched.containsKey(config.name())
                        ? fetched.get(config.name()) : config.modelsOf(credential);
                for (ModelMapping mapping : served) {
                    if (excluded(config, credential, mapping)) {
                        continue;
                    }
                    Candidate candidate = new Candidate(provider, credential, mapping.name());
                    List<String> names = new ArrayList<>(2);
                    if (config.prefix() == null || !forceModelPrefix
                            || config.prefix().equals(mapping.visibleName())) {
                        names.add(mapping.visibleName());
                    }
                    if (config.prefix() != null) {
                        names.add(config.prefix() + "/" + mapping.visibleName());
                    }
                    for (String name : names) {
                        candidates.computeIfAbsent(name, k -> new ArrayList<>()).add(candidate);
                        ownerOf.putIfAbsent(name, config.name());
                    }
                }
            }
        }
        Map<String, Route> routes = new LinkedHashMap<>();
        List<ModelInfo> models = new ArrayList<>();
        candidates.forEach((name, list) -> {
            routes.put(name, new Route(name, list));
            models.add(new ModelInfo(name, ownerOf.get(name), list.stream().map(c -> new ModelInfo.Serving(
                    c.provider().config().name(), c.credential().id(), c.upstreamModel())).toList()));
        });
        return new ModelRegistry(Map.copyOf(routes), List.copyOf(models));
    }

    private static boolean excluded(ProviderConfig config, Credential credential, ModelMapping mapping) {
        for (List<String> globs : List.of(config.excludedModels(), credential.excludedModels())) {
            for (String glob : globs) {
                if (Globs.matches(glob, mapping.name()) || Globs.matches(glob, mapping.visibleName())) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The route for a model name.
     *
     * @throws ModelNotFoundException when no provider serves it
     */
    public Route resolve(String model) {
        Route route = routes.get(model);
        if (route == null) {
            throw new ModelNotFoundException(model, "The model '" + model
                    + "' does not exist or is not served by this gateway (GET /v1/models, or /v1beta/models for Gemini "
                    + "clients, lists the models)");
        }
        return route;
    }

    /** The route for a model name, if it routes. */
    public Optional<Route> find(String model) {
        return Optional.ofNullable(routes.get(model));
    }

    /** Every model, in config order. */
    public List<ModelInfo> models() {
        return models;
    }

    /** Every route, for health reporting. */
    public Iterable<Route> routes() {
        return routes.values();
    }
}
