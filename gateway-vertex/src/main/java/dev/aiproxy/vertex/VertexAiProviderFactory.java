package dev.aiproxy.vertex;

import dev.aiproxy.api.spi.Provider;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.api.spi.ProviderFactory;
import dev.aiproxy.vertex.internal.VertexAiProvider;
import java.util.Set;
import dev.aiproxy.providers.http.ProviderDefaults;

/**
 * Builds providers for type {@code vertex-ai}: one publisher's models (Google's Gemini, or Anthropic's Claude) on a
 * Google Cloud project and location. Options: {@code project} (the service account's {@code project_id} by default),
 * {@code location} (a region such as {@code us-central1}, or {@code global}), {@code credentials} (a service-account
 * key file; Application Default Credentials when absent; a key's own {@code api-key} may be another service account's
 * key, its JSON or its file's path) and {@code publisher} ({@code google} or {@code anthropic}; by default
 * {@code anthropic} when every model is a Claude model). Calls go to Vertex's endpoint for the location unless the
 * entry sets a {@code base-url} (a private endpoint).
 */
public final class VertexAiProviderFactory implements ProviderFactory {
    public static final String TYPE = "vertex-ai";
    /** The option naming the Google Cloud project. */
    public static final String PROJECT = "project";
    /** The option naming the region, or {@code global}. */
    public static final String LOCATION = "location";
    /** The option naming the service-account key file. */
    public static final String CREDENTIALS = "credentials";
    /** The option naming the models' publisher, {@code google} or {@code anthropic}. */
    public static final String PUBLISHER = "publisher";
    private static final Set<String> OPTIONS = Set.of(PROJECT, LOCATION, CREDENTIALS, PUBLISHER);

    /** Called by {@link java.util.ServiceLoader}, which finds this factory as a {@link ProviderFactory}. */
    public VertexAiProviderFactory() {
    }

    @Override
    public String type() {
        return TYPE;
    }

    /**
     * Reads the entry's credentials now (a key file, or Application Default Credentials), so a bad one fails the
     * config rather than the first request.
     *
     * @throws IllegalArgumentException when an option is unknown or unusable, the credentials cannot be read, or a
     *     Claude entry lists no models
     */
    @Override
    public Provider create(ProviderConfig config) {
        ProviderDefaults.checkOptions(config, OPTIONS);
        return VertexAiProvider.create(config);
    }
}
