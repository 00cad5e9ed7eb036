package dev.aiproxy.routing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.error.AuthenticationException;
import dev.aiproxy.api.error.BudgetExceededException;
import dev.aiproxy.api.error.ErrorType;
import dev.aiproxy.api.error.PermissionDeniedException;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.routing.config.Budget;
import dev.aiproxy.routing.config.ClientConfig;
import dev.aiproxy.routing.config.ClientKeys;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.routing.config.ModelPrice;
import dev.aiproxy.routing.config.Resilience;
import dev.aiproxy.routing.config.RoutingStrategy;
import dev.aiproxy.routing.testing.TwoKeyUpstream;
import dev.aiproxy.translate.testing.Fixtures;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a request's record says beyond its tokens: its cost (from the price table, the config's prices first), its id,
 * its attempts, its time to first byte and the kind of its error; and typed calls made as a named client.
 */
class CostRecordTest {
    @RegisterExtension
    static WireMockExtension upstream = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    private final List<UsageRecord> records = new CopyOnWriteArrayList<>();

    private GatewayConfig.Builder config() {
        ProviderConfig openai = ProviderConfig.builder("openai", "openai-compatible")
                .baseUrl(upstream.baseUrl() + "/v1").apiKey(TwoKeyUpstream.BAD_KEY).apiKey(TwoKeyUpstream.GOOD_KEY).model("gpt-4o")
                .model("my-local-model").build();
        ProviderConfig claude = ProviderConfig.builder("claude", "claude").baseUrl(upstream.baseUrl())
                .apiKey("sk-ant-secret").model("claude-sonnet-4-5-20250929", "claude-sonnet").build();
        return GatewayConfig.builder().echoModel(false)
                .resilience(Resilience.builder().strategy(RoutingStrategy.FILL_FIRST).build())
                .addProvider(openai).addProvider(claude)
                .addClient(new ClientConfig("team-a", ClientKeys.hash("sk-team-a"), List.of("claude-*"), null, null,
                        null, 0, 0));
    }

    private Gateway gateway(GatewayConfig config) {
        return Gateway.builder(config).onUsage(records::add).build();
    }

