package dev.aiproxy.providers.openai;

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
 * Calls {@code POST {base-url}/chat/completions} with {@code Authorization: Bearer <key>}, as
 * https://platform.openai.com/docs/api-reference/chat/create documents it, or {@code POST {base-url}/responses}
 * (https://platform.openai.com/docs/api-reference/responses/create) for an entry whose {@link OpenAiApi} is Responses
 * (which counts input tokens too, {@code POST {base-url}/responses/input_tokens}), and {@code GET {base-url}/models}
 * to list models (https://platform.openai.com/docs/api-reference/models/list), which OpenAI-compatible servers also
 * serve.
 */
final class OpenAiCompatibleProvider implements Provider {
    private final ProviderConfig config;
    private final OpenAiApi api;
    private final UpstreamHttp http;

    /** The key of a model-list or token-count URL, apart from the base URLs that key generation URLs. */
    private record Target(URI base, Operation operation) {
    }

    OpenAiCompatibleProvider(ProviderConfig config, OpenAiApi api) {
        this.config = config;
        this.api = api;
        this.http = new UpstreamHttp(config);
    }

    @Override
    public ProviderConfig config() {
        return config;
    }

    @Override
    public ApiFormat format() {
        return api.format();
    }

    @Override
    public boolean supports(Operation operation) {
        return api.path(operation) != null;
    }

    @Override
    public UpstreamResponse send(UpstreamRequest request) {
        URI base = UpstreamHttp.baseUrl(config, request.credential());
        URI uri = request.operation() == Operation.GENERATE
                ? http.uri(base, b -> UpstreamHttp.resolve((URI) b, api.path(Operation.GENERATE)))
                : http.uri(new Target(base, request.operation()), k -> {
                    Target t = (Target) k;
                    return UpstreamHttp.resolve(t.base(), api.path(t.operation()));
                });
        return http.sendJson(uri, request, config, Map.of(), "Authorization", "Bearer ");
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "OpenAiCompatibleProvider[" + config.name() + " " + config.baseUrl() + " " + api.optionValue() + "]";
    }
}
