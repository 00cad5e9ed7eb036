package dev.aiproxy.routing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.ChatResponse;
import dev.aiproxy.api.model.StopReason;
import dev.aiproxy.api.model.StreamEvent;
import dev.aiproxy.api.model.ToolCall;
import dev.aiproxy.api.model.Usage;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.translate.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The typed API in-process against an {@code openai-compatible} entry with {@code api: responses}: the request is
 * encoded for {@code /responses}, the answer and the stream decoded from the Responses fixtures of gateway-translate
 * (OpenAI's documented examples, named in their README).
 */
class ResponsesUpstreamTest {
    @RegisterExtension
    static WireMockExtension upstream = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    private Gateway gateway;

    @BeforeEach
    void start() {
        gateway = Gateway.create(GatewayConfig.builder()
                .addProvider(ProviderConfig.builder("codex", "openai-compatible").baseUrl(upstream.baseUrl() + "/v1")
                        .option("api", "responses").apiKey("sk-upstream-responses").model("gpt-4.1", "writer")
                        .build())
                .build());
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    private static void answer(String fixture, String contentType) {
        upstream.stubFor(post("/v1/responses").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", contentType).withBody(Fixtures.bytes(fixture))));
    }

    @Test
    void aTypedCallIsSentToResponsesAndItsFunctionCallDecoded() {
        answer("responses/response-function-call.json", "application/json");

        ChatResponse response = gateway.chat(ChatRequest.builder().model("writer").user("Weather in Boston?").build());

        assertThat(response.model()).isEqualTo("writer");
        assertThat(response.stopReason()).isEqualTo(StopReason.TOOL_USE);
        assertThat(response.toolCalls()).containsExactly(new ToolCall("call_unLAR8MvFNptuiZK6K6HCy5k",
                "get_current_weather", "{\"location\":\"Boston, MA\",\"unit\":\"celsius\"}"));
        assertThat(response.usage()).isEqualTo(new Usage(291, 23, 128, 0, 0));
        upstream.verify(postRequestedFor(urlEqualTo("/v1/responses"))
                .withHeader("Authorization", equalTo("Bearer sk-upstream-responses"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4.1")))
                .withRequestBody(matchingJsonPath("$.input[0].content", equalTo("Weather in Boston?")))
                .withRequestBody(matchingJsonPath("$.store", equalTo("false"))));
    }

    @Test
    void aTypedStreamIsDecodedEventByEvent() {
        answer("responses/stream-text.sse", "text/event-stream");
        List<StreamEvent> events = new ArrayList<>();

        try (ChatStream stream = gateway.stream(ChatRequest.builder().model("writer").user("Hi").build())) {
            stream.forEach(events::add);
        }

        assertThat(events.getFirst()).isInstanceOf(StreamEvent.MessageStart.class);
        assertThat(events).filteredOn(StreamEvent.TextDelta.class::isInstance)
                .extracting(e -> ((StreamEvent.TextDelta) e).text()).containsExactly("Hi", " there", "!", " How",
                        " can", " I", " assist", " you", " today", "?");
        assertThat(events.get(events.size() - 2)).isEqualTo(new StreamEvent.MessageDelta(StopReason.END_TURN,
                Usage.of(37, 11)));
        assertThat(events.getLast()).isEqualTo(new StreamEvent.MessageStop());
        upstream.verify(postRequestedFor(urlEqualTo("/v1/responses"))
                .withRequestBody(matchingJsonPath("$.stream", equalTo("true"))));
    }
}
