package dev.aiproxy.server;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.aiproxy.server.FormatUpstreams.CHAT;
import static dev.aiproxy.server.FormatUpstreams.CLAUDE;
import static dev.aiproxy.server.FormatUpstreams.CLIENT_KEY;
import static dev.aiproxy.server.FormatUpstreams.GPT;
import static dev.aiproxy.server.FormatUpstreams.MESSAGES;
import static dev.aiproxy.server.FormatUpstreams.answer;
import static dev.aiproxy.server.FormatUpstreams.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.errors.InternalServerException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.UsageRecord;
import dev.aiproxy.routing.config.CacheSettings;
import dev.aiproxy.server.management.ManagementJson;
import dev.aiproxy.server.management.RequestView;
import dev.aiproxy.translate.testing.Await;
import dev.aiproxy.translate.testing.Fixtures;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The response cache as the official SDKs see it: a repeated question answered once upstream and then from the cache
 * ({@code X-Gateway-Cache: hit}), whole or as a stream in the client's own format; {@code Cache-Control: no-cache},
 * the TTL and the byte bound; errors never stored.
 */
class ResponseCacheEndToEndTest {
    private static final String GPT_TEXT = "Hello! How can I assist you today?";
    private static final String CLAUDE_TEXT = "Hi! My name is Claude.";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String STREAMED_TEXT = "Hello! How can I help?";

    @RegisterExtension
    static WireMockExtension upstream = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    private final List<UsageRecord> records = new CopyOnWriteArrayList<>();
    private RunningGateway running;
    private OpenAIClient openAi;
    private AnthropicClient anthropic;

    private void start(CacheSettings cache) {
        running = RunningGateway.of(Gateway.builder(FormatUpstreams.config(upstream.baseUrl()).toBuilder()
                .cache(cache).build()).onUsage(records::add).build());
        openAi = OpenAIOkHttpClient.builder().baseUrl(running.baseUrl() + "/v1").apiKey(CLIENT_KEY).maxRetries(0)
                .build();
        anthropic = AnthropicOkHttpClient.builder().baseUrl(running.baseUrl()).apiKey(CLIENT_KEY).maxRetries(0)
                .build();
        answer(upstream, CHAT, json(200, Fixtures.bytes("openai/chat-completion.json")));
        answer(upstream, MESSAGES, json(200, Fixtures.bytes("anthropic/message.json")));
    }

    private void start() {
        start(cacheOf(Duration.ofMinutes(5), CacheSettings.DEFAULT_MAX_BYTES));
    }

    private static CacheSettings cacheOf(Duration ttl, long maxBytes) {
        return new CacheSettings(ttl, maxBytes, List.of(GPT, CLAUDE), List.of());
    }

    @AfterEach
    void stop() {
        if (openAi != null) {
            openAi.close();
            anthropic.close();
        }
        if (running != null) {
            running.close();
        }
    }

    @Test
    void theSecondIdenticalRequestIsAnsweredFromTheCacheAndCostsNothing() {
        start();

        HttpResponseFor<ChatCompletion> first = openAi.chat().completions().withRawResponse().create(ask("Hi"));
        HttpResponseFor<ChatCompletion> second = openAi.chat().completions().withRawResponse().create(ask("Hi"));

        assertThat(first.headers().values("X-Gateway-Cache")).containsExactly("miss");
        assertThat(second.headers().values("X-Gateway-Cache")).containsExactly("hit");
        assertThat(second.parse().choices().getFirst().message().content()).contains(GPT_TEXT);
        assertThat(second.parse().model()).isEqualTo(GPT);
        upstream.verify(1, postRequestedFor(urlPathEqualTo(CHAT)));
        Await.until(WAIT, () -> records.size() == 2, "both requests recorded");
        assertThat(records.get(0).cacheHit()).isFalse();
        assertThat(records.get(0).servedBy()).isNotNull();
        assertThat(records.get(1)).satisfies(hit -> {
            assertThat(hit.cacheHit()).isTrue();
            assertThat(hit.cost()).isEqualByComparingTo(BigDecimal.ZERO);
            assertThat(hit.servedBy()).isNull();
            assertThat(hit.attempts()).isZero();
            assertThat(hit.outcome()).isEqualTo(UsageRecord.Outcome.COMPLETED);
            // as the request log's JSON lines, GET /requests and the event feed show it
            assertThat(new String(ManagementJson.write(RequestView.of(hit)), StandardCharsets.UTF_8))
                    .contains("\"served\":null", "\"cost_usd\":0", "\"cache_hit\":true");
        });
        assertThat(new String(ManagementJson.write(RequestView.of(records.get(0))), StandardCharsets.UTF_8))
                .contains("\"cache_hit\":false");
    }

