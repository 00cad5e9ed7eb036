package dev.aiproxy.vertex.internal;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.spi.Credential;
import dev.aiproxy.api.spi.Operation;
import dev.aiproxy.api.spi.Provider;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.api.spi.UpstreamRequest;
import dev.aiproxy.api.spi.UpstreamResponse;
import dev.aiproxy.providers.http.UpstreamHttp;
import dev.aiproxy.providers.gemini.GeminiProviderFactory;
import dev.aiproxy.providers.http.ProviderDefaults;
import dev.aiproxy.vertex.VertexAiProviderFactory;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Calls one publisher's models on Vertex AI ({@link VertexLocation} for the URLs, {@link VertexPublisher} for the
 * format and methods) with an OAuth 2.0 access token in {@code Authorization: Bearer} ({@link AccessTokens}).
 * Vertex's errors are {@code google.rpc.Status} bodies ({@code {"error":{"code","message","status"}}},
 * https://cloud.google.com/apis/design/errors), which both codecs read: their message and status reach the client.
 */
public final class VertexAiProvider implements Provider {
    private final ProviderConfig config;
    private final VertexLocation location;
    private final VertexPublisher publisher;
    private final AccessTokens tokens;
    private final UpstreamHttp http;

    /** What a call's URL is built from. */
    private record Target(URI base, String model, boolean stream) {
    }

    private VertexAiProvider(ProviderConfig config, VertexLocation location, VertexPublisher publisher,
            AccessTokens tokens) {
        this.config = config;
        this.location = location;
        this.publisher = publisher;
        this.tokens = tokens;
        this.http = new UpstreamHttp(config);
    }

    /**
     * The provider of a {@code vertex-ai} entry whose options have been checked by name: reads its credentials (a
     * key file, or Application Default Credentials) now, so a bad one fails the config, not the first request.
     *
     * @throws IllegalArgumentException when an option's value, the credentials, or the models are unusable
     */
    public static Provider create(ProviderConfig config) {
        Map<String, String> options = config.options();
        List<String> models = new ArrayList<>();
        config.models().forEach(m -> models.add(m.name()));
        config.credentials().forEach(c -> c.models().forEach(m -> models.add(m.name())));
        VertexPublisher publisher = VertexPublisher.of(options.get(VertexAiProviderFactory.PUBLISHER), models);
        String file = options.get(VertexAiProviderFactory.CREDENTIALS);
        AccessTokens tokens = AccessTokens.load(config.credentials(),
                file == null || file.isBlank() ? null : Path.of(file.strip()));
        String project = options.get(VertexAiProviderFactory.PROJECT);
        VertexLocation location = new VertexLocation(project == null ? tokens.defaultProject() : project.strip(),
                strip(options.get(VertexAiProviderFactory.LOCATION)));
        if (publisher == VertexPublisher.ANTHROPIC && models.isEmpty()) {
            throw new IllegalArgumentException("models: required for Claude on Vertex, with their versions, such as "
                    + "'- name: claude-sonnet-4-5@20250929' and 'alias: claude-sonnet-4-5'");
        }
        return new VertexAiProvider(ProviderDefaults.apply(config, location.endpoint(),
                publisher == VertexPublisher.GOOGLE ? GeminiProviderFactory.DEFAULT_MODELS : List.of()),
                location, publisher, tokens);
    }

    private static String strip(String value) {
        return value == null ? null : value.strip();
    }

    @Override
    public ProviderConfig config() {
        return config;
    }

    @Override
    public ApiFormat format() {
        return publisher.format();
    }

    /** Generation only: token counts and model lists differ per publisher on Vertex and are not called. */
    @Override
    public boolean supports(Operation operation) {
        return operation == Operation.GENERATE;
    }

    /**
     * Blocks for a token refresh when the key's token has expired.
     *
     * @throws dev.aiproxy.api.error.InvalidRequestException when the model id cannot be a path segment
     * @throws dev.aiproxy.api.error.UpstreamException when no access token could be had, or no answer came
     */
    @Override
    public UpstreamResponse send(UpstreamRequest request) {
        URI uri = http.uri(new Target(UpstreamHttp.baseUrl(config, request.credential()), request.model(),
                request.stream()), k -> {
                    Target t = (Target) k;
                    return location.modelUrl(t.base(), publisher, t.model(), t.stream());
                });
        AccessTokens.Authorization authorization = tokens.authorize(request.credential(), uri,
                request.firstByteTimeout());
        byte[] body = publisher.body(request.body());
        Credential c = request.credential();
        // the call's key is the access token: sent as the bearer, after every configured header, and masked in errors
        Credential withToken = new Credential(c.id(), authorization.token(), c.baseUrl(), c.proxy(), c.headers(),
                c.models(), c.excludedModels(), c.policy());
        return http.sendJson(uri, new UpstreamRequest(withToken, request.model(), body, request.stream(),
                request.headers(), request.firstByteTimeout(), request.operation()), config,
                authorization.headers(), "Authorization", "Bearer ");
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "VertexAiProvider[" + config.name() + " " + location.project() + "/" + location.location() + " "
                + publisher.id() + "]";
    }
}
