package dev.aiproxy.translate.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.error.AuthenticationException;
import dev.aiproxy.api.error.ErrorType;
import dev.aiproxy.api.error.GatewayException;
import dev.aiproxy.api.error.InvalidRequestException;
import dev.aiproxy.api.error.RateLimitedException;
import dev.aiproxy.api.error.RequestTooLargeException;
import dev.aiproxy.api.error.UpstreamException;
import dev.aiproxy.api.error.UpstreamTimeoutException;
import dev.aiproxy.api.model.ChatResponse;
import dev.aiproxy.api.model.Extensions;
import dev.aiproxy.api.model.StopReason;
import dev.aiproxy.api.model.Text;
import dev.aiproxy.api.model.Thinking;
import dev.aiproxy.api.model.ToolCall;
import dev.aiproxy.api.model.Usage;
import dev.aiproxy.translate.Codecs;
import dev.aiproxy.translate.FormatCodec;
import dev.aiproxy.translate.UpstreamErrorBody;
import dev.aiproxy.translate.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnthropicResponseTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final FormatCodec codec = Codecs.of(ApiFormat.ANTHROPIC_MESSAGES);

    @Test
    void decodesTheDocumentedMessage() {
        ChatResponse response = codec.decodeResponse(Fixtures.bytes("anthropic/message.json"));

        assertThat(response.id()).isEqualTo("msg_013Zva2CMHLNnXjNJJKqJ2EF");
        assertThat(response.model()).isEqualTo("claude-sonnet-4-5-20250929");
        assertThat(response.content()).containsExactly(new Text("Hi! My name is Claude."));
        assertThat(response.stopReason()).isEqualTo(StopReason.END_TURN);
        assertThat(response.usage()).isEqualTo(Usage.of(2095, 503));
    }

    @Test
    void decodesAToolUseAndCountsCachedTokensAsInput() {
        ChatResponse response = codec.decodeResponse(Fixtures.bytes("anthropic/message-tool-use.json"));

        assertThat(response.toolCalls()).containsExactly(new ToolCall("toolu_01A09q90qw90lq917835lq9",
                "get_weather", "{\"location\":\"San Francisco, CA\",\"unit\":\"celsius\"}"));
        assertThat(response.stopReason()).isEqualTo(StopReason.TOOL_USE);
        assertThat(response.usage()).isEqualTo(new Usage(472 + 1200 + 2048, 89, 2048, 1200, 0));
    }

    @Test
    void decodesThinkingBlocksAsSignedByAnthropic() {
        ChatResponse response = codec.decodeResponse(Fixtures.bytes("anthropic/message-thinking.json"));

        assertThat(response.content()).containsExactly(
                new Thinking("Let me analyze this step by step...", "WaUjzkypQ2mUEVM36O2TxuC06KN8xyfbJwyem2dw3URve/op9"
                        + "1XWHOEBLLqIOMfFG/UvLEczmEsUjavL....", null, ApiFormat.ANTHROPIC_MESSAGES),
                new Thinking("", null, "EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpPkNRj2YfWXGmKDx"
                        + "H4mPnZ5sQ7vB5URj2yqrr0i1KdAuzwIfhBKsl2bZcvHYLIDhMSb", ApiFormat.ANTHROPIC_MESSAGES),
                new Text("Based on my analysis..."));
    }

    @Test
    void encodesEachDocumentedMessageBackAsItCame() throws IOException {
        for (String fixture : List.of("anthropic/message.json", "anthropic/message-tool-use.json",
                "anthropic/message-thinking.json")) {
            byte[] body = Fixtures.bytes(fixture);

            JsonNode encoded = JSON.readTree(codec.encodeResponse(codec.decodeResponse(body)));

            assertThat(encoded).as(fixture).isEqualTo(withAllUsageFields(JSON.readTree(body)));
        }
    }

    private static JsonNode withAllUsageFields(JsonNode message) {
        var usage = (com.fasterxml.jackson.databind.node.ObjectNode) message.get("usage");
        usage.putIfAbsent("cache_creation_input_tokens", JSON.getNodeFactory().numberNode(0));
        usage.putIfAbsent("cache_read_input_tokens", JSON.getNodeFactory().numberNode(0));
        return message;
    }

    @Test
    void keepsTheStopSequenceAndBlocksItCannotModel() throws IOException {
        byte[] body = ("{\"id\":\"msg_1\",\"model\":\"m\",\"content\":[{\"type\":\"server_tool_use\",\"id\":\"srvtoolu_1\","
                + "\"name\":\"web_search\",\"input\":{\"query\":\"x\"}},{\"type\":\"text\",\"text\":\"Done\"}],"
                + "\"stop_reason\":\"stop_sequence\",\"stop_sequence\":\"END\"}").getBytes(StandardCharsets.UTF_8);

        ChatResponse response = codec.decodeResponse(body);
        JsonNode encoded = JSON.readTree(codec.encodeResponse(response));

        assertThat(response.content()).containsExactly(new Text("Done"));
        assertThat(response.extensions().get("anthropic.content[0]")).hasValueSatisfying(raw ->
                assertThat(raw).contains("srvtoolu_1"));
        assertThat(response.stopReason()).isEqualTo(StopReason.STOP_SEQUENCE);
        assertThat(encoded.get("stop_sequence").asText()).isEqualTo("END");
    }

    @Test
    void encodesAnotherProvidersAnswerForAnAnthropicClient() throws IOException {
        ChatResponse fromOpenAi = new ChatResponse("chatcmpl-123", "fast", List.of(Thinking.of("hmm"),
                new Text(""), new ToolCall("call_1", "f", "not json"), new ToolCall("call_2", "g", ""),
                new ToolCall("call_3", "h", "{\"a\":1}", "CiQB+/sig==")),
                StopReason.TOOL_USE, new Usage(100, 20, 30, 0, 5), Extensions.EMPTY);

        JsonNode encoded = JSON.readTree(codec.encodeResponse(fromOpenAi));

        assertThat(encoded.get("id").asText()).matches("msg_[0-9A-Za-z]{24}")
                .isEqualTo(JSON.readTree(codec.encodeResponse(fromOpenAi.withModel("other"))).get("id").asText());
        assertThat(encoded.get("model").asText()).isEqualTo("fast");
        assertThat(encoded.get("content")).hasSize(4);
        assertThat(encoded.at("/content/0")).isEqualTo(JSON.readTree(
                "{\"type\":\"thinking\",\"thinking\":\"hmm\",\"signature\":\"\"}"));
        assertThat(encoded.at("/content/1/input")).isEqualTo(JSON.readTree("{\"_raw\":\"not json\"}"));
        assertThat(encoded.at("/content/2/input")).isEqualTo(JSON.readTree("{}"));
        assertThat(encoded.at("/content/3/id").asText()).startsWith("call_3_gwsig_");
        assertThat(encoded.get("stop_reason").asText()).isEqualTo("tool_use");
        assertThat(encoded.get("usage")).isEqualTo(JSON.readTree("{\"input_tokens\":70,"
                + "\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":30,\"output_tokens\":20}"));
    }

    @Test
    void mapsEveryStopReasonBothWays() {
        for (String reason : List.of("end_turn", "max_tokens", "stop_sequence", "tool_use", "refusal")) {
            byte[] body = ("{\"id\":\"msg_1\",\"model\":\"m\",\"content\":[],\"stop_reason\":\"" + reason + "\"}")
                    .getBytes(StandardCharsets.UTF_8);

            byte[] encoded = codec.encodeResponse(codec.decodeResponse(body));

            assertThat(new String(encoded, StandardCharsets.UTF_8)).as(reason)
                    .contains("\"stop_reason\":\"" + reason + "\"");
        }
        assertThat(codec.decodeResponse(("{\"id\":\"msg_1\",\"model\":\"m\",\"content\":[],"
                + "\"stop_reason\":\"pause_turn\"}").getBytes(StandardCharsets.UTF_8)).stopReason())
                .isEqualTo(StopReason.END_TURN);
    }

    @Test
    void readsTheDocumentedErrorBodies() {
        UpstreamErrorBody invalid = codec.decodeError(400, Fixtures.bytes("anthropic/error-400.json"));
        UpstreamErrorBody auth = codec.decodeError(401, Fixtures.bytes("anthropic/error-401.json"));
        UpstreamErrorBody limited = codec.decodeError(429, Fixtures.bytes("anthropic/error-429.json"));
        UpstreamErrorBody overloaded = codec.decodeError(529, Fixtures.bytes("anthropic/error-529.json"));

        assertThat(invalid).isEqualTo(new UpstreamErrorBody("max_tokens: Field required", "invalid_request_error",
                null));
        assertThat(auth.type()).isEqualTo("authentication_error");
        assertThat(limited.message()).startsWith("This request would exceed the rate limit");
        assertThat(overloaded).isEqualTo(new UpstreamErrorBody("Overloaded", "overloaded_error", null));
    }

    @Test
    void readsErrorBodiesOfOtherShapesRaw() {
        assertThat(codec.decodeError(502, "<html>Bad Gateway</html>".getBytes(StandardCharsets.UTF_8)).message())
                .isEqualTo("<html>Bad Gateway</html>");
        assertThat(codec.decodeError(500, "{\"error\":\"boom\"}".getBytes(StandardCharsets.UTF_8)).message())
                .isEqualTo("boom");
        assertThat(codec.decodeError(503, new byte[0]).message()).isEqualTo("upstream answered HTTP 503");
    }

    @Test
    void writesErrorsInAnthropicsShapeWithItsTypeNames() throws IOException {
        List<GatewayException> errors = List.of(new InvalidRequestException("bad"),
                new RequestTooLargeException(10, 5), new AuthenticationException("who"),
                new RateLimitedException("slow", Duration.ofSeconds(1)),
                new UpstreamException(529, ErrorType.OVERLOADED, "busy", null, 529, true, null, null),
                new UpstreamException(402, ErrorType.BUDGET_EXCEEDED, "spent", null, 0, false, null, null),
                new UpstreamTimeoutException("first byte", Duration.ofSeconds(3), null),
                UpstreamException.badGateway("garbled", null));

        List<String> types = errors.stream().map(e -> type(codec.encodeError(e))).toList();

        assertThat(types).containsExactly("invalid_request_error", "request_too_large", "authentication_error",
                "rate_limit_error", "overloaded_error", "billing_error", "timeout_error", "api_error");
        JsonNode body = JSON.readTree(codec.encodeError(new InvalidRequestException("bad")));
        assertThat(body).isEqualTo(JSON.readTree(
                "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"bad\"}}"));
    }

    private static String type(byte[] body) {
        try {
            return JSON.readTree(body).at("/error/type").asText();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