    @Test
    void anAnswerStoredWholeIsReplayedAsAnOpenAiStream() {
        start();
        openAi.chat().completions().create(ask("Hi"));

        StringBuilder text = new StringBuilder();
        List<String> cacheHeader;
        try (HttpResponseFor<com.openai.core.http.StreamResponse<ChatCompletionChunk>> streamed = openAi.chat()
                .completions().withRawResponse().createStreaming(ask("Hi"))) {
            cacheHeader = streamed.headers().values("X-Gateway-Cache");
            streamed.parse().stream().forEach(chunk -> chunk.choices()
                    .forEach(c -> c.delta().content().ifPresent(text::append)));
        }

        assertThat(cacheHeader).containsExactly("hit");
        assertThat(text).hasToString(GPT_TEXT);
        upstream.verify(1, postRequestedFor(urlPathEqualTo(CHAT)));
    }

    @Test
    void anAnthropicClientGetsItsHitWholeAndAsAStream() {
        start();
        anthropic.messages().create(hello(CLAUDE));

        com.anthropic.core.http.HttpResponseFor<Message> whole = anthropicRaw().create(hello(CLAUDE));
        StringBuilder text = new StringBuilder();
        List<String> streamedHeader;
        try (com.anthropic.core.http.HttpResponseFor<StreamResponse<RawMessageStreamEvent>> streamed = anthropicRaw()
                .createStreaming(hello(CLAUDE))) {
            streamedHeader = streamed.headers().values("X-Gateway-Cache");
            streamed.parse().stream().forEach(event -> {
                if (event.isContentBlockDelta() && event.asContentBlockDelta().delta().isText()) {
                    text.append(event.asContentBlockDelta().delta().asText().text());
                }
            });
        }

        assertThat(whole.headers().values("X-Gateway-Cache")).containsExactly("hit");
        assertThat(whole.parse().content().getFirst().text().orElseThrow().text()).isEqualTo(CLAUDE_TEXT);
        assertThat(streamedHeader).containsExactly("hit");
        assertThat(text).hasToString(CLAUDE_TEXT);
        upstream.verify(1, postRequestedFor(urlPathEqualTo(MESSAGES)));
    }

    @Test
    void anAnthropicClientIsReplayedAnAnswerTranslatedFromAnOpenAiUpstream() {
        start();
        anthropic.messages().create(hello(GPT));

        StringBuilder text = new StringBuilder();
        try (StreamResponse<RawMessageStreamEvent> events = anthropic.messages().createStreaming(hello(GPT))) {
            events.stream().forEach(event -> {
                if (event.isContentBlockDelta() && event.asContentBlockDelta().delta().isText()) {
                    text.append(event.asContentBlockDelta().delta().asText().text());
                }
            });
        }

        assertThat(text).hasToString(GPT_TEXT);
        upstream.verify(1, postRequestedFor(urlPathEqualTo(CHAT)));
    }

    @Test
    void aGeminiClientsAnswerIsReplayedAsAGeminiStream() {
        start();
        try (com.google.genai.Client gemini = StreamClients.gemini(running.baseUrl(), CLIENT_KEY)) {
            gemini.models.generateContent(GPT, "Hello", null);

            StringBuilder text = new StringBuilder();
            try (com.google.genai.ResponseStream<com.google.genai.types.GenerateContentResponse> chunks = gemini
                    .models.generateContentStream(GPT, "Hello", null)) {
                chunks.forEach(chunk -> text.append(chunk.text() == null ? "" : chunk.text()));
            }

            assertThat(text).hasToString(GPT_TEXT);
        }
        upstream.verify(1, postRequestedFor(urlPathEqualTo(CHAT)));
    }

