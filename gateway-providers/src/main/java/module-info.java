/**
 * The built-in providers, one package each, registered through {@link java.util.ServiceLoader} exactly as a third
 * party's would be. {@code dev.aiproxy.providers.http} is public too: a third-party provider builds its upstream calls
 * with {@link dev.aiproxy.providers.http.UpstreamHttp}.
 */
module dev.aiproxy.providers {
    requires transitive dev.aiproxy.api;
    requires dev.aiproxy.translate;
    requires java.net.http;
    requires com.fasterxml.jackson.databind;

    exports dev.aiproxy.providers.anthropic;
    exports dev.aiproxy.providers.azure;
    exports dev.aiproxy.providers.echo;
    exports dev.aiproxy.providers.gemini;
    exports dev.aiproxy.providers.http;
    exports dev.aiproxy.providers.openai;

    // the same factories as META-INF/services/dev.aiproxy.api.spi.ProviderFactory, which serves the class path
    provides dev.aiproxy.api.spi.ProviderFactory with
            dev.aiproxy.providers.openai.OpenAiCompatibleProviderFactory,
            dev.aiproxy.providers.echo.EchoProviderFactory,
            dev.aiproxy.providers.anthropic.AnthropicProviderFactory,
            dev.aiproxy.providers.gemini.GeminiProviderFactory,
            dev.aiproxy.providers.azure.AzureOpenAiProviderFactory;
}
