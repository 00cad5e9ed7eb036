package dev.aiproxy.translate.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.error.InvalidRequestException;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.Image;
import dev.aiproxy.api.model.Message;
import dev.aiproxy.api.model.Reasoning;
import dev.aiproxy.api.model.ResponseFormat;
import dev.aiproxy.api.model.Role;
import dev.aiproxy.api.model.Text;
import dev.aiproxy.api.model.Thinking;
import dev.aiproxy.api.model.ToolCall;
import dev.aiproxy.api.model.ToolChoice;
import dev.aiproxy.api.model.ToolResult;
import dev.aiproxy.api.model.ToolSpec;
import dev.aiproxy.translate.Codecs;
import dev.aiproxy.translate.FormatCodec;
import dev.aiproxy.translate.RoutingFields;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnthropicRequestTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final FormatCodec codec = Codecs.of(ApiFormat.ANTHROPIC_MESSAGES);

    static final String FULL_REQUEST = """
            {"model":"claude-sonnet-4-5","max_tokens":4096,
             "system":"You are a weather bot.",
             "messages":[
               {"role":"user","content":[{"type":"text","text":"What is in this image?"},
                 {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}},
                 {"type":"image","source":{"type":"url","url":"https://example.com/cat.jpg"}}]},
               {"role":"assistant","content":[
                 {"type":"thinking","thinking":"The user wants weather.","signature":"EqQBCgIYAhIM1gbcDa9G"},
                 {"type":"redacted_thinking","data":"EmwKAhgBEgy3va3pzix"},
                 {"type":"text","text":"Let me check."},
                 {"type":"tool_use","id":"toolu_01A09q90qw90lq917835lq9","name":"get_weather",
                  "input":{"city":"Paris"}}]},
               {"role":"user","content":[
                 {"type":"tool_result","tool_use_id":"toolu_01A09q90qw90lq917835lq9","content":"18C and sunny"},
                 {"type":"text","text":"Thanks","cache_control":{"type":"ephemeral"}}]}],
             "tools":[{"name":"get_weather","description":"Weather by city",
               "input_schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]},
               "cache_control":{"type":"ephemeral"}}],
             "tool_choice":{"type":"auto","disable_parallel_tool_use":true},
             "thinking":{"type":"enabled","budget_tokens":2048},
             "temperature":1.0,"top_p":0.97,"stop_sequences":["END"],"stream":true,
             "output_config":{"format":{"type":"json_schema","schema":{"type":"object"}},"effort":"high"},
             "metadata":{"user_id":"u-1"},"service_tier":"auto"}
            """;

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private JsonNode encode(ChatRequest request) throws IOException {
        return JSON.readTree(codec.encodeRequest(request, request.model()));
    }

    private static ChatRequest.Builder request() {
        return ChatRequest.builder().model("claude-sonnet-4-5");
    }

    @Test
    void decodesEveryMappedFieldOfARequest() {
        ChatRequest request = codec.decodeRequest(utf8(FULL_REQUEST));

        assertThat(request.model()).isEqualTo("claude-sonnet-4-5");
        assertThat(request.messages()).extracting(Message::role)
                .containsExactly(Role.SYSTEM, Role.USER, Role.ASSISTANT, Role.USER);
        assertThat(request.messages().get(0).text()).isEqualTo("You are a weather bot.");
        assertThat(request.messages().get(1).content()).containsExactly(new Text("What is in this image?"),
                Image.fromBase64("image/png", "iVBORw0KGgo="), Image.fromUrl("https://example.com/cat.jpg"));
        assertThat(request.messages().get(2).content()).containsExactly(
                new Thinking("The user wants weather.", "EqQBCgIYAhIM1gbcDa9G", null, ApiFormat.ANTHROPIC_MESSAGES),
                new Thinking("", null, "EmwKAhgBEgy3va3pzix", ApiFormat.ANTHROPIC_MESSAGES),
                new Text("Let me check."),
                new ToolCall("toolu_01A09q90qw90lq917835lq9", "get_weather", "{\"city\":\"Paris\"}"));
        assertThat(request.messages().get(3).content()).containsExactly(
                new ToolResult("toolu_01A09q90qw90lq917835lq9", "get_weather", List.of(new Text("18C and sunny")),
                        false),
                new Text("Thanks"));
        assertThat(request.tools()).containsExactly(new ToolSpec("get_weather", "Weather by city",
                "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}",
                null));
        assertThat(request.toolChoice()).isEqualTo(ToolChoice.AUTO);
        assertThat(request.parallelToolCalls()).isFalse();
        assertThat(request.reasoning()).isEqualTo(new Reasoning(null, 2048, null));
        assertThat(request.responseFormat()).isEqualTo(new ResponseFormat.JsonSchema(null, "{\"type\":\"object\"}",
                null));
        assertThat(request.temperature()).isEqualTo(1.0);
        assertThat(request.topP()).isEqualTo(0.97);
        assertThat(request.maxOutputTokens()).isEqualTo(4096);
        assertThat(request.stopSequences()).containsExactly("END");
        assertThat(request.stream()).isTrue();
        assertThat(request.extensions().family("anthropic")).containsOnlyKeys("metadata", "service_tier",
                "tools[0].cache_control", "output_config.effort");
        assertThat(request.messages().get(3).extensions().get("anthropic.content[1].cache_control"))
                .contains("{\"type\":\"ephemeral\"}");
    }

    @Test
    void encodesADecodedRequestBackWithNothingLost() throws IOException {
        ChatRequest request = codec.decodeRequest(utf8(FULL_REQUEST));

        JsonNode encoded = JSON.readTree(codec.encodeRequest(request, "claude-sonnet-4-5-20250929"));

        JsonNode original = JSON.readTree(FULL_REQUEST);
        assertThat(encoded.get("model").asText()).isEqualTo("claude-sonnet-4-5-20250929");
        for (String field : List.of("max_tokens", "system", "messages", "tools", "tool_choice", "thinking",
                "temperature", "top_p", "stop_sequences", "stream", "output_config", "metadata", "service_tier")) {
            assertThat(encoded.get(field)).as(field).isEqualTo(original.get(field));
        }
        assertThat(encoded.size()).isEqualTo(original.size());
    }

    @Test
    void rejectsAMessageRequestWithoutMaxTokensAsTheApiDoes() {
        String body = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

        assertThatThrownBy(() -> codec.peek(utf8(body)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("max_tokens");
        assertThatThrownBy(() -> codec.decodeRequest(utf8(body)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("max_tokens");
        assertThat(codec.decodeCountTokensRequest(utf8(body)).messages()).hasSize(1);
    }

    @Test
    void peeksTheModelAndStreamFlagAndRequiresAnIntegerMaxTokens() {
        RoutingFields fields = codec.peek(utf8("{\"model\":\"claude-x\",\"max_tokens\":10,\"stream\":true,"
                + "\"messages\":[]}"));

        assertThat(fields.model()).isEqualTo("claude-x");
        assertThat(fields.stream()).isTrue();
        assertThatThrownBy(() -> codec.peek(utf8("{\"model\":\"m\",\"max_tokens\":1.5,\"messages\":[]}")))
                .isInstanceOf(InvalidRequestException.class).hasMessage("'max_tokens' must be an integer");
        assertThatThrownBy(() -> codec.peek(utf8("{\"model\":\"m\",\"max_tokens\":5,\"messages\":{}}")))
                .isInstanceOf(InvalidRequestException.class).hasMessage("'messages' must be an array");
    }

    @Test
    void readsASystemArrayAsOneSystemMessagePerBlockAndWritesItBack() throws IOException {
        String body = "{\"model\":\"m\",\"max_tokens\":5,\"system\":[{\"type\":\"text\",\"text\":\"A\"},"
                + "{\"type\":\"text\",\"text\":\"B\",\"cache_control\":{\"type\":\"ephemeral\"}}],\"messages\":[]}";

        ChatRequest request = codec.decodeRequest(utf8(body));
        JsonNode encoded = encode(request);

        assertThat(request.messages()).extracting(Message::text).containsExactly("A", "B");
        assertThat(encoded.get("system")).isEqualTo(JSON.readTree(body).get("system"));
    }

    @Test
    void joinsSystemMessagesFromAnywhereIntoTheTopLevelSystem() throws IOException {
        ChatRequest request = request().system("Be brief.").user("hi")
                .addMessage(Message.system("Answer in French.")).user("again").build();

        JsonNode encoded = encode(request);

        assertThat(encoded.at("/system/0/text").asText()).isEqualTo("Be brief.");
        assertThat(encoded.at("/system/1/text").asText()).isEqualTo("Answer in French.");
        assertThat(encoded.get("messages")).hasSize(1);
        assertThat(encoded.at("/messages/0/content")).extracting(n -> n.get("text").asText())
                .containsExactly("hi", "again");
    }

    @Test
    void putsConsecutiveToolResultsInOneUserTurnWithTheResultsFirst() throws IOException {
        ChatRequest request = request().user("weather in Paris and Rome?")
                .addMessage(new Message(Role.ASSISTANT, List.of(new ToolCall("call_1", "get_weather", "{\"c\":1}"),
                        new ToolCall("call_2", "get_weather", "{\"c\":2}"))))
                .addMessage(new Message(Role.TOOL, List.of(new ToolResult("call_1", null,
                        List.of(new Text("18C")), false))))
                .addMessage(new Message(Role.USER, List.of(new Text("and hurry"), new ToolResult("call_2", null,
                        List.of(new Text("timeout")), true))))
                .build();

        JsonNode messages = encode(request).get("messages");

        assertThat(messages).hasSize(3);
        assertThat(messages.get(1).at("/content/1/type").asText()).isEqualTo("tool_use");
        JsonNode results = messages.get(2);
        assertThat(results.get("role").asText()).isEqualTo("user");
        assertThat(results.get("content")).extracting(n -> n.get("type").asText())
                .containsExactly("tool_result", "tool_result", "text");
        assertThat(results.at("/content/0/tool_use_id").asText()).isEqualTo("call_1");
        assertThat(results.at("/content/0/content").asText()).isEqualTo("18C");
        assertThat(results.at("/content/1/is_error").asBoolean()).isTrue();
        assertThat(results.at("/content/0").has("is_error")).isFalse();
    }

    @Test
    void keepsToolResultBlocksWithImagesAndTheirExtras() throws IOException {
        String messages = "[{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_1\","
                + "\"name\":\"screenshot\",\"input\":{}}]},{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\","
                + "\"tool_use_id\":\"toolu_1\",\"is_error\":false,\"content\":[{\"type\":\"text\",\"text\":\"here\"},"
                + "{\"type\":\"image\",\"source\":{\"type\":\"url\",\"url\":\"https://example.com/s.png\"},"
                + "\"cache_control\":{\"type\":\"ephemeral\"}}]}]}]";

        ChatRequest request = codec.decodeRequest(utf8("{\"model\":\"m\",\"max_tokens\":5,\"messages\":" + messages
                + "}"));
        JsonNode encoded = encode(request);

        assertThat(request.messages().get(1).content()).containsExactly(new ToolResult("toolu_1", "screenshot",
                List.of(new Text("here"), Image.fromUrl("https://example.com/s.png")), false));
        JsonNode expected = JSON.readTree(messages);
        ((com.fasterxml.jackson.databind.node.ObjectNode) expected.at("/1/content/0")).remove("is_error");
        assertThat(encoded.get("messages")).isEqualTo(expected);
    }

    @Test
    void rewritesToolCallIdsAnthropicWouldRejectTheSameWayOnBothSides() throws IOException {
        ChatRequest fromKimi = request().user("weather?")
                .addMessage(new Message(Role.ASSISTANT, List.of(new ToolCall("functions.get_weather:0",
                        "get_weather", "{}"))))
                .addMessage(new Message(Role.TOOL, List.of(new ToolResult("functions.get_weather:0", null,
                        List.of(new Text("sunny")), false))))
                .build();

        JsonNode messages = encode(fromKimi).get("messages");

        assertThat(messages.at("/1/content/0/id").asText()).isEqualTo("functions_get_weather_0");
        assertThat(messages.at("/2/content/0/tool_use_id").asText()).isEqualTo("functions_get_weather_0");
    }

    @Test
    void fillsInTheDefaultMaxTokensWhenTheRequestHasNone() throws IOException {
        JsonNode encoded = encode(request().user("hi").build());

        assertThat(encoded.get("max_tokens").asInt()).isEqualTo(4096);
        assertThat(encoded.has("thinking")).isFalse();
        assertThat(encoded.get("messages").get(0).get("content")).hasSize(1);
    }

    @Test
    void turnsAnEffortIntoAThinkingBudgetAndKeepsMaxTokensAboveIt() throws IOException {
        JsonNode high = encode(request().user("hi").reasoning(new Reasoning("high", null, null)).build());
        JsonNode low = encode(request().user("hi").maxOutputTokens(5000).reasoning(new Reasoning("low", null, null))
                .build());
        JsonNode small = encode(request().user("hi").reasoning(new Reasoning(null, 100, null)).build());
        JsonNode none = encode(request().user("hi").reasoning(new Reasoning("none", null, null)).build());

        assertThat(high.at("/thinking/type").asText()).isEqualTo("enabled");
        assertThat(high.at("/thinking/budget_tokens").asInt()).isEqualTo(24576);
        assertThat(high.get("max_tokens").asInt()).isEqualTo(24576 + 4096);
        assertThat(low.at("/thinking/budget_tokens").asInt()).isEqualTo(2048);
        assertThat(low.get("max_tokens").asInt()).isEqualTo(5000);
        assertThat(small.at("/thinking/budget_tokens").asInt()).isEqualTo(1024);
        assertThat(none.get("thinking")).isEqualTo(JSON.readTree("{\"type\":\"disabled\"}"));
    }

    @Test
    void rejectsAnEffortThatHasNoBudget() {
        ChatRequest request = request().user("hi").reasoning(new Reasoning("extreme", null, null)).build();

        assertThatThrownBy(() -> codec.encodeRequest(request, "m"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("'extreme'");
    }

    @Test
    void leavesOutSamplingSettingsThatThinkingForbids() throws IOException {
        ChatRequest.Builder b = request().user("hi").temperature(0.2).topP(0.5)
                .extensions(dev.aiproxy.api.model.Extensions.EMPTY.with("anthropic.top_k", "5"));

        JsonNode thinking = encode(b.reasoning(new Reasoning("low", null, null)).build());
        JsonNode plain = encode(b.reasoning(null).build());

        assertThat(thinking.has("temperature")).isFalse();
        assertThat(thinking.has("top_p")).isFalse();
        assertThat(thinking.has("top_k")).isFalse();
        assertThat(plain.get("temperature").asDouble()).isEqualTo(0.2);
        assertThat(plain.get("top_p").asDouble()).isEqualTo(0.5);
        assertThat(plain.get("top_k").asInt()).isEqualTo(5);
    }

    @Test
    void leavesThinkingOffWhenAToolIsForced() throws IOException {
        JsonNode encoded = encode(request().user("hi").addTool(new ToolSpec("f", null, null, null))
                .toolChoice(ToolChoice.REQUIRED).reasoning(new Reasoning("medium", null, null)).build());

        assertThat(encoded.has("thinking")).isFalse();
        assertThat(encoded.at("/tool_choice/type").asText()).isEqualTo("any");
    }

    @Test
    void leavesThinkingOffInAToolLoopBegunWithoutASignedThinkingBlock() throws IOException {
        ChatRequest fromOpenAi = request().user("weather?")
                .addMessage(new Message(Role.ASSISTANT, List.of(Thinking.of("unsigned reasoning"),
                        new ToolCall("call_1", "get_weather", "{}"))))
                .addMessage(new Message(Role.TOOL, List.of(new ToolResult("call_1", null, List.of(new Text("ok")),
                        false))))
                .reasoning(new Reasoning("medium", null, null)).build();

        JsonNode encoded = encode(fromOpenAi);

        assertThat(encoded.has("thinking")).isFalse();
        assertThat(encoded.at("/messages/1/content")).hasSize(1);
        assertThat(encoded.at("/messages/1/content/0/type").asText()).isEqualTo("tool_use");
    }

    @Test
    void writesEveryToolChoiceAndTheParallelFlag() throws IOException {
        ChatRequest.Builder b = request().user("hi").addTool(new ToolSpec("f", "does f", null, true));

        JsonNode named = encode(b.toolChoice(new ToolChoice.Named("f")).parallelToolCalls(false).build());
        JsonNode none = encode(b.toolChoice(ToolChoice.NONE).build());
        JsonNode parallelOnly = encode(b.toolChoice(null).parallelToolCalls(false).build());
        JsonNode noTools = encode(request().user("hi").toolChoice(ToolChoice.AUTO).build());

        assertThat(named.get("tool_choice")).isEqualTo(JSON.readTree(
                "{\"type\":\"tool\",\"name\":\"f\",\"disable_parallel_tool_use\":true}"));
        assertThat(named.at("/tools/0")).isEqualTo(JSON.readTree("{\"name\":\"f\",\"description\":\"does f\","
                + "\"input_schema\":{\"type\":\"object\",\"properties\":{}},\"strict\":true}"));
        assertThat(none.get("tool_choice")).isEqualTo(JSON.readTree("{\"type\":\"none\"}"));
        assertThat(parallelOnly.get("tool_choice")).isEqualTo(JSON.readTree(
                "{\"type\":\"auto\",\"disable_parallel_tool_use\":true}"));
        assertThat(noTools.has("tool_choice")).isFalse();
    }

    @Test
    void readsTheBetaOutputFormatAndWritesTheGenerallyAvailableOne() throws IOException {
        ChatRequest request = codec.decodeRequest(utf8("{\"model\":\"m\",\"max_tokens\":5,\"messages\":[],"
                + "\"output_format\":{\"type\":\"json_schema\",\"schema\":{\"type\":\"object\"}}}"));

        JsonNode encoded = encode(request);

        assertThat(encoded.get("output_config")).isEqualTo(JSON.readTree(
                "{\"format\":{\"type\":\"json_schema\",\"schema\":{\"type\":\"object\"}}}"));
        assertThat(encoded.has("output_format")).isFalse();
        assertThat(encode(request().user("x").responseFormat(new ResponseFormat.JsonObject()).build())
                .has("output_config")).isFalse();
    }

    @Test
    void mapsDisabledThinkingToAZeroBudgetAndKeepsAdaptiveThinkingForAnthropicOnly() throws IOException {
        ChatRequest disabled = codec.decodeRequest(utf8("{\"model\":\"m\",\"max_tokens\":5,\"messages\":[],"
                + "\"thinking\":{\"type\":\"disabled\"}}"));
        ChatRequest adaptive = codec.decodeRequest(utf8("{\"model\":\"m\",\"max_tokens\":5,\"messages\":[],"
                + "\"thinking\":{\"type\":\"adaptive\"}}"));

        assertThat(disabled.reasoning()).isEqualTo(new Reasoning(null, 0, false));
        assertThat(encode(disabled).get("thinking")).isEqualTo(JSON.readTree("{\"type\":\"disabled\"}"));
        assertThat(adaptive.reasoning()).isNull();
        assertThat(encode(adaptive).get("thinking")).isEqualTo(JSON.readTree("{\"type\":\"adaptive\"}"));
    }

    @Test
    void rejectsAnthropicOnlyToolsWithA400NamingThem() {
        assertThatThrownBy(() -> codec.decodeRequest(utf8("{\"model\":\"m\",\"max_tokens\":5,\"messages\":[],"
                + "\"tools\":[{\"type\":\"web_search_20250305\",\"name\":\"web_search\"}]}")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("tools[0].type")
                .hasMessageContaining("'web_search_20250305'");
    }

    @Test
    void rejectsBlocksInTheWrongRole() {
        assertThatThrownBy(() -> codec.decodeRequest(utf8("{\"model\":\"m\",\"max_tokens\":5,\"messages\":["
                + "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t\"}]}]}")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("messages[0].content[0].type");
    }

    @Test
    void countsTokensWithTheConversationToolsAndThinkingOnly() throws IOException {
        ChatRequest request = codec.decodeRequest(utf8(FULL_REQUEST));

        JsonNode encoded = JSON.readTree(codec.encodeCountTokensRequest(request, "claude-sonnet-4-5-20250929"));

        assertThat(encoded.properties()).extracting(java.util.Map.Entry::getKey).containsExactlyInAnyOrder(
                "model", "system", "messages", "tools", "tool_choice", "thinking");
        assertThat(encoded.get("messages")).isEqualTo(JSON.readTree(FULL_REQUEST).get("messages"));
    }

    @Test
    void readsAndWritesTheTokenCount() throws IOException {
        assertThat(codec.decodeTokenCount(dev.aiproxy.translate.testing.Fixtures.bytes("anthropic/count-tokens.json")))
                .isEqualTo(2095);
        assertThat(JSON.readTree(codec.encodeTokenCount(42))).isEqualTo(JSON.readTree("{\"input_tokens\":42}"));
    }
}
