package dev.aiproxy.routing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.error.PermissionDeniedException;
import dev.aiproxy.api.error.RateLimitedException;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.ChatResponse;
import dev.aiproxy.api.model.StreamEvent;
import dev.aiproxy.api.model.Text;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.routing.config.ClientConfig;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.routing.pipeline.Answer;
import dev.aiproxy.routing.pipeline.Call;
import dev.aiproxy.routing.pipeline.Interceptor;
import dev.aiproxy.routing.pipeline.ResolvedRoute;
import dev.aiproxy.translate.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The request pipeline as an application sees it: its own steps in the chain, server and in-process alike. */
class InterceptorTest {
    @RegisterExtension
    static WireMockExtension upstream = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    private final List<Call> seen = new CopyOnWriteArrayList<>();
    private final List<UsageRecord> ends = new CopyOnWriteArrayList<>();

    private Gateway gateway(Interceptor... interceptors) {
        ProviderConfig openai = ProviderConfig.builder("openai", "openai-compatible")
                .baseUrl(upstream.baseUrl() + "/v1").apiKey("sk-openai-secret").model("gpt-4o").build();
        ProviderConfig claude = ProviderConfig.builder("claude", "claude").baseUrl(upstream.baseUrl())
                .apiKey("sk-ant-secret").model("claude-sonnet-4-5-20250929", "claude-sonnet").build();
        Gateway.Builder builder = Gateway.builder(GatewayConfig.builder().echoModel(false)
                .addProvider(openai).addProvider(claude).build());
        for (Interceptor interceptor : interceptors) {
            builder.interceptor(interceptor);
        }
        return builder.build();
    }

    /** Records the call it sees and the request's end, and passes the call on unchanged. */
    private Interceptor watching() {
        return chain -> {
            seen.add(chain.call());
            chain.onEnd(ends::add);
            return chain.proceed(chain.call());
        };
    }

    private static RawRequest request(ApiFormat format, ClientConfig client, String json) {
        return new RawRequest(format, json.getBytes(StandardCharsets.UTF_8), null, null,
                new RequestContext(client, RequestContext.HeaderLookup.NONE));
    }

    private static String text(GatewayResponse response) throws IOException {
        return new String(GatewayTest.bodyOf(response), StandardCharsets.UTF_8);
    }

