package dev.aiproxy.server;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.aiproxy.server.FormatUpstreams.CHAT;
import static dev.aiproxy.server.FormatUpstreams.CLAUDE;
import static dev.aiproxy.server.FormatUpstreams.GPT;
import static dev.aiproxy.server.FormatUpstreams.MESSAGES;
import static dev.aiproxy.server.FormatUpstreams.answer;
import static dev.aiproxy.server.FormatUpstreams.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.HttpResponseFor;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.aiproxy.routing.UsageRecord;
import dev.aiproxy.routing.config.Budget;
import dev.aiproxy.routing.config.ClientConfig;
import dev.aiproxy.routing.config.ClientKeys;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.routing.usage.Dimension;
import dev.aiproxy.routing.usage.RequestLogQuery;
import dev.aiproxy.routing.usage.UsageQuery;
import dev.aiproxy.routing.usage.UsageTotal;
import dev.aiproxy.translate.testing.Await;
import dev.aiproxy.translate.testing.Fixtures;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server with its usage store: SQLite in a temporary folder, requests from the official SDKs, and a restart that
 * finds the totals and a spent budget where it left them.
 */
class UsageStoreEndToEndTest {
    private static final String TEAM_KEY = "sk-team-a-usage-store-0123456789";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    static WireMockExtension upstream = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    @TempDir
    Path dir;

    private RunningGateway running;

    /** The three upstreams, and team-a, whose daily budget ($0.01) one Claude answer ($0.01383) uses up. */
    private GatewayConfig config() {
        return FormatUpstreams.config(upstream.baseUrl()).toBuilder()
                .addClient(new ClientConfig("team-a", ClientKeys.hash(TEAM_KEY), List.of("*"), null, null, null, 0, 0,
                        new Budget(new BigDecimal("0.01"), null)))
                .build();
    }

    private void start() {
        running = RunningGateway.withStore(config(), dir);
    }

    /** As the launcher stops: the server, the gateway, then the store, which writes what waits. */
    private void stop() {
        running.close();
        running = null;
    }

    @AfterEach
    void stopIfRunning() {
        if (running != null) {
            stop();
        }
    }

    private OpenAIClient openAi(String key) {
        return OpenAIOkHttpClient.builder().baseUrl(running.baseUrl() + "/v1").apiKey(key).maxRetries(0).build();
    }

    private AnthropicClient anthropic(String key) {
        return AnthropicOkHttpClient.builder().baseUrl(running.baseUrl()).apiKey(key).maxRetries(0).build();
    }

    private static void upstreamsAnswer() {
        answer(upstream, MESSAGES, json(200, Fixtures.bytes("anthropic/message.json")));
        answer(upstream, CHAT, json(200, Fixtures.bytes("openai/chat-completion.json")));
    }

    @Test
    void everyRequestIsKeptWithItsCostAndTheIdItsClientWasGiven() throws Exception {
        upstreamsAnswer();
        start();
        OpenAIClient openAi = openAi(FormatUpstreams.CLIENT_KEY);
        AnthropicClient anthropic = anthropic(FormatUpstreams.CLIENT_KEY);

        var completion = openAi.chat().completions().withRawResponse()
                .create(ChatCompletionCreateParams.builder().model(GPT).addUserMessage("Hi").build());
        ChatCompletion parsed = completion.parse();
        HttpResponseFor<Message> message = anthropic.messages().withRawResponse()
                .create(MessageCreateParams.builder().model(CLAUDE).maxTokens(100).addUserMessage("Hi").build());
        message.parse();
        Await.until(WAIT, () -> running.store().status().written() == 2, "both records written");

        List<UsageRecord> log = running.store().requestLog(RequestLogQuery.latest(10)).records();
        assertThat(parsed.usage().orElseThrow().promptTokens()).isEqualTo(19);
        assertThat(log).extracting(UsageRecord::requestId).containsExactly(
                message.headers().values("x-request-id").getFirst(), completion.requestId().orElseThrow());
        // claude-sonnet-4-5: 2,095 x 3.00 + 503 x 15.00 = 13,830 / 1e6; gpt-4o-mini: 19 x 0.15 + 10 x 0.60 = 8.85 / 1e6
        assertThat(log).extracting(r -> r.cost().stripTrailingZeros().toPlainString())
                .containsExactly("0.01383", "0.00000885");
        assertThat(log.getFirst().client()).isEqualTo("api-keys#0");
        assertThat(log.getFirst().servedBy().upstreamModel()).isEqualTo(FormatUpstreams.CLAUDE_UPSTREAM);
        assertThat(RawHttp.get(running.baseUrl() + "/health").body())
                .contains("\"usage\":{\"store\":\"sqlite\",\"status\":\"healthy\",\"queued\":0,\"dropped\":0,"
                        + "\"written\":2}");
        openAi.close();
        anthropic.close();
    }

    @Test
    void aRestartKeepsTheTotalsAndASpentBudget() {
        upstreamsAnswer();
        start();
        OpenAIClient teamA = openAi(TEAM_KEY);
        ChatCompletionCreateParams hello = ChatCompletionCreateParams.builder().model(CLAUDE).addUserMessage("Hi")
                .build();
        teamA.chat().completions().create(hello);
        assertThatThrownBy(() -> teamA.chat().completions().create(hello))
                .as("one answer used up the daily budget").isInstanceOf(RateLimitException.class);
        teamA.close();

        stop();
        start();
        OpenAIClient again = openAi(TEAM_KEY);

        assertThatThrownBy(() -> again.chat().completions().create(hello))
                .as("still spent after the restart").isInstanceOf(RateLimitException.class)
                .hasMessageContaining("daily budget of $0.01");
        List<UsageTotal> totals = running.store().totals(UsageQuery.since(Instant.now().minus(Duration.ofDays(1)),
                Dimension.CLIENT));
        assertThat(totals).singleElement().satisfies(t -> {
            assertThat(t.client()).isEqualTo("team-a");
            assertThat(t.requests()).as("the answer, and a refusal before the restart").isGreaterThanOrEqualTo(2);
            assertThat(t.cost()).isEqualByComparingTo("0.01383");
            assertThat(t.meanDuration()).as("the requests' durations are kept with their totals").isPositive();
        });
        assertThat(running.gateway().spent("team-a")[0]).isEqualByComparingTo("0.01383");
        again.close();
    }
}
