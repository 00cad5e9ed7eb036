package dev.aiproxy.server;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
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
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.models.messages.MessageCreateParams;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseOutputItem;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.redis.testing.RedisServer;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.config.Budget;
import dev.aiproxy.routing.config.CacheSettings;
import dev.aiproxy.routing.config.ClientConfig;
import dev.aiproxy.routing.config.ClientKeys;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.routing.config.MetricsSettings;
import dev.aiproxy.routing.config.StateSettings;
import dev.aiproxy.routing.state.SharedState;
import dev.aiproxy.routing.state.SharedStates;
import dev.aiproxy.translate.testing.Await;
import dev.aiproxy.translate.testing.Fixtures;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two gateway instances over one real redis-server ({@code state: redis://...}), as the official SDKs see them: a
 * rate limit counted across both, a key cooled by one skipped by the other, a budget spent through one refused on the
 * other, a Responses conversation continued on the other, a cached answer replayed by the other (whole and streamed);
 * with Redis stopped mid-run, requests still served, {@code /health} degraded, and the state shared again once Redis
 * is back; with Redis stalled, no request held longer than {@code state.timeout} per call.
 */
class SharedStateEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String LIMITED_KEY = "sk-team-limited-0123456789";
    private static final String SPENDER_KEY = "sk-team-spender-0123456789";
    private static final String LATER_KEY = "sk-team-later-0123456789";
    private static final String GPT_TEXT = "Hello! How can I assist you today?";

    @RegisterExtension
    static WireMockExtension upstream = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    /** One gateway instance: its shared state, the gateway over it, the server in front; closed in that order. */
    private record Instance(SharedState state, RunningGateway running) implements AutoCloseable {
        String baseUrl() {
            return running.baseUrl();
        }

        Gateway gateway() {
            return running.gateway();
        }

        @Override
        public void close() {
            running.close();
            state.close();
        }
    }

    private RedisServer redis;
    private final List<AutoCloseable> open = new ArrayList<>();
    private Instance one;
    private Instance two;

    @BeforeEach
    void startRedis() throws Exception {
        redis = RedisServer.start();
        answer(upstream, CHAT, json(200, Fixtures.bytes("openai/chat-completion.json")));
        answer(upstream, MESSAGES, json(200, Fixtures.bytes("anthropic/message.json")));
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
        redis.close();
    }

    /** Both instances, each with {@code config} (changed by {@code change}) and the one Redis. */
    private void startBoth(UnaryOperator<GatewayConfig.Builder> change) {
        GatewayConfig config = change.apply(FormatUpstreams.config(upstream.baseUrl()).toBuilder()
                .state(new StateSettings(redis.url(), Duration.ofMillis(250)))
                .addClient(new ClientConfig("limited", ClientKeys.hash(LIMITED_KEY), List.of("*"), null, null, null,
                        10, 0))
                .addClient(new ClientConfig("later", ClientKeys.hash(LATER_KEY), List.of("*"), null, null, null,
                        2, 0))
                .addClient(new ClientConfig("spender", ClientKeys.hash(SPENDER_KEY), List.of("*"), null, null,
                        null, 0, 0, new Budget(null, new BigDecimal("0.01")))))
                .build();
        one = start(config);
        two = start(config);
    }

    private Instance start(GatewayConfig config) {
        SharedState state = SharedStates.open(config.state(), Clock.systemUTC());
        Instance instance = new Instance(state, RunningGateway.of(Gateway.builder(config).state(state).build()));
        open.add(instance);
        return instance;
    }

    private OpenAIClient openAi(Instance instance, String key) {
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(instance.baseUrl() + "/v1").apiKey(key)
                .maxRetries(0).build();
        open.add(client::close);
        return client;
    }

    private AnthropicClient anthropic(Instance instance, String key) {
        AnthropicClient client = AnthropicOkHttpClient.builder().baseUrl(instance.baseUrl()).apiKey(key)
                .maxRetries(0).build();
        open.add(client::close);
        return client;
    }

    private static ChatCompletionCreateParams hello(String model) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage("Hello").build();
    }

    @Test
    void aClientAllowedTenRequestsAMinuteGetsExactlyTenAcrossBothInstances() {
        startBoth(b -> b);
        List<OpenAIClient> clients = List.of(openAi(one, LIMITED_KEY), openAi(two, LIMITED_KEY));
        int served = 0;
        List<RateLimitException> refused = new ArrayList<>();

        for (int i = 0; i < 24; i++) {
            try {
                clients.get(i % 2).chat().completions().create(hello(GPT));
                served++;
            } catch (RateLimitException e) {
                refused.add(e);
            }
        }

        assertThat(served).isEqualTo(10);
        assertThat(refused).hasSize(14).allSatisfy(e -> {
            assertThat(e.statusCode()).isEqualTo(429);
            assertThat(e.headers().values("x-ratelimit-limit-requests")).containsExactly("10");
            assertThat(e.headers().values("retry-after")).isNotEmpty();
        });
        assertThat(refused.getFirst().getMessage()).contains("Rate limit reached for client 'limited'");
        upstream.verify(10, postRequestedFor(urlPathEqualTo(CHAT)));
    }

    @Test
    void aKeyCooledDownByOneInstanceIsSkippedByTheOther() {
        upstream.stubFor(post(CHAT).withHeader("Authorization", equalTo("Bearer sk-limited"))
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")
                        .withHeader("Content-Type", "application/json")
                        .withBody(Fixtures.bytes("openai/error-429.json"))));
        upstream.stubFor(post(CHAT).withHeader("Authorization", equalTo("Bearer sk-fine"))
                .willReturn(json(200, Fixtures.bytes("openai/chat-completion.json"))));
        startBoth(b -> b.resilience(dev.aiproxy.routing.config.Resilience.DEFAULTS)
                .addProvider(ProviderConfig.builder("pool", "openai-compatible").baseUrl(upstream.baseUrl() + "/v1")
                        .apiKey("sk-limited").apiKey("sk-fine").model("gpt-4o").build()));
        OpenAIClient first = openAi(one, CLIENT_KEY);
        while (callsWith("sk-limited") == 0) {
            assertThat(first.chat().completions().create(hello("gpt-4o")).choices()).hasSize(1);
        }
        Await.until(WAIT, () -> !two.gateway().cooldowns().active().isEmpty(), "the cooldown reaching two");

        OpenAIClient second = openAi(two, CLIENT_KEY);
        for (int i = 0; i < 10; i++) {
            assertThat(second.chat().completions().create(hello("gpt-4o")).choices().getFirst().message().content())
                    .contains(GPT_TEXT);
        }

        assertThat(callsWith("sk-limited")).as("one 429, then skipped by both instances").isEqualTo(1);
    }

    private static int callsWith(String key) {
        return upstream.findAll(postRequestedFor(urlEqualTo(CHAT)).withHeader("Authorization",
                equalTo("Bearer " + key))).size();
    }

    @Test
    void aBudgetSpentThroughOneInstanceIsRefusedOnTheOther() {
        startBoth(b -> b);

        // one Claude answer: 2,095 x 3.00 + 503 x 15.00 = $0.01383, over the spender's $0.01 a month
        anthropic(one, SPENDER_KEY).messages().create(MessageCreateParams.builder().model(CLAUDE).maxTokens(10)
                .addUserMessage("Hi").build());
        Await.until(WAIT, () -> two.gateway().spent("spender")[1].compareTo(new BigDecimal("0.01383")) == 0,
                "the spend reaching two");

        assertThatThrownBy(() -> anthropic(two, SPENDER_KEY).messages().create(MessageCreateParams.builder()
                .model(CLAUDE).maxTokens(10).addUserMessage("Hi").build()))
                .isInstanceOfSatisfying(AnthropicServiceException.class, e -> assertThat(e.statusCode())
                        .isEqualTo(429))
                .hasMessageContaining("client 'spender' has used up its monthly budget of $0.01 (spent $0.01383)");
        upstream.verify(1, postRequestedFor(urlPathEqualTo(MESSAGES)));
    }

    @Test
    void aPreviousResponseIdAnsweredByOneInstanceContinuesOnTheOther() {
        startBoth(b -> b);
        Response first = openAi(one, CLIENT_KEY).responses().create(ResponseCreateParams.builder().model(GPT)
                .input("Hello").build());
        OpenAIClient onTwo = openAi(two, CLIENT_KEY);

        Response second = onTwo.responses().create(ResponseCreateParams.builder().model(GPT).input("And again?")
                .previousResponseId(first.id()).build());

        assertThat(second.id()).isNotEqualTo(first.id()).startsWith("resp_");
        String sent = upstream.findAll(postRequestedFor(urlEqualTo(CHAT))).get(1).getBodyAsString();
        assertThat(sent).contains("Hello").contains(GPT_TEXT).contains("And again?");
        Response retrieved = onTwo.responses().retrieve(first.id());
        assertThat(retrieved.id()).isEqualTo(first.id());
        assertThat(retrieved.output().stream().filter(ResponseOutputItem::isMessage)
                .flatMap(item -> item.asMessage().content().stream()).map(c -> c.asOutputText().text()))
                .containsExactly(GPT_TEXT);
    }

    @Test
    void anAnswerCachedByOneInstanceReplaysOnTheOtherWholeAndStreamed() {
        startBoth(b -> b.cache(new CacheSettings(Duration.ofMinutes(5), CacheSettings.DEFAULT_MAX_BYTES,
                List.of(GPT), List.of())));
        HttpResponseFor<ChatCompletion> miss = openAi(one, CLIENT_KEY).chat().completions().withRawResponse()
                .create(hello(GPT));
        assertThat(miss.headers().values("X-Gateway-Cache")).containsExactly("miss");
        OpenAIClient onTwo = openAi(two, CLIENT_KEY);

        Await.until(WAIT, () -> {
            HttpResponseFor<ChatCompletion> whole = onTwo.chat().completions().withRawResponse().create(hello(GPT));
            return whole.headers().values("X-Gateway-Cache").equals(List.of("hit"))
                    && whole.parse().choices().getFirst().message().content().orElse("").equals(GPT_TEXT);
        }, "a hit on two");
        StringBuilder text = new StringBuilder();
        List<String> header;
        try (HttpResponseFor<StreamResponse<ChatCompletionChunk>> streamed = onTwo.chat().completions()
                .withRawResponse().createStreaming(hello(GPT))) {
            header = streamed.headers().values("X-Gateway-Cache");
            streamed.parse().stream().forEach(chunk -> chunk.choices()
                    .forEach(c -> c.delta().content().ifPresent(text::append)));
        }

        assertThat(header).containsExactly("hit");
        assertThat(text).hasToString(GPT_TEXT);
        upstream.verify(1, postRequestedFor(urlPathEqualTo(CHAT)));
    }

    @Test
    void withRedisStoppedRequestsAreServedHealthIsDegradedAndStateIsSharedAgainOnceItIsBack() throws Exception {
        startBoth(b -> b.metrics(new MetricsSettings(true)));
        assertThat(RawHttp.get(one.baseUrl() + "/health").body()).contains("\"state\":{\"store\":\"redis\","
                + "\"status\":\"healthy\"");

        redis.stop();

        for (Instance instance : List.of(one, two)) {
            assertThat(openAi(instance, LIMITED_KEY).chat().completions().create(hello(GPT)).choices().getFirst()
                    .message().content()).contains(GPT_TEXT);
        }
        Await.until(WAIT, () -> !one.gateway().stateStatus().healthy(), "one degraded");
        RawHttp.Response health = RawHttp.get(one.baseUrl() + "/health");
        // degraded, not unavailable: the instance serves on its own state, so a load balancer keeps it
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"degraded\"")
                .contains("\"state\":{\"store\":\"redis\",\"status\":\"degraded\"");
        assertThat(RawHttp.get(one.baseUrl() + "/metrics").body()).contains("gw_state_healthy 0.0")
                .containsPattern("gw_state_fallbacks_total [1-9]");

        redis.startAgain();

        Await.until(WAIT, () -> one.gateway().stateStatus().healthy() && two.gateway().stateStatus().healthy(),
                "both healthy again");
        assertThat(RawHttp.get(two.baseUrl() + "/health").status()).isEqualTo(200);
        assertThat(RawHttp.get(two.baseUrl() + "/metrics").body()).contains("gw_state_healthy 1.0");
        OpenAIClient onOne = openAi(one, LATER_KEY);
        onOne.chat().completions().create(hello(GPT));
        onOne.chat().completions().create(hello(GPT));
        assertThatThrownBy(() -> openAi(two, LATER_KEY).chat().completions().create(hello(GPT)))
                .as("the third request of a client allowed two, counted in Redis again")
                .isInstanceOf(RateLimitException.class);
    }

    @Test
    void aStalledRedisDelaysARequestNoLongerThanTheTimeout() throws Exception {
        startBoth(b -> b.cache(new CacheSettings(Duration.ofMinutes(5), CacheSettings.DEFAULT_MAX_BYTES,
                List.of(GPT), List.of())));
        OpenAIClient limited = openAi(one, LIMITED_KEY);
        redis.pause();
        try {
            long started = System.nanoTime();
            // a rate-limit admission and a cache lookup: two calls Redis does not answer, 250 ms each at most
            HttpResponseFor<ChatCompletion> answer = limited.chat().completions().withRawResponse()
                    .create(hello(GPT));
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(answer.parse().choices().getFirst().message().content()).contains(GPT_TEXT);
            assertThat(answer.headers().values("x-ratelimit-limit-requests")).containsExactly("10");
            // unbounded, the request would wait as long as the stall lasts (until resume())
            assertThat(took).isLessThan(Duration.ofSeconds(10));
            assertThat(RawHttp.get(one.baseUrl() + "/health").body())
                    .contains("\"state\":{\"store\":\"redis\",\"status\":\"degraded\"")
                    .contains("no answer within 250 ms");
        } finally {
            redis.resume();
        }

        Await.until(WAIT, () -> {
            limited.chat().completions().create(hello(GPT));
            return one.gateway().stateStatus().healthy();
        }, "healthy again once Redis answers");
    }
}
