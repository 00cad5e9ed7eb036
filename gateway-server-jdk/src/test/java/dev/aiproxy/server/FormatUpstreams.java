package dev.aiproxy.server;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.routing.config.Limits;
import dev.aiproxy.routing.config.Resilience;

/**
 * One WireMock server standing in for an upstream of each format, and the gateway config that routes a model to
 * each: {@value #CLAUDE} to a {@code claude} upstream, {@value #GEMINI} to a {@code gemini} one, {@value #GPT} to an
 * OpenAI-compatible one.
 */
final class FormatUpstreams {
    static final String CLIENT_KEY = "gw-formats-client-key-0123";
    static final String CLAUDE = "claude";
    static final String GEMINI = "gemini";
    static final String GPT = "gpt";
    static final String CLAUDE_UPSTREAM = "claude-sonnet-4-5-20250929";
    static final String GEMINI_UPSTREAM = "gemini-2.5-flash";
    static final String GPT_UPSTREAM = "gpt-4o-mini-2024-07-18";
    static final String CLAUDE_KEY = "sk-ant-upstream-formats-0123456789";
    static final String GEMINI_KEY = "AIza-upstream-formats-0123456789";
    static final String GPT_KEY = "sk-upstream-formats-0123456789";

    static final String MESSAGES = "/v1/messages";
    static final String COUNT_TOKENS = "/v1/messages/count_tokens";
    static final String CHAT = "/v1/chat/completions";
    static final String GEMINI_GENERATE = "/v1beta/models/" + GEMINI_UPSTREAM + ":generateContent";
    static final String GEMINI_STREAM = "/v1beta/models/" + GEMINI_UPSTREAM + ":streamGenerateContent";
    static final String GEMINI_COUNT = "/v1beta/models/" + GEMINI_UPSTREAM + ":countTokens";

    private FormatUpstreams() {
    }

    /**
     * The three upstreams at {@code upstreamBaseUrl}, a client key, and a request body limit. One attempt per request
     * and no cooldowns: these tests look at what one upstream answer becomes for the client (retries and cooldowns
     * are ResilienceTest's).
     */
    static GatewayConfig config(String upstreamBaseUrl, long maxBody) {
        return GatewayConfig.builder()
                .port(0)
                .resilience(Resilience.builder().requestRetry(0).disableCooling(true).build())
                .addClientKey(CLIENT_KEY)
                .limits(new Limits(maxBody))
                .addProvider(ProviderConfig.builder("anthropic", "claude").baseUrl(upstreamBaseUrl)
                        .apiKey(CLAUDE_KEY).model(CLAUDE_UPSTREAM, CLAUDE).build())
                .addProvider(ProviderConfig.builder("google", "gemini").baseUrl(upstreamBaseUrl)
                        .apiKey(GEMINI_KEY).model(GEMINI_UPSTREAM, GEMINI).build())
                .addProvider(ProviderConfig.builder("openai", "openai-compatible").baseUrl(upstreamBaseUrl + "/v1")
                        .apiKey(GPT_KEY).model(GPT_UPSTREAM, GPT).build())
                .build();
    }

    static GatewayConfig config(String upstreamBaseUrl) {
        return config(upstreamBaseUrl, Limits.DEFAULTS.maxRequestBodyBytes());
    }

    /** Answers every call on {@code path} (query ignored) with {@code answer}. */
    static void answer(WireMockExtension upstream, String path, ResponseDefinitionBuilder answer) {
        upstream.stubFor(postTo(path).willReturn(answer));
    }

    static MappingBuilder postTo(String path) {
        return post(urlPathEqualTo(path));
    }

    static ResponseDefinitionBuilder json(int status, byte[] body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    static ResponseDefinitionBuilder json(int status, String body) {
        return json(status, body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static ResponseDefinitionBuilder sse(byte[] body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(body);
    }

    static ResponseDefinitionBuilder sse(String body) {
        return sse(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
