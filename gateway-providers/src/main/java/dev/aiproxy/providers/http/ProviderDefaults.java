package dev.aiproxy.providers.http;

import dev.aiproxy.api.spi.ModelMapping;
import dev.aiproxy.api.spi.ProviderConfig;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Completes a provider entry with its type's defaults, the same way for every factory. */
public final class ProviderDefaults {
    private ProviderDefaults() {
    }

    /**
     * The entry with {@code baseUrl} when it sets none, and {@code models} when neither it nor any of its keys lists
     * models.
     *
     * @throws IllegalArgumentException when the resulting base URL is not http(s), or there is none at all
     */
    public static ProviderConfig apply(ProviderConfig config, URI baseUrl, List<ModelMapping> models) {
        ProviderConfig resolved = config;
        if (resolved.baseUrl() == null) {
            if (baseUrl == null) {
                throw new IllegalArgumentException("base-url: required for '" + config.name() + "'");
            }
            resolved = resolved.toBuilder().baseUrl(baseUrl).build();
        }
        if (resolved.models().isEmpty() && !models.isEmpty()
                && resolved.credentials().stream().allMatch(c -> c.models().isEmpty())) {
            resolved = resolved.toBuilder().models(models).build();
        }
        String scheme = resolved.baseUrl().getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("base-url: not an http(s) URL: \"" + resolved.baseUrl() + "\"");
        }
        return resolved;
    }

    /**
     * Checks that an entry sets only the options its factory knows, so that a misspelt one is not silently ignored.
     *
     * @throws IllegalArgumentException naming the unknown options and the known ones
     */
    public static void checkOptions(ProviderConfig config, Set<String> known) {
        Set<String> unknown = new TreeSet<>(config.options().keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("options: unknown " + unknown + " (known: "
                    + String.join(", ", new TreeSet<>(known)) + ")");
        }
    }
}