    @Test
    void aStepSeesTheResolvedCallAndTheEndOfAStreamWithItsUsage() throws IOException {
        upstream.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream")
                .withBody(Fixtures.bytes("openai/chat-completion-stream.sse"))));
        try (Gateway gateway = gateway(watching())) {
            GatewayResponse response = gateway.handle(request(ApiFormat.OPENAI_CHAT, ClientConfig.ANONYMOUS,
                    "{\"model\":\"gpt-4o\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
            assertThat(ends).as("a stream has not ended before it is written").isEmpty();
            assertThat(text(response)).contains("[DONE]");
        }
        Call call = seen.getFirst();
        assertThat(call.format()).isEqualTo(ApiFormat.OPENAI_CHAT);
        assertThat(call.client().name()).isEqualTo("anonymous");
        assertThat(call.model()).isEqualTo("gpt-4o");
        assertThat(call.stream()).isTrue();
        assertThat(call.route().targets()).extracting(ResolvedRoute.Target::provider).containsExactly("openai");
        assertThat(call.route().targets().getFirst().format()).isEqualTo(ApiFormat.OPENAI_CHAT);
        assertThat(call.route().targets().getFirst().credential()).doesNotContain("sk-openai-secret");
        UsageRecord end = ends.getFirst();
        assertThat(end.outcome()).isEqualTo(UsageRecord.Outcome.COMPLETED);
        assertThat(end.servedBy().provider()).isEqualTo("openai");
        assertThat(end.usage()).as("read from the relayed stream because a step listens").isNotNull();
    }

    @Test
    void aStepVetoesARequestWithAnErrorInTheClientsFormatCarryingItsHeaders() throws IOException {
        Interceptor veto = chain -> {
            throw new RateLimitedException("team budget spent", Duration.ofSeconds(30),
                    Map.of("x-team-budget", "spent"));
        };
        try (Gateway gateway = gateway(watching(), veto)) {
            GatewayResponse response = gateway.handle(request(ApiFormat.ANTHROPIC_MESSAGES, ClientConfig.ANONYMOUS,
                    "{\"model\":\"claude-sonnet\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
            assertThat(response.status()).isEqualTo(429);
            assertThat(response.headers()).containsEntry("x-team-budget", "spent").containsEntry("Retry-After", "30");
            assertThat(text(response)).contains("\"type\":\"error\"").contains("rate_limit_error")
                    .contains("team budget spent");
        }
        upstream.verify(0, anyRequestedFor(anyUrl()));
        assertThat(ends).singleElement().satisfies(end -> {
            assertThat(end.outcome()).isEqualTo(UsageRecord.Outcome.FAILED);
            assertThat(end.status()).isEqualTo(429);
        });
    }

    @Test
    void aStepAnswersByItselfWithoutCallingAnUpstream() throws IOException {
        Interceptor cached = chain -> chain.call().format() == null
                ? new Answer.Whole(new ChatResponse("cached", chain.call().model(), List.of(new Text("from cache")),
                        null, null, null))
                : new Answer.Wire(new GatewayResponse(200, Map.of("Content-Type", "application/json"),
                        new GatewayResponse.Bytes("{\"cached\":true}".getBytes(StandardCharsets.UTF_8))));
        try (Gateway gateway = gateway(cached)) {
            assertThat(text(gateway.handle(request(ApiFormat.OPENAI_CHAT, ClientConfig.ANONYMOUS,
                    "{\"model\":\"gpt-4o\",\"messages\":[]}")))).isEqualTo("{\"cached\":true}");
            assertThat(gateway.chat(ChatRequest.builder().model("gpt-4o").user("hi").build()).text())
                    .isEqualTo("from cache");
        }
        upstream.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aStepChangesTheModelAndAddsAHeaderToTheUpstreamCall() throws IOException {
        upstream.stubFor(post("/v1/messages").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(Fixtures.bytes("anthropic/message.json"))));
        Interceptor reroute = chain -> chain.proceed(chain.call().withModel("claude-sonnet")
                .withUpstreamHeader("X-Team", "payments"));
        try (Gateway gateway = gateway(reroute)) {
            GatewayResponse response = gateway.handle(request(ApiFormat.OPENAI_CHAT, ClientConfig.ANONYMOUS,
                    "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.headers()).containsEntry("X-Gateway-Model", "claude-sonnet");
            assertThat(text(response)).contains("\"object\":\"chat.completion\"");
        }
        upstream.verify(postRequestedFor(urlEqualTo("/v1/messages")).withHeader("X-Team", equalTo("payments"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("claude-sonnet-4-5-20250929"))));
    }

    @Test
    void typedCallsPassTheSameChain() {
        upstream.stubFor(post("/v1/messages").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream").withBody(Fixtures.bytes("anthropic/stream-text.sse"))));
        Interceptor onlyStreams = chain -> {
            if (!chain.call().stream()) {
                throw new PermissionDeniedException("only streams here");
            }
            return chain.proceed(chain.call().withUpstreamHeader("X-Typed", "yes"));
        };
        try (Gateway gateway = gateway(watching(), onlyStreams)) {
            ChatRequest question = ChatRequest.builder().model("claude-sonnet").user("hi").build();
            assertThatThrownBy(() -> gateway.chat(question)).isInstanceOf(PermissionDeniedException.class)
                    .hasMessage("only streams here");
            StringBuilder text = new StringBuilder();
            try (ChatStream events = gateway.stream(question)) {
                for (StreamEvent event : events) {
                    if (event instanceof StreamEvent.TextDelta delta) {
                        text.append(delta.text());
                    }
                }
            }
            assertThat(text).isNotEmpty();
        }
        assertThat(seen).hasSize(2).allSatisfy(call -> {
            assertThat(call.format()).as("a typed call has no wire format").isNull();
            assertThat(call.request()).isNotNull();
            assertThat(call.body()).isNull();
        });
        assertThat(ends).extracting(UsageRecord::outcome)
                .containsExactly(UsageRecord.Outcome.FAILED, UsageRecord.Outcome.COMPLETED);
        assertThat(ends).extracting(UsageRecord::client).containsOnly("in-process");
        upstream.verify(1, postRequestedFor(urlEqualTo("/v1/messages")).withHeader("X-Typed", equalTo("yes")));
    }

    @Test
    void theGatewaysOwnStepsRunBeforeTheApplications() throws IOException {
        ClientConfig limited = new ClientConfig("team-a", null, List.of("claude-*"), null, null, null, 0, 0);
        try (Gateway gateway = gateway(watching())) {
            GatewayResponse response = gateway.handle(request(ApiFormat.OPENAI_CHAT, limited,
                    "{\"model\":\"gpt-4o\",\"messages\":[]}"));
            assertThat(response.status()).isEqualTo(403);
            assertThat(text(response)).contains("may not use the model 'gpt-4o'");
        }
        assertThat(seen).as("client policy refused it before the application's step").isEmpty();
    }

    @Test
    void aStepThatAnswersAWireCallWithATypedAnswerIsAnInternalError() throws IOException {
        Interceptor wrong = chain -> new Answer.Whole(new ChatResponse("x", "m", List.of(), null, null, null));
        try (Gateway gateway = gateway(wrong)) {
            GatewayResponse response = gateway.handle(request(ApiFormat.OPENAI_CHAT, ClientConfig.ANONYMOUS,
                    "{\"model\":\"gpt-4o\",\"messages\":[]}"));
            assertThat(response.status()).isEqualTo(500);
            assertThat(text(response)).contains("\"error\"");
        }
    }
}
