package dev.aiproxy.providers.openai;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.spi.Credential;
import dev.aiproxy.api.spi.Provider;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.api.spi.UpstreamRequest;
import dev.aiproxy.api.spi.UpstreamResponse;
import dev.aiproxy.providers.http.UpstreamCall;
import dev.aiproxy.providers.http.UpstreamHttp;
import java.net.URI;

/**
 * Calls {@code POST {base-url}/chat/completions} with {@code Authorization: Bearer <key>}, as
 * https://platform.openai.com/docs/api-reference/chat/create documents it.
 */
final class OpenAiCompatibleProvider implements Provider {
    private final ProviderConfig config;
    private final UpstreamHttp http;

    OpenAiCompatibleProvider(ProviderConfig config) {
        this.config = config;
        this.http = new UpstreamHttp(config.connectTimeout());
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
        Credential credential = request.credential();
        URI base = credential.baseUrl() != null ? credential.baseUrl() : config.baseUrl();
        URI uri = http.uri(base, b -> UpstreamHttp.resolve((URI) b, "/chat/completions"));
        UpstreamCall.Builder builder = UpstreamCall.post(uri)
                .header("Content-Type", "application/json")
                .header("Accept", request.stream() ? "text/event-stream" : "application/json");
        config.headers().forEach(builder::header);
        credential.headers().forEach(builder::header);
        request.headers().forEach(builder::header);
        if (credential.apiKey() != null) {
            builder.header("Authorization", "Bearer " + credential.apiKey().reveal());
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
        return "OpenAiCompatibleProvider[" + config.name() + " " + config.baseUrl() + "]";
    }
}