    @Test
    void aResponsesClientIsReplayedItsAnswerWholeAndAsAStream() {
        start();
        com.openai.models.responses.ResponseCreateParams ask = com.openai.models.responses.ResponseCreateParams
                .builder().model(GPT).input("Hello").store(false).build();
        openAi.responses().create(ask);

        HttpResponseFor<com.openai.models.responses.Response> whole = openAi.responses().withRawResponse()
                .create(ask);
        StringBuilder text = new StringBuilder();
        try (com.openai.core.http.StreamResponse<com.openai.models.responses.ResponseStreamEvent> events = openAi
                .responses().createStreaming(ask)) {
            events.stream().filter(e -> e.isOutputTextDelta())
                    .forEach(e -> text.append(e.asOutputTextDelta().delta()));
        }

        assertThat(whole.headers().values("X-Gateway-Cache")).containsExactly("hit");
        assertThat(whole.parse().output().getFirst().asMessage().content().getFirst().asOutputText().text())
                .isEqualTo(GPT_TEXT);
        assertThat(text).hasToString(GPT_TEXT);
        upstream.verify(1, postRequestedFor(urlPathEqualTo(CHAT)));
    }

    @Test
    void noCacheFromTheClientGoesUpstream() {
        start();
        openAi.chat().completions().create(ask("Hi"));

        HttpResponseFor<ChatCompletion> fresh = openAi.chat().completions().withRawResponse().create(ask("Hi")
                .toBuilder().putAdditionalHeader("Cache-Control", "no-cache").build());

        assertThat(fresh.headers().values("X-Gateway-Cache")).containsExactly("miss");
        assertThat(fresh.parse().choices().getFirst().message().content()).contains(GPT_TEXT);
        upstream.verify(2, postRequestedFor(urlPathEqualTo(CHAT)));
    }

    @Test
    void anotherQuestionIsAMiss() {
        start();
        openAi.chat().completions().create(ask("Hi"));

        HttpResponseFor<ChatCompletion> other = openAi.chat().completions().withRawResponse().create(ask("Bye"));

        assertThat(other.headers().values("X-Gateway-Cache")).containsExactly("miss");
        upstream.verify(2, postRequestedFor(urlPathEqualTo(CHAT)));
    }

    @Test
    void aStoredAnswerExpiresAfterTheTtl() {
        start(cacheOf(Duration.ofMillis(300), CacheSettings.DEFAULT_MAX_BYTES));
        openAi.chat().completions().create(ask("Hi"));

        // hits until the TTL has passed: each is answered here, so the upstream sees the second call only after it
        Await.until(WAIT, () -> openAi.chat().completions().withRawResponse().create(ask("Hi")).headers()
                .values("X-Gateway-Cache").equals(List.of("miss")), "a miss once the TTL has passed");

        upstream.verify(2, postRequestedFor(urlPathEqualTo(CHAT)));
    }