    private static RawRequest openai(String model) {
        return RawRequest.of(ApiFormat.OPENAI_CHAT, ("{\"model\":\"" + model + "\",\"messages\":[]}")
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aRelayedAnswerIsPricedFromTheShippedTable() throws IOException {
        TwoKeyUpstream.answerOnTheSecondKey(upstream);

        try (Gateway gateway = gateway(config().build())) {
            GatewayTest.bodyOf(gateway.handle(openai("gpt-4o")));
        }

        // gpt-4o: 19 in x 2.50 + 10 out x 10.00 = 47.5 + 100 = 147.5 / 1e6
        assertThat(records).singleElement().satisfies(r -> assertThat(r.cost()).isEqualByComparingTo("0.0001475"));
    }

    @Test
    void theConfigsPricesComeFirst() throws IOException {
        TwoKeyUpstream.answerOnTheSecondKey(upstream);

        try (Gateway gateway = gateway(config().addPrice(ModelPrice.of("gpt-*", "1000000", "0")).build())) {
            GatewayTest.bodyOf(gateway.handle(openai("gpt-4o")));
        }

        // 19 input tokens at a million dollars per million tokens
        assertThat(records.getFirst().cost()).isEqualByComparingTo("19");
    }

    @Test
    void aModelWithoutAPriceCostsNullNotZeroAndIsListed() throws IOException {
        TwoKeyUpstream.answerOnTheSecondKey(upstream);

        try (Gateway gateway = gateway(config().build())) {
            GatewayTest.bodyOf(gateway.handle(openai("my-local-model")));
            GatewayTest.bodyOf(gateway.handle(openai("my-local-model")));

            assertThat(gateway.unpricedModels()).containsExactly("my-local-model");
        }
        assertThat(records).hasSize(2).allSatisfy(r -> {
            assertThat(r.usage()).isNotNull();
            assertThat(r.cost()).isNull();
        });
    }

    @Test
    void aTranslatedAnswerIsPricedByTheUpstreamModelThatServedIt() {
        upstream.stubFor(post("/v1/messages").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(Fixtures.bytes("anthropic/message.json"))));

        try (Gateway gateway = gateway(config().build())) {
            gateway.chat(ChatRequest.builder().model("claude-sonnet").user("Hi").build());
        }

        // claude-sonnet-4-5: 2,095 in x 3.00 + 503 out x 15.00 = 6,285 + 7,545 = 13,830 / 1e6
        assertThat(records.getFirst().cost()).isEqualByComparingTo("0.01383");
    }

    @Test
    void aRequestIsRecordedWithTheIdItWasGivenAndItsAttempts() throws IOException {
        TwoKeyUpstream.answerOnTheSecondKey(upstream);
        RequestContext context = new RequestContext(ClientConfig.ANONYMOUS, RequestContext.HeaderLookup.NONE, false,
                "req_given");

        try (Gateway gateway = gateway(config().build())) {
            GatewayTest.bodyOf(gateway.handle(new RawRequest(ApiFormat.OPENAI_CHAT,
                    "{\"model\":\"gpt-4o\",\"messages\":[]}".getBytes(StandardCharsets.UTF_8), null, null, context)));
        }

        UsageRecord record = records.getFirst();
        assertThat(record.requestId()).isEqualTo("req_given");
        assertThat(record.attempts()).as("sk-bad answered 503, then sk-good answered").isEqualTo(2);
        assertThat(record.endpoint()).isEqualTo("/v1/chat/completions");
        assertThat(record.timeToFirstByte()).isPositive().isLessThanOrEqualTo(record.duration());
        assertThat(record.errorType()).isNull();
    }

    @Test
    void aFailedRequestIsRecordedWithItsErrorTypeAndNoFirstByte() {
        try (Gateway gateway = gateway(config().build())) {
            gateway.handle(openai("no-such-model"));
        }

        UsageRecord record = records.getFirst();
        assertThat(record.requestId()).as("made by the gateway when none was given").matches("req_[0-9a-f]{32}");
        assertThat(record.errorType()).isEqualTo(ErrorType.NOT_FOUND);
        assertThat(record.attempts()).isZero();
        assertThat(record.timeToFirstByte()).isNull();
        assertThat(record.cost()).isNull();
    }

    @Test
    void typedCallsMadeAsAClientFollowItsPolicyAndCarryItsName() {
        upstream.stubFor(post("/v1/messages").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(Fixtures.bytes("anthropic/message.json"))));

        try (Gateway gateway = gateway(config().build())) {
            ClientGateway teamA = gateway.asClient("team-a");
            teamA.chat(ChatRequest.builder().model("claude-sonnet").user("Hi").build());
            assertThatThrownBy(() -> teamA.chat(ChatRequest.builder().model("gpt-4o").user("Hi").build()))
                    .as("team-a may use claude-* only").isInstanceOf(PermissionDeniedException.class);
            assertThatThrownBy(() -> gateway.asClient("nobody").chat(ChatRequest.builder().model("gpt-4o")
                    .user("Hi").build())).isInstanceOf(AuthenticationException.class).hasMessageContaining("nobody");
        }

        assertThat(records).extracting(UsageRecord::client).containsExactly("team-a", "team-a");
        assertThat(records.get(1).errorType()).isEqualTo(ErrorType.PERMISSION);
    }

    @Test
    void aClientsBudgetAppliesToTheTypedCallsMadeAsIt() {
        upstream.stubFor(post("/v1/messages").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(Fixtures.bytes("anthropic/message.json"))));
        GatewayConfig config = config().build();
        ClientConfig teamA = config.client("team-a").withBudget(new Budget(new BigDecimal("0.01"), null));
        GatewayConfig limited = config.toBuilder().clients(List.of(teamA)).build();
        ChatRequest hello = ChatRequest.builder().model("claude-sonnet").user("Hi").build();

        try (Gateway gateway = gateway(limited)) {
            gateway.asClient("team-a").chat(hello);

            assertThatThrownBy(() -> gateway.asClient("team-a").chat(hello))
                    .isInstanceOf(BudgetExceededException.class).hasMessageContaining("daily budget of $0.01");
            assertThat(gateway.chat(hello).usage()).as("the anonymous in-process client has no budget").isNotNull();
        }
    }
}
