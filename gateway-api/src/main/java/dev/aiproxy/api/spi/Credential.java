package dev.aiproxy.api.spi;

import static java.util.Objects.requireNonNull;

import dev.aiproxy.api.Secret;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * One upstream key with its own settings.
 *
 * @param id a stable name for logs and the admin API, such as {@code openai#0}; never the key itself
 * @param apiKey the key, or null for upstreams that need none (a local Ollama)
 * @param baseUrl overrides the provider's base URL for this key, or null
 * @param proxy an HTTP proxy for this key's calls, or null
 * @param headers extra headers sent with this key's calls
 * @param models the models this key serves; empty means the provider's list
 * @param excludedModels globs of models this key must not serve
 * @param policy how routing treats this key (weight, cooling, retries, error rules)
 */
public record Credential(String id, Secret apiKey, URI baseUrl, URI proxy, Map<String, String> headers,
        List<ModelMapping> models, List<String> excludedModels, CredentialPolicy policy) {
    public Credential {
        requireNonNull(id, "id");
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        models = models == null ? List.of() : List.copyOf(models);
        excludedModels = excludedModels == null ? List.of() : List.copyOf(excludedModels);
        policy = policy == null ? CredentialPolicy.DEFAULT : policy;
    }

    /** A key with the default routing policy. */
    public Credential(String id, Secret apiKey, URI baseUrl, URI proxy, Map<String, String> headers,
            List<ModelMapping> models, List<String> excludedModels) {
        this(id, apiKey, baseUrl, proxy, headers, models, excludedModels, CredentialPolicy.DEFAULT);
    }

    /**
     * The identity of this credential across config reloads: its provider's name and a fingerprint of its key. It
     * does not change when entries are reordered, and it reveals nothing of the key.
     */
    public String identity(String providerName) {
        return providerName + "/" + (apiKey == null ? id : apiKey.fingerprint());
    }

    @Override
    public String toString() {
        return "Credential[" + id + "]";
    }
}