    @Test
    void theByteBoundEvictsAnswers() {
        // room for one stored answer of this size (about 1 KB as estimated: twice its 370 characters, and overhead), not two
        start(cacheOf(Duration.ofMinutes(5), 1_500));
        openAi.chat().completions().create(ask("Hi"));
        HttpResponseFor<ChatCompletion> again = openAi.chat().completions().withRawResponse().create(ask("Hi"));
        assertThat(again.headers().values("X-Gateway-Cache")).as("one answer fits").containsExactly("hit");

        openAi.chat().completions().create(ask("Bye"));
        openAi.chat().completions().create(ask("Hi"));
        openAi.chat().completions().create(ask("Bye"));

        // without the bound: Hi and Bye once each; with it, one of them was evicted and asked again
        assertThat(upstream.findAll(postRequestedFor(urlPathEqualTo(CHAT)))).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void anUpstreamErrorIsNotStored() {
        start();
        answer(upstream, CHAT, json(500, "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}"));
        assertThatThrownBy(() -> openAi.chat().completions().create(ask("Hi")))
                .isInstanceOf(InternalServerException.class);
        answer(upstream, CHAT, json(200, Fixtures.bytes("openai/chat-completion.json")));

        HttpResponseFor<ChatCompletion> after = openAi.chat().completions().withRawResponse().create(ask("Hi"));

        assertThat(after.headers().values("X-Gateway-Cache")).containsExactly("miss");
        assertThat(after.parse().choices().getFirst().message().content()).contains(GPT_TEXT);
        upstream.verify(2, postRequestedFor(urlPathEqualTo(CHAT)));
    }

    @Test
    void aModelTheConfigDoesNotNameIsNotCached() {
        start(new CacheSettings(Duration.ofMinutes(5), CacheSettings.DEFAULT_MAX_BYTES, List.of(CLAUDE),
                List.of()));
        openAi.chat().completions().create(ask("Hi"));

        HttpResponseFor<ChatCompletion> second = openAi.chat().completions().withRawResponse().create(ask("Hi"));

        assertThat(second.headers().values("X-Gateway-Cache")).isEmpty();
        upstream.verify(2, postRequestedFor(urlPathEqualTo(CHAT)));
    }

    @Test
    void aStreamedAnswerIsStoredOnceItEndedAndReplayedWhole() {
        start();
        answerStreams(Fixtures.text("openai/chat-completion-stream.sse"));

        String streamed = openAiStream(ask("Hi"));
        HttpResponseFor<ChatCompletion> whole = openAi.chat().completions().withRawResponse().create(ask("Hi"));

        assertThat(streamed).isEqualTo(STREAMED_TEXT);
        assertThat(whole.headers().values("X-Gateway-Cache")).containsExactly("hit");
        assertThat(whole.parse().choices().getFirst().message().content()).contains(STREAMED_TEXT);
        upstream.verify(1, postRequestedFor(urlPathEqualTo(CHAT)));
    }

    @Test
    void aStreamTranslatedForAnAnthropicClientIsStoredAndReplayedWhole() {
        start();
        answerStreams(Fixtures.text("openai/chat-completion-stream.sse"));
        try (StreamResponse<RawMessageStreamEvent> events = anthropic.messages().createStreaming(hello(GPT))) {
            events.stream().forEach(event -> { });
        }

        com.anthropic.core.http.HttpResponseFor<Message> whole = anthropicRaw().create(hello(GPT));

        assertThat(whole.headers().values("X-Gateway-Cache")).containsExactly("hit");
        assertThat(whole.parse().content().getFirst().text().orElseThrow().text()).isEqualTo(STREAMED_TEXT);
        upstream.verify(1, postRequestedFor(urlPathEqualTo(CHAT)));
    }

    @Test
    void aStreamCutShortIsNotStored() {
        start();
        String sse = Fixtures.text("openai/chat-completion-stream.sse");
        // the upstream breaks off after two chunks: no finish reason, no [DONE]
        String cut = String.join("\n\n", java.util.Arrays.asList(sse.split("\n\n")).subList(0, 2)) + "\n\n";
        answerStreams(cut);
        try {
            openAiStream(ask("Hi"));
        } catch (RuntimeException e) {
            // how the SDK reports the cut does not matter here; that the gateway stored nothing does
        }
        answerStreams(sse);

        HttpResponseFor<ChatCompletion> after = openAi.chat().completions().withRawResponse().create(ask("Hi"));

        assertThat(after.headers().values("X-Gateway-Cache")).containsExactly("miss");
        upstream.verify(2, postRequestedFor(urlPathEqualTo(CHAT)));
    }

    /** Streamed requests to the OpenAI upstream get {@code sse}; the others keep the JSON answer. */
    private static void answerStreams(String sse) {
        upstream.stubFor(FormatUpstreams.postTo(CHAT).atPriority(1)
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath("$.stream",
                        com.github.tomakehurst.wiremock.client.WireMock.equalTo("true")))
                .willReturn(FormatUpstreams.sse(sse)));
    }

    private String openAiStream(ChatCompletionCreateParams params) {
        StringBuilder text = new StringBuilder();
        try (com.openai.core.http.StreamResponse<ChatCompletionChunk> chunks = openAi.chat().completions()
                .createStreaming(params)) {
            chunks.stream().forEach(chunk -> chunk.choices()
                    .forEach(c -> c.delta().content().ifPresent(text::append)));
        }
        return text.toString();
    }

    private com.anthropic.services.blocking.MessageService.WithRawResponse anthropicRaw() {
        return anthropic.messages().withRawResponse();
    }

    private static ChatCompletionCreateParams ask(String question) {
        return ChatCompletionCreateParams.builder().model(GPT).addUserMessage(question).build();
    }

    private static MessageCreateParams hello(String model) {
        return MessageCreateParams.builder().model(model).maxTokens(100).addUserMessage("Hello").build();
    }
}
