package dev.aiproxy.providers.azure;

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
 * Calls an Azure OpenAI resource's Chat Completions (https://learn.microsoft.com/azure/ai-foundry/openai/reference,
 * "Chat completions - Create") in the scheme {@link AzureOpenAiUrls} describes, with the key in the {@code api-key}
 * header or, for a Microsoft Entra ID token, in {@code Authorization: Bearer}. The body is OpenAI's Chat format; the
 * model the gateway routes to is the deployment name. A stream's annotation-only chunks get the {@code delta} OpenAI's
 * clients need ({@link AnnotationChunkRepair}).
 */
final class AzureOpenAiProvider implements Provider {
    private final ProviderConfig config;
    private final String apiVersion;
    private final AzureAuth auth;
    private final UpstreamHttp http;

    /** What a call's URL is built from. */
    private record Target(URI endpoint, String deployment, Operation operation) {
    }

    AzureOpenAiProvider(ProviderConfig config, String apiVersion, AzureAuth auth) {
        this.config = config;
        this.apiVersion = apiVersion;
        this.auth = auth;
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
    public boolean supports(Operation operation) {
        return operation == Operation.GENERATE || operation == Operation.LIST_MODELS;
    }

    /** @throws dev.aiproxy.api.error.InvalidRequestException when the deployment name cannot be a path segment */
    @Override
    public UpstreamResponse send(UpstreamRequest request) {
        // the v1 scheme's URL does not name the deployment: one URL per endpoint, not one per model
        String deployment = AzureOpenAiUrls.V1.equals(apiVersion) ? "" : request.model();
        URI uri = http.uri(new Target(UpstreamHttp.baseUrl(config, request.credential()), deployment,
                request.operation()), k -> {
                    Target t = (Target) k;
                    return AzureOpenAiUrls.of(t.endpoint(), apiVersion, t.deployment(), t.operation());
                });
        UpstreamResponse response = http.sendJson(uri, request, config, Map.of(), auth.header(), auth.prefix());
        if (!request.stream() || !response.isSuccess()) {
            return response;
        }
        return new UpstreamResponse(response.status(), response.headers(), new AnnotationChunkRepair(response.body()));
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "AzureOpenAiProvider[" + config.name() + " " + config.baseUrl() + " api-version=" + apiVersion + "]";
    }
}
