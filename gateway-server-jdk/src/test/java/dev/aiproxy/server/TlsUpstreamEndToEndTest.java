package dev.aiproxy.server;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.aiproxy.server.FormatUpstreams.CHAT;
import static dev.aiproxy.server.FormatUpstreams.CLAUDE;
import static dev.aiproxy.server.FormatUpstreams.CLAUDE_KEY;
import static dev.aiproxy.server.FormatUpstreams.CLIENT_KEY;
import static dev.aiproxy.server.FormatUpstreams.GEMINI;
import static dev.aiproxy.server.FormatUpstreams.GEMINI_GENERATE;
import static dev.aiproxy.server.FormatUpstreams.GPT;
import static dev.aiproxy.server.FormatUpstreams.GPT_KEY;
import static dev.aiproxy.server.FormatUpstreams.GPT_UPSTREAM;
import static dev.aiproxy.server.FormatUpstreams.MESSAGES;
import static dev.aiproxy.server.FormatUpstreams.answer;
import static dev.aiproxy.server.FormatUpstreams.json;
import static dev.aiproxy.server.FormatUpstreams.sse;
import static dev.aiproxy.server.TlsUpstreams.GLOBAL_CA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.InternalServerException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.server.testing.LoopbackProxy;
import dev.aiproxy.translate.testing.Fixtures;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The official SDKs against the server, its upstreams served over https as every hosted provider is: passthrough and
 * translation, JSON and streams over HTTP/2, one TLS connection for many calls, the first-byte timeout, and the trust
 * of a private CA, which only the {@code ca-file} settings give.
 */
class TlsUpstreamEndToEndTest {
    @RegisterExtension
    static WireMockExtension upstream = WireMockExtension.newInstance().options(TlsUpstreams.https()).build();

    private Gateway gateway;
    private GatewayServer server;
    private OpenAIClient openAi;
    private AnthropicClient anthropic;
    private LoopbackProxy relay;

    private void start(String top, String openAiEntry, Map<String, String> vars) {
        GatewayConfig config = TlsUpstreams.config(top, openAiEntry, "", vars);
        gateway = Gateway.create(config);
        server = GatewayServer.start(gateway);
        openAi = StreamClients.openAi(server.baseUrl(), CLIENT_KEY);
        anthropic = AnthropicOkHttpClient.builder().baseUrl(server.baseUrl()).apiKey(CLIENT_KEY).maxRetries(0).build();
    }

    private void start(String top) {
        start(top, "", Map.of("UPSTREAM", httpsUrl()));
    }

