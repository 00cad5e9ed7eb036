package dev.aiproxy.providers.gemini;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.spi.Credential;
import dev.aiproxy.api.spi.Operation;
import dev.aiproxy.api.spi.Provider;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.api.spi.UpstreamRequest;
import dev.aiproxy.api.spi.UpstreamResponse;
import dev.aiproxy.providers.http.UpstreamCall;
import dev.aiproxy.providers.http.UpstreamHttp;
import java.net.URI;

/**
 * Calls {@code POST {base}/v1beta/models/{model}:generateContent}, {@code :streamGenerateContent?alt=sse} or
 * {@code :countTokens} (https://ai.google.dev/api/generate-content, https://ai.google.dev/api/tokens) with the key in
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
        this.http = new UpstreamHttp(config.connectTimeout());
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
            case GENERATE, COUNT_TOKENS -> true;
        };
    }

    /** @throws dev.aiproxy.api.error.InvalidRequestException when the model name cannot be a URL path segment */
    @Override
    public UpstreamResponse send(UpstreamRequest request) {
        Credential credential = request.credential();
        URI base = credential.baseUrl() != null ? credential.baseUrl() : config.baseUrl();
        URI uri = http.uri(new Target(base, request.model(), request.operation(), request.stream()), k -> {
            Target t = (Target) k;
            return GeminiUrls.of(t.base(), t.model(), t.operation(), t.stream());
        });
        UpstreamCall.Builder builder = UpstreamCall.post(uri)
                .header("Content-Type", "application/json")
                .header("Accept", request.stream() ? "text/event-stream" : "application/json");
        config.headers().forEach(builder::header);
        credential.headers().forEach(builder::header);
        request.headers().forEach(builder::header);
        if (credential.apiKey() != null) {
            builder.header("x-goog-api-key", credential.apiKey().reveal());
        }
        return http.send(builder.body(request.body()), request.firstByteTimeout(), credential.proxy(),
                credential.id());
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
