package dev.aiproxy.providers.openai;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.spi.Credential;
import dev.aiproxy.api.spi.Provider;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.api.spi.UpstreamRequest;
import dev.aiproxy.api.spi.UpstreamResponse;
import dev.aiproxy.providers.http.UpstreamHttp;
import java.net.URI;
import java.net.http.HttpRequest;

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
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .version(UpstreamHttp.versionFor(uri))
                .header("Content-Type", "application/json")
                .header("Accept", request.stream() ? "text/event-stream" : "application/json");
        config.headers().forEach(builder::setHeader);
        credential.headers().forEach(builder::setHeader);
        request.headers().forEach(builder::setHeader);
        if (credential.apiKey() != null) {
            builder.setHeader("Authorization", "Bearer " + credential.apiKey().reveal());
        }
        builder.POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
        return http.send(builder.build(), request.firstByteTimeout(), credential.proxy(), credential.id());
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