    private static String httpsUrl() {
        return "https://127.0.0.1:" + upstream.getHttpsPort();
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            openAi.close();
            anthropic.close();
            server.close();
            gateway.close();
        }
        if (relay != null) {
            relay.close();
        }
    }

    private static ChatCompletionCreateParams hello() {
        return ChatCompletionCreateParams.builder().model(GPT).addUserMessage("Hello").build();
    }

    private static MessageCreateParams helloClaude(String model) {
        return MessageCreateParams.builder().model(model).maxTokens(256).addUserMessage("Hello").build();
    }

    private static String text(Message message) {
        return message.content().stream().filter(ContentBlock::isText).map(b -> b.asText().text())
                .collect(Collectors.joining());
    }

    private String streamedText() {
        StringBuilder text = new StringBuilder();
        try (StreamResponse<ChatCompletionChunk> chunks = openAi.chat().completions().createStreaming(hello())) {
            chunks.stream().forEach(chunk -> chunk.choices()
                    .forEach(choice -> choice.delta().content().ifPresent(text::append)));
        }
        return text.toString();
    }

    private static List<String> protocols() {
        return upstream.getAllServeEvents().stream().map(ServeEvent::getRequest).map(r -> r.getProtocol()).toList();
    }

    @Test
    void openAiSdkGetsAPassedThroughCompletionOverHttp2() {
        answer(upstream, CHAT, json(200, Fixtures.bytes("openai/chat-completion.json")));
        start(GLOBAL_CA);

        ChatCompletion completion = openAi.chat().completions().create(hello());

        assertThat(completion.choices().getFirst().message().content()).contains("Hello! How can I assist you today?");
        upstream.verify(postRequestedFor(urlEqualTo(CHAT))
                .withHeader("Authorization", equalTo("Bearer " + GPT_KEY))
                .withRequestBody(matchingJsonPath("$.model", equalTo(GPT_UPSTREAM))));
        assertThat(protocols()).containsExactly("HTTP/2.0");
    }

    @Test
    void openAiSdkStreamsAPassedThroughStreamOverHttp2() {
        answer(upstream, CHAT, sse(Fixtures.bytes("openai/chat-completion-stream.sse")));
        start(GLOBAL_CA);

        String text = streamedText();

        assertThat(text).isEqualTo("Hello! How can I help?");
        assertThat(protocols()).containsExactly("HTTP/2.0");
    }

    @Test
    void anthropicSdkGetsAGeminiAnswerTranslated() {
        answer(upstream, GEMINI_GENERATE, json(200, Fixtures.bytes("gemini/generate-content-text.json")));
        start(GLOBAL_CA);

        Message message = anthropic.messages().create(helloClaude(GEMINI));

        assertThat(text(message)).isEqualTo("AI learns patterns from data to make predictions or decisions.");
        upstream.verify(postRequestedFor(urlEqualTo(GEMINI_GENERATE)));
    }

    @Test
    void geminiSdkStreamsAClaudeStreamTranslated() {
        answer(upstream, MESSAGES, sse(Fixtures.bytes("anthropic/stream-text.sse")));
        start(GLOBAL_CA);
        StringBuilder text = new StringBuilder();

        StreamClients.GEMINI.stream(server.baseUrl(), CLIENT_KEY, CLAUDE, text::append);

        assertThat(text.toString()).isEqualTo("Hello!");
        upstream.verify(postRequestedFor(urlEqualTo(MESSAGES)).withHeader("x-api-key", equalTo(CLAUDE_KEY)));
        assertThat(protocols()).containsExactly("HTTP/2.0");
    }

    @Test
    void anEntrysOwnCaFileIsTrustedByThatEntryOnly() {
        answer(upstream, CHAT, json(200, Fixtures.bytes("openai/chat-completion.json")));
        answer(upstream, MESSAGES, json(200, Fixtures.bytes("anthropic/message.json")));
        start("", "ca-file: ${CA_FILE}", Map.of("UPSTREAM", httpsUrl()));

        assertThat(openAi.chat().completions().create(hello()).choices()).hasSize(1);
        assertThatThrownBy(() -> anthropic.messages().create(helloClaude(CLAUDE)))
                .isInstanceOfSatisfying(com.anthropic.errors.AnthropicServiceException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(502));
    }

    @Test
    void withoutTheCaAnUpstreamIs502NamingItsCertificateAndNothingReachesIt() {
        answer(upstream, MESSAGES, json(200, Fixtures.bytes("anthropic/message.json")));
        start("");

        assertThatThrownBy(() -> anthropic.messages().create(helloClaude(CLAUDE)))
                .isInstanceOfSatisfying(com.anthropic.errors.AnthropicServiceException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(502);
                    assertThat(e.getMessage()).contains("TLS handshake with upstream claude#0 (" + httpsUrl()
                            + ") failed: the server's certificate was not accepted", "ca-file");
                });
        assertThatThrownBy(() -> openAi.chat().completions().create(hello()))
                .isInstanceOfSatisfying(InternalServerException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(502);
                    assertThat(e.getMessage()).contains("certificate was not accepted");
                });
        assertThat(upstream.getAllServeEvents()).isEmpty();
    }

    /**
     * Over a connection already open (a first call's TLS handshake alone may take longer than a short timeout): the
     * timeout is shortened by a reload, which keeps the provider and its connection.
     */
    @Test
    void anUpstreamSlowerThanTheFirstByteTimeoutIs504() {
        answer(upstream, CHAT, json(200, Fixtures.bytes("openai/chat-completion.json")));
        start(GLOBAL_CA);
        assertThat(openAi.chat().completions().create(hello()).choices()).hasSize(1);
        gateway.reload(TlsUpstreams.config(GLOBAL_CA, "", "", Map.of("UPSTREAM", httpsUrl(), "FIRST_BYTE", "300ms")));
        upstream.stubFor(FormatUpstreams.postTo(CHAT).willReturn(json(200, Fixtures.bytes("openai/chat-completion.json"))
                .withFixedDelay(3_000)));

        assertThatThrownBy(() -> openAi.chat().completions().create(hello()))
                .isInstanceOfSatisfying(com.openai.errors.OpenAIServiceException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(504);
                    assertThat(e.getMessage()).contains("timed out after 300 ms");
                });
    }

    @Test
    void answersAndStreamsOfOneProviderShareOneTlsConnection() throws Exception {
        answer(upstream, CHAT, sse(Fixtures.bytes("openai/chat-completion-stream.sse")));
        relay = LoopbackProxy.relayTo(upstream.getHttpsPort());
        start(GLOBAL_CA, "", Map.of("UPSTREAM", "https://127.0.0.1:" + relay.port()));

        for (int i = 0; i < 3; i++) {
            assertThat(streamedText()).isEqualTo("Hello! How can I help?");
        }
        answer(upstream, CHAT, json(200, Fixtures.bytes("openai/chat-completion.json")));
        assertThat(openAi.chat().completions().create(hello()).choices()).hasSize(1);
        assertThat(text(anthropic.messages().create(helloClaude(GPT)))).contains("Hello! How can I assist you");

        assertThat(upstream.getAllServeEvents()).hasSize(5);
        assertThat(protocols()).containsOnly("HTTP/2.0");
        assertThat(relay.connections()).isEqualTo(1);
    }
}
