package dev.aiproxy.providers.gemini;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.spi.Operation;
import dev.aiproxy.api.spi.Provider;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.api.spi.UpstreamRequest;
import dev.aiproxy.api.spi.UpstreamResponse;
import dev.aiproxy.providers.http.UpstreamHttp;
import java.net.URI;
import java.util.Map;

/**
 * Calls {@code POST {base}/v1beta/models/{model}:generateContent}, {@code :streamGenerateContent?alt=sse} or
 * {@code :countTokens} (https://ai.google.dev/api/generate-content, https://ai.google.dev/api/tokens), and
 * {@code GET {base}/v1beta/models} to list models (https://ai.google.dev/api/models#method:-models.list), with the key in
 * {@code x-goog-api-key}. The key never goes in the URL ({@code ?key=} also works, but URLs end up in logs).
 */
final class GeminiProvider implements Provider {
    private final ProviderConfig config;
    private final UpstreamHttp http;

    /** What a call's URL is built from. */
    private record Target(URI base, String model, Operation operation, boolean stream) {
    }

    GeminiProvider(ProviderConfig config) {
        this.config = config;
        this.http = new UpstreamHttp(config);
    }

    @Override
    public ProviderConfig config() {
        return config;
    }

    @Override
    public ApiFormat format() {
        return ApiFormat.GEMINI;
    }

    @Override
    public boolean supports(Operation operation) {
        return switch (operation) {
            case GENERATE, COUNT_TOKENS, LIST_MODELS -> true;
        };
    }

    /** @throws dev.aiproxy.api.error.InvalidRequestException when the model name cannot be a URL path segment */
    @Override
    public UpstreamResponse send(UpstreamRequest request) {
        URI base = UpstreamHttp.baseUrl(config, request.credential());
        URI uri = http.uri(new Target(base, request.model(), request.operation(), request.stream()), k -> {
            Target t = (Target) k;
            return GeminiUrls.of(t.base(), t.model(), t.operation(), t.stream());
        });
        return http.sendJson(uri, request, config, Map.of(), "x-goog-api-key", "");
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "GeminiProvider[" + config.name() + " " + config.baseUrl() + "]";
    }
}
