package dev.aiproxy.providers.openai;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.spi.Provider;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.api.spi.UpstreamRequest;
import dev.aiproxy.api.spi.UpstreamResponse;
import dev.aiproxy.providers.http.UpstreamHttp;
import java.net.URI;
import java.util.Map;

/**
 * Calls {@code POST {base-url}/chat/completions} with {@code Authorization: Bearer <key>}, as
 * https://platform.openai.com/docs/api-reference/chat/create documents it.
 */
final class OpenAiCompatibleProvider implements Provider {
    private final ProviderConfig config;
    private final UpstreamHttp http;

    OpenAiCompatibleProvider(ProviderConfig config) {
        this.config = config;
        this.http = new UpstreamHttp(config);
    }

    @Override
    public ProviderConfig config() {
        return config;
    }

    @Override
    public ApiFormat format() {
        return ApiFormat.OPENAI_CHAT;
    }

    @Override
    public UpstreamResponse send(UpstreamRequest request) {
        URI uri = http.uri(UpstreamHttp.baseUrl(config, request.credential()),
                b -> UpstreamHttp.resolve((URI) b, "/chat/completions"));
        return http.sendJson(uri, request, config, Map.of(), "Authorization", "Bearer ");
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "OpenAiCompatibleProvider[" + config.name() + " " + config.baseUrl() + "]";
    }
}
