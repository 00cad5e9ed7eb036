package dev.aiproxy.translate.responses;

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
import dev.aiproxy.translate.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenAiResponsesRequestTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final FormatCodec codec = Codecs.of(ApiFormat.OPENAI_RESPONSES);

    static final String FULL_REQUEST = """
            {"model":"gpt-4.1","instructions":"Be brief.","input":[
              {"role":"developer","content":"Answer in French."},
              {"type":"message","role":"user","content":[{"type":"input_text","text":"What is in this image?"},
                {"type":"input_image","image_url":"data:image/png;base64,iVBORw0KGgo=","detail":"low"},
                {"type":"input_image","image_url":"https://example.com/cat.jpg","detail":"auto"}]},
              {"type":"reasoning","id":"rs_1","summary":[{"type":"summary_text","text":"Look at the image."}],
                "encrypted_content":"gAAAAB-enc"},
              {"type":"message","role":"assistant","id":"msg_1","status":"completed",
                "content":[{"type":"output_text","text":"Let me check.","annotations":[]}]},
              {"type":"function_call","id":"fc_1","call_id":"call_1","name":"get_weather",
                "arguments":"{\\"city\\":\\"Paris\\"}"},
              {"type":"function_call","id":"fc_2","call_id":"call_2","name":"get_time","arguments":"{}"},
              {"type":"function_call_output","call_id":"call_1","output":"18C and sunny"},
              {"type":"function_call_output","call_id":"call_2","output":[{"type":"input_text","text":"noon"}]},
              {"role":"user","content":"Thanks"}],
             "tools":[{"type":"function","name":"get_weather","description":"Weather by city",
               "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]},
               "strict":true}],
             "tool_choice":{"type":"function","name":"get_weather"},
             "parallel_tool_calls":false,
             "text":{"format":{"type":"json_schema","name":"answer","schema":{"type":"object"},"strict":true},
               "verbosity":"low"},
             "reasoning":{"effort":"low","summary":"detailed"},
             "temperature":0.2,"top_p":0.9,"max_output_tokens":300,
             "store":false,"metadata":{"k":"v"},"user":"u-1","truncation":"auto",
             "include":["reasoning.encrypted_content"],"service_tier":"flex","prompt_cache_key":"pk"}
            """;

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void peeksOnlyTheModelAsRequired() {
        RoutingFields fields = codec.peek(Fixtures.bytes("responses/request-previous-response-id.json"));

        assertThat(fields.model()).isEqualTo("gpt-4.1");
        assertThat(fields.stream()).isFalse();
        assertThatThrownBy(() -> codec.peek(utf8("{\"input\":\"hi\"}")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("model");
    }

    @Test
    void decodesAStringInputAsOneUserMessage() {
        ChatRequest request = codec.decodeRequest(Fixtures.bytes("responses/request-text.json"));

        assertThat(request.model()).isEqualTo("gpt-4.1");
        assertThat(request.messages()).containsExactly(
                Message.user("Tell me a three sentence bedtime story about a unicorn."));
        assertThat(request.stream()).isFalse();
    }

    @Test
    void decodesTheDocumentedFunctionCallTurn() {
        ChatRequest request = codec.decodeRequest(Fixtures.bytes("responses/request-function-call-output.json"));

        assertThat(request.messages()).extracting(Message::role)
                .containsExactly(Role.SYSTEM, Role.USER, Role.ASSISTANT, Role.TOOL);
        assertThat(request.messages().get(0).text()).isEqualTo("You are a helpful weather assistant.");
        assertThat(request.messages().get(2).content()).containsExactly(
                new ToolCall("call_12345xyz", "get_weather", "{\"latitude\":48.8566,\"longitude\":2.3522}"));
        assertThat(request.messages().get(3).content()).containsExactly(
                new ToolResult("call_12345xyz", null, List.of(new Text("14.7")), false));
        assertThat(request.tools()).singleElement().satisfies(tool -> {
            assertThat(tool.name()).isEqualTo("get_weather");
            assertThat(tool.strict()).isTrue();
            assertThat(tool.parametersJson()).contains("\"additionalProperties\":false");
        });
    }

    @Test
    void keepsTheToolResultOfARequestThatOnlyContinuesAStoredResponse() {
        ChatRequest request = codec.decodeRequest(Fixtures.bytes("responses/request-previous-response-id.json"));

        assertThat(request.messages()).containsExactly(new Message(Role.TOOL, List.of(
                new ToolResult("call_12345xyz", null, List.of(new Text("14.7")), false))));
        assertThat(request.extensions().get("openai-responses.previous_response_id"))
                .contains("\"resp_67cb71b351908190a308f3859487620d06981a8637e6bc44\"");
    }

    @Test
    void keepsResponsesOnlyFieldsOutOfTheChatCompletionsFamily() throws Exception {
        ChatRequest request = codec.decodeRequest(utf8("{\"model\":\"m\",\"input\":\"hi\",\"truncation\":\"auto\","
                + "\"previous_response_id\":\"resp_1\",\"store\":false,\"user\":\"u\"}"));

        byte[] chat = dev.aiproxy.translate.Codecs.of(dev.aiproxy.api.ApiFormat.OPENAI_CHAT)
                .encodeRequest(request, "gpt-4o");

        assertThat(new String(chat, StandardCharsets.UTF_8)).doesNotContain("truncation")
                .doesNotContain("previous_response_id").contains("\"store\":false").contains("\"user\":\"u\"");
        assertThat(request.extensions().get("openai-responses.truncation")).contains("\"auto\"");
    }

    @Test
    void decodesEveryMappedFieldOfARequest() {
        ChatRequest request = codec.decodeRequest(utf8(FULL_REQUEST));

        assertThat(request.messages()).extracting(Message::role).containsExactly(Role.SYSTEM, Role.SYSTEM, Role.USER,
                Role.ASSISTANT, Role.TOOL, Role.USER);
        assertThat(request.messages().get(1).extensions().get("openai.role")).contains("\"developer\"");
        assertThat(request.messages().get(2).content()).containsExactly(new Text("What is in this image?"),
                new Image(null, "image/png", "iVBORw0KGgo=", "low"),
                new Image("https://example.com/cat.jpg", null, null, "auto"));
        assertThat(request.messages().get(3).content()).containsExactly(
                new Thinking("Look at the image.", "gAAAAB-enc", null, ApiFormat.OPENAI_RESPONSES),
                new Text("Let me check."),
                new ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}"),
                new ToolCall("call_2", "get_time", "{}"));
        assertThat(request.messages().get(4).content()).containsExactly(
                new ToolResult("call_1", null, List.of(new Text("18C and sunny")), false),
                new ToolResult("call_2", null, List.of(new Text("noon")), false));
        assertThat(request.tools()).containsExactly(new ToolSpec("get_weather", "Weather by city",
                "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}",
                true));
        assertThat(request.toolChoice()).isEqualTo(new ToolChoice.Named("get_weather"));
        assertThat(request.parallelToolCalls()).isFalse();
        assertThat(request.responseFormat()).isEqualTo(
                new ResponseFormat.JsonSchema("answer", "{\"type\":\"object\"}", true));
        assertThat(request.reasoning()).isEqualTo(new Reasoning("low", null, true));
        assertThat(request.temperature()).isEqualTo(0.2);
        assertThat(request.topP()).isEqualTo(0.9);
        assertThat(request.maxOutputTokens()).isEqualTo(300);
        assertThat(request.extensions().family("openai")).containsKeys("store", "metadata", "user", "service_tier",
                "prompt_cache_key", "verbosity");
        assertThat(request.extensions().family("openai-responses")).containsKeys("truncation", "include");
    }

    @Test
    void restoresTheSignatureTheGatewayWrappedForAnotherProvider() {
        ChatRequest request = codec.decodeRequest(utf8("""
                {"model":"m","input":[{"type":"reasoning","id":"rs_x","summary":[],
                  "encrypted_content":"gw1.anthropic-messages.EqQBCkYIBRgCKkA"}]}
                """));

        assertThat(request.messages().getFirst().content()).containsExactly(
                new Thinking("", "EqQBCkYIBRgCKkA", null, ApiFormat.ANTHROPIC_MESSAGES));
    }

    @Test
    void restoresAToolCallSignatureCarriedInTheCallId() {
        ChatRequest request = codec.decodeRequest(utf8("""
                {"model":"m","input":[
                  {"type":"function_call","call_id":"call_9_gwsig_c2ln","name":"f","arguments":"{}"},
                  {"type":"function_call_output","call_id":"call_9_gwsig_c2ln","output":"ok"}]}
                """));

        assertThat(request.messages().get(0).content()).containsExactly(new ToolCall("call_9", "f", "{}", "sig"));
        assertThat(((ToolResult) request.messages().get(1).content().getFirst()).toolCallId()).isEqualTo("call_9");
    }

    @Test
    void encodesADecodedRequestBackWithNothingLost() throws IOException {
        ChatRequest request = codec.decodeRequest(utf8(FULL_REQUEST));

        JsonNode encoded = JSON.readTree(codec.encodeRequest(request, "gpt-4.1-2025-04-14"));

        JsonNode original = JSON.readTree(FULL_REQUEST);
        assertThat(encoded.get("model").asText()).isEqualTo("gpt-4.1-2025-04-14");
        assertThat(encoded.get("instructions").asText()).isEqualTo("Be brief.");
        for (String field : List.of("tools", "tool_choice", "parallel_tool_calls", "text", "reasoning",
                "temperature", "top_p", "max_output_tokens", "store", "metadata", "user", "truncation", "include",
                "service_tier", "prompt_cache_key")) {
            assertThat(encoded.get(field)).as(field).isEqualTo(original.get(field));
        }
        assertThat(codec.decodeRequest(JSON.writeValueAsBytes(encoded)).withModel("gpt-4.1")).isEqualTo(request);
    }

    @Test
    void writesInputItemsTheWayTheApiTakesThem() throws IOException {
        ChatRequest request = codec.decodeRequest(utf8(FULL_REQUEST));

        JsonNode input = JSON.readTree(codec.encodeRequest(request, "m")).get("input");

        assertThat(input).hasSize(9);
        assertThat(input.get(0).toString()).isEqualTo(
                "{\"type\":\"message\",\"role\":\"developer\",\"content\":\"Answer in French.\"}");
        assertThat(input.get(1).at("/content/1").toString()).isEqualTo("{\"type\":\"input_image\","
                + "\"image_url\":\"data:image/png;base64,iVBORw0KGgo=\",\"detail\":\"low\"}");
        assertThat(input.get(2).toString()).isEqualTo("{\"type\":\"reasoning\",\"summary\":[{\"type\":"
                + "\"summary_text\",\"text\":\"Look at the image.\"}],\"encrypted_content\":\"gAAAAB-enc\"}");
        assertThat(input.get(3).toString()).isEqualTo(
                "{\"type\":\"message\",\"role\":\"assistant\",\"content\":\"Let me check.\"}");
        assertThat(input.get(4).toString()).isEqualTo("{\"type\":\"function_call\",\"call_id\":\"call_1\","
                + "\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}");
        assertThat(input.get(6).toString()).isEqualTo(
                "{\"type\":\"function_call_output\",\"call_id\":\"call_1\",\"output\":\"18C and sunny\"}");
        assertThat(input.get(8).toString()).isEqualTo("{\"type\":\"message\",\"role\":\"user\",\"content\":\"Thanks\"}");
    }

    @Test
    void sendsThinkingOnlyToTheFormatThatSignedIt() throws IOException {
        ChatRequest request = ChatRequest.builder().model("m")
                .user("hi")
                .addMessage(new Message(Role.ASSISTANT, List.of(
                        new Thinking("theirs", "sig-a", null, ApiFormat.ANTHROPIC_MESSAGES),
                        new Thinking("unsigned", null, null, null),
                        new Thinking("ours", "enc-r", null, ApiFormat.OPENAI_RESPONSES),
                        new Text("Hello"))))
                .build();

        JsonNode input = JSON.readTree(codec.encodeRequest(request, "m")).get("input");

        assertThat(input).hasSize(3);
        assertThat(input.get(1).get("type").asText()).isEqualTo("reasoning");
        assertThat(input.get(1).get("encrypted_content").asText()).isEqualTo("enc-r");
        assertThat(input.get(1).at("/summary/0/text").asText()).isEqualTo("ours");
        assertThat(input.get(2).get("content").asText()).isEqualTo("Hello");
    }

    @Test
    void encodesAnotherFormatsRequestForAResponsesUpstream() throws IOException {
        ChatRequest request = ChatRequest.builder().model("m")
                .system("You are terse.")
                .addMessage(new Message(Role.USER, List.of(
                        new ToolResult("toolu_1", "lookup", List.of(new Text("not found")), true),
                        new Text("try again"))))
                .addTool(new ToolSpec("lookup", null, null, null))
                .toolChoice(ToolChoice.REQUIRED)
                .reasoning(new Reasoning(null, 20000, true))
                .stopSequences(List.of("END"))
                .extensions(dev.aiproxy.api.model.Extensions.EMPTY.with("openai.seed", "7")
                        .with("openai.stream_options", "{\"include_usage\":true}").with("openai.user", "\"u\""))
                .stream(true)
                .build();

        JsonNode encoded = JSON.readTree(codec.encodeRequest(request, "o4-mini"));

        assertThat(encoded.has("instructions")).isFalse();
        assertThat(encoded.at("/input/0").toString()).isEqualTo(
                "{\"type\":\"message\",\"role\":\"system\",\"content\":\"You are terse.\"}");
        assertThat(encoded.at("/input/1").toString()).isEqualTo("{\"type\":\"function_call_output\","
                + "\"call_id\":\"toolu_1\",\"output\":\"Error: not found\"}");
        assertThat(encoded.at("/input/2/content").asText()).isEqualTo("try again");
        assertThat(encoded.at("/tools/0").toString()).isEqualTo("{\"type\":\"function\",\"name\":\"lookup\","
                + "\"parameters\":{\"type\":\"object\",\"properties\":{}},\"strict\":false}");
        assertThat(encoded.get("tool_choice").asText()).isEqualTo("required");
        assertThat(encoded.get("reasoning").toString()).isEqualTo("{\"effort\":\"high\",\"summary\":\"auto\"}");
        assertThat(encoded.get("stream").asBoolean()).isTrue();
        assertThat(encoded.get("store").asBoolean()).isFalse();
        assertThat(encoded.get("include").toString()).isEqualTo("[\"reasoning.encrypted_content\"]");
        assertThat(encoded.get("user").asText()).isEqualTo("u");
        assertThat(encoded.has("seed")).isFalse();
        assertThat(encoded.has("stream_options")).isFalse();
        assertThat(encoded.has("stop")).isFalse();
    }

    @Test
    void asksForEncryptedReasoningOnlyWhenItAsksForReasoning() throws IOException {
        ChatRequest plain = ChatRequest.builder().model("m").user("hi").reasoning(new Reasoning(null, null, false))
                .build();
        ChatRequest chosen = plain.toBuilder().reasoning(new Reasoning("low", null, null))
                .extensions(dev.aiproxy.api.model.Extensions.EMPTY.with("openai.include", "[]")).build();

        JsonNode withoutReasoning = JSON.readTree(codec.encodeRequest(plain, "m"));
        JsonNode clientsChoice = JSON.readTree(codec.encodeRequest(chosen, "m"));

        assertThat(withoutReasoning.has("reasoning")).isFalse();
        assertThat(withoutReasoning.has("include")).isFalse();
        assertThat(clientsChoice.get("reasoning").toString()).isEqualTo("{\"effort\":\"low\"}");
        assertThat(clientsChoice.get("include").toString()).isEqualTo("[]");
    }

    @Test
    void rejectsBuiltInToolsNamingTheirType() {
        assertThatThrownBy(() -> codec.decodeRequest(utf8(
                "{\"model\":\"m\",\"input\":\"hi\",\"tools\":[{\"type\":\"web_search_preview\"}]}")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("tools[0].type")
                .hasMessageContaining("'web_search_preview'");
        assertThatThrownBy(() -> codec.decodeRequest(utf8(
                "{\"model\":\"m\",\"input\":\"hi\",\"tool_choice\":{\"type\":\"file_search\"}}")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("'file_search'");
    }

    @Test
    void rejectsItemsThatPointAtStoredContent() {
        assertThatThrownBy(() -> codec.decodeRequest(utf8(
                "{\"model\":\"m\",\"input\":[{\"type\":\"item_reference\",\"id\":\"msg_1\"}]}")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("input[0].type");
        assertThatThrownBy(() -> codec.decodeRequest(utf8("{\"model\":\"m\",\"input\":[{\"role\":\"user\","
                + "\"content\":[{\"type\":\"input_image\",\"file_id\":\"file-1\"}]}]}")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("input[0].content[0].image_url")
                .hasMessageContaining("file_id");
        assertThatThrownBy(() -> codec.decodeRequest(utf8("{\"model\":\"m\",\"input\":[{\"role\":\"user\","
                + "\"content\":[{\"type\":\"input_file\",\"file_id\":\"file-1\"}]}]}")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("'input_file'");
    }

    @Test
    void rejectsTypeConfusedRequestsWithA400NamingThePath() {
        for (var bad : List.of(
                List.of("{\"model\":\"m\",\"input\":42}", "input"),
                List.of("{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":42}]}", "input[0].content"),
                List.of("{\"model\":\"m\",\"input\":[{\"role\":\"wizard\",\"content\":\"x\"}]}", "input[0].role"),
                List.of("{\"model\":\"m\",\"input\":[{\"content\":\"x\"}]}", "input[0].type"),
                List.of("{\"model\":\"m\",\"input\":[{\"type\":\"function_call\",\"name\":\"f\"}]}",
                        "input[0].call_id"),
                List.of("{\"model\":\"m\",\"input\":[{\"type\":\"function_call_output\",\"call_id\":\"c\","
                        + "\"output\":5}]}", "input[0].output"),
                List.of("{\"model\":\"m\",\"input\":[{\"type\":\"reasoning\",\"summary\":[{\"type\":\"x\"}]}]}",
                        "input[0].summary[0].type"),
                List.of("{\"model\":\"m\",\"instructions\":[]}", "instructions"),
                List.of("{\"model\":\"m\",\"max_output_tokens\":1.5}", "max_output_tokens"),
                List.of("{\"model\":\"m\",\"text\":{\"format\":{\"type\":\"yaml\"}}}", "text.format.type"),
                List.of("{\"model\":\"m\",\"reasoning\":{\"effort\":1}}", "reasoning.effort"),
                List.of("{\"model\":\"m\",\"tools\":[{\"type\":\"function\"}]}", "tools[0].name"))) {
            assertThatThrownBy(() -> codec.decodeRequest(utf8(bad.get(0)))).as(bad.get(0))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining(bad.get(1));
        }
    }

    @Test
    void neverThrowsAnythingButA400ForAnyTruncationOfARequest() {
        byte[] full = utf8(FULL_REQUEST.strip());
        for (int length = 0; length < full.length; length++) {
            byte[] truncated = java.util.Arrays.copyOf(full, length);
            assertThatThrownBy(() -> codec.decodeRequest(truncated)).as("length %d", length)
                    .isInstanceOf(InvalidRequestException.class);
        }
    }
}
