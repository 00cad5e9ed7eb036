package dev.aiproxy.server;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.aiproxy.server.FormatUpstreams.CLAUDE;
import static dev.aiproxy.server.FormatUpstreams.MESSAGES;
import static dev.aiproxy.server.FormatUpstreams.answer;
import static dev.aiproxy.server.FormatUpstreams.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.MessageCreateParams;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.google.genai.Client;
import com.google.genai.errors.ApiException;
import com.google.genai.types.HttpOptions;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.aiproxy.api.error.ErrorType;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.UsageRecord;
import dev.aiproxy.routing.config.Budget;
import dev.aiproxy.routing.config.ClientConfig;
import dev.aiproxy.routing.config.ClientKeys;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.translate.testing.Fixtures;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A spent budget as each official SDK sees it: 429 in its own format (OpenAI {@code insufficient_quota}, Anthropic
 * {@code billing_error}, Gemini {@code RESOURCE_EXHAUSTED}), with a message naming the budget, and no retry.
 */
class BudgetEndToEndTest {
    private static final String TEAM_KEY = "sk-team-a-budget-0123456789";
    private static final String SECRET = "gw-budget-management-secret-0123";

    @RegisterExtension
    static WireMockExtension upstream = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    private final List<UsageRecord> records = new CopyOnWriteArrayList<>();
    private RunningGateway running;

    @BeforeEach
    void start() {
        // team-a's monthly budget is $0.01; the gateway's own is far away
        GatewayConfig config = FormatUpstreams.config(upstream.baseUrl()).toBuilder()
                .budget(new Budget(null, new BigDecimal("1000")))
                .managementSecret(SECRET)
                .addClient(new ClientConfig("team-a", ClientKeys.hash(TEAM_KEY), List.of("*"), null, null, null, 0, 0,
                        new Budget(null, new BigDecimal("0.01"))))
                .build();
        running = RunningGateway.of(Gateway.builder(config).onUsage(records::add).build());
        answer(upstream, MESSAGES, json(200, Fixtures.bytes("anthropic/message.json")));
    }

    @AfterEach
    void stop() {
        running.close();
    }

    /** One Claude answer: 2,095 x 3.00 + 503 x 15.00 = $0.01383, over team-a's $0.01. */
    private void spendTheBudget() {
        AnthropicClient client = AnthropicOkHttpClient.builder().baseUrl(running.baseUrl()).apiKey(TEAM_KEY)
                .maxRetries(0).build();
        try {
            client.messages().create(MessageCreateParams.builder().model(CLAUDE).maxTokens(10).addUserMessage("Hi")
                    .build());
        } finally {
            client.close();
        }
        assertThat(running.gateway().spent("team-a")[1]).isEqualByComparingTo("0.01383");
    }

    @Test
    void anOpenAiClientGetsInsufficientQuotaAndDoesNotRetry() {
        spendTheBudget();
        // the SDK would retry a plain 429 twice; x-should-retry: false tells it not to
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(running.baseUrl() + "/v1").apiKey(TEAM_KEY)
                .maxRetries(2).build();
        try {

            assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                    .model(CLAUDE).addUserMessage("Hi").build()))
                    .isInstanceOfSatisfying(RateLimitException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(429);
                        assertThat(e.code()).contains("insufficient_quota");
                        assertThat(e.type()).contains("insufficient_quota");
                    })
                    .hasMessageContaining("client 'team-a' has used up its monthly budget of $0.01 (spent $0.01383)")
                    .hasMessageContaining("it resets at");
        } finally {
            client.close();
        }

        assertThat(records).hasSize(2);
        assertThat(records.get(1).errorType()).isEqualTo(ErrorType.BUDGET_EXCEEDED);
        assertThat(records.get(1).attempts()).as("refused before dispatch").isZero();
        assertThat(upstream.getAllServeEvents()).hasSize(1);
    }

    @Test
    void anAnthropicClientGetsItsBillingErrorAs429() {
        spendTheBudget();
        AnthropicClient client = AnthropicOkHttpClient.builder().baseUrl(running.baseUrl()).apiKey(TEAM_KEY)
                .maxRetries(2).build();
        try {

            assertThatThrownBy(() -> client.messages().create(MessageCreateParams.builder().model(CLAUDE)
                    .maxTokens(10).addUserMessage("Hi").build()))
                    .isInstanceOfSatisfying(com.anthropic.errors.RateLimitException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(429);
                        assertThat(e.errorType().orElseThrow().asString()).isEqualTo("billing_error");
                    })
                    .hasMessageContaining("monthly budget of $0.01");
        } finally {
            client.close();
        }
        assertThat(records).hasSize(2);
    }

    @Test
    void aGeminiClientGetsResourceExhausted() {
        spendTheBudget();
        try (Client client = Client.builder().apiKey(TEAM_KEY).vertexAI(false)
                .httpOptions(HttpOptions.builder().baseUrl(running.baseUrl()).apiVersion("v1beta")
                        .retryOptions(StreamClients.noRetries()).build())
                .build()) {

            assertThatThrownBy(() -> client.models.generateContent(CLAUDE, "Hi", null))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.code()).isEqualTo(429);
                        assertThat(e.status()).isEqualTo("RESOURCE_EXHAUSTED");
                        assertThat(e.message()).contains("monthly budget of $0.01");
                    });
        }
    }

    @Test
    void anotherClientIsNotRefused() throws Exception {
        spendTheBudget();

        RawHttp.Response other = RawHttp.post(running.baseUrl() + "/v1/chat/completions",
                "{\"model\":\"claude\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
                "Authorization", "Bearer " + FormatUpstreams.CLIENT_KEY);

        assertThat(other.status()).isEqualTo(200);
    }

    @Test
    void theManagementApiShowsWhatWasSpentBesideTheGatewaysAndEachClientsBudget() throws Exception {
        spendTheBudget();

        RawHttp.Response r = RawHttp.get(running.baseUrl() + "/v0/management/budgets", "X-Management-Key", SECRET);

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode body = new ObjectMapper().readTree(r.body());
        assertThat(body.path("day").asText()).matches("\\d{4}-\\d{2}-\\d{2}")
                .startsWith(body.path("month").asText());
        JsonNode all = body.path("gateway");
        assertThat(all.path("daily_usd").isNull()).isTrue();
        assertThat(all.path("monthly_usd").decimalValue()).isEqualByComparingTo("1000");
        assertThat(all.path("spent_today_usd").decimalValue()).isEqualByComparingTo("0.01383");
        assertThat(all.path("spent_this_month_usd").decimalValue()).isEqualByComparingTo("0.01383");
        JsonNode team = client(body, "team-a");
        assertThat(team.path("daily_usd").isNull()).isTrue();
        assertThat(team.path("monthly_usd").decimalValue()).isEqualByComparingTo("0.01");
        assertThat(team.path("spent_this_month_usd").decimalValue()).isEqualByComparingTo("0.01383");
        assertThat(body.path("clients").size()).isEqualTo(2);
        body.path("clients").forEach(c -> assertThat(c.path("spent_today_usd").decimalValue())
                .isEqualByComparingTo(c.path("name").asText().equals("team-a") ? "0.01383" : "0"));
    }

    private static JsonNode client(JsonNode budgets, String name) {
        for (JsonNode c : budgets.path("clients")) {
            if (c.path("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no client '" + name + "' in " + budgets);
    }
}
