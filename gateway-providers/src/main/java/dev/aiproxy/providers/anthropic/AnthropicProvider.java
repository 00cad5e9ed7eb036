package dev.aiproxy.providers.anthropic;

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
 * Calls {@code POST {base-url}/v1/messages} and {@code POST {base-url}/v1/messages/count_tokens} with
 * {@code x-api-key} and {@code anthropic-version}, as https://docs.anthropic.com/en/api/overview documents them, and
 * {@code GET {base-url}/v1/models} to list models (https://docs.anthropic.com/en/api/models-list).
 */
final class AnthropicProvider implements Provider {
    /** The API version the codec speaks; clients may send newer ones, the gateway sends its own (CLIENTS.md). */
    static final String API_VERSION = "2023-06-01";
    /** Sent with every call; an entry's or a key's {@code headers} may pin another version. */
    private static final Map<String, String> PROTOCOL_HEADERS = Map.of("anthropic-version", API_VERSION);

    private final ProviderConfig config;
    private final UpstreamHttp http;

    /** What a call's URL is built from. */
    private record Target(URI base, Operation operation) {
    }

    AnthropicProvider(ProviderConfig config) {
        this.config = config;
        this.http = new UpstreamHttp(config);
    }

    @Override
    public ProviderConfig config() {
        return config;
    }

    @Override
    public ApiFormat format() {
        return ApiFormat.ANTHROPIC_MESSAGES;
    }

    @Override
    public boolean supports(Operation operation) {
        return switch (operation) {
            case GENERATE, COUNT_TOKENS, LIST_MODELS -> true;
        };
    }

    @Override
    public UpstreamResponse send(UpstreamRequest request) {
        URI uri = http.uri(new Target(UpstreamHttp.baseUrl(config, request.credential()), request.operation()), k -> {
            Target t = (Target) k;
            return UpstreamHttp.resolve(apiRoot(t.base()), switch (t.operation()) {
                case GENERATE -> "/v1/messages";
                case COUNT_TOKENS -> "/v1/messages/count_tokens";
                // the largest page the list gives (https://docs.anthropic.com/en/api/models-list: limit, 1 to
                // 1000, 20 by default), so that one call has every model
                case LIST_MODELS -> "/v1/models?limit=1000";
            });
        });
        return http.sendJson(uri, request, config, PROTOCOL_HEADERS, "x-api-key", "");
    }

    /** The base URL without a trailing slash or {@code /v1}, which users often copy from other tools' settings. */
    static URI apiRoot(URI base) {
        String b = base.toString();
        while (b.endsWith("/")) {
            b = b.substring(0, b.length() - 1);
        }
        if (b.endsWith("/v1")) {
            b = b.substring(0, b.length() - "/v1".length());
        }
        return URI.create(b);
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "AnthropicProvider[" + config.name() + " " + config.baseUrl() + "]";
    }
}
