package dev.aiproxy.translate.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.ChatResponse;
import dev.aiproxy.api.model.Role;
import dev.aiproxy.api.model.StopReason;
import dev.aiproxy.api.model.StreamEvent;
import dev.aiproxy.api.model.Text;
import dev.aiproxy.api.model.Thinking;
import dev.aiproxy.api.model.ToolCall;
import dev.aiproxy.api.model.Usage;
import dev.aiproxy.translate.Codecs;
import dev.aiproxy.translate.FormatCodec;
import dev.aiproxy.translate.SseEvent;
import dev.aiproxy.translate.StreamDecoder;
import dev.aiproxy.translate.testing.Fixtures;
import dev.aiproxy.translate.testing.SseStreams;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Anthropic against the OpenAI codec, and signatures across formats. */
class AnthropicCrossFormatTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final FormatCodec anthropic = Codecs.of(ApiFormat.ANTHROPIC_MESSAGES);
    private final FormatCodec openai = Codecs.of(ApiFormat.OPENAI_CHAT);
    private final ChatRequest request = ChatRequest.builder().model("gpt-4o-mini").user("hi").stream(true).build();

    @Test
    void turnsAnOpenAiToolCallStreamIntoAValidAnthropicStream() throws IOException {
        List<StreamEvent> canonical = SseStreams.decode(openai, "openai/chat-completion-stream-tool-call.sse");

        byte[] encoded = SseStreams.encode(anthropic.newStreamEncoder(request), canonical);

        List<SseEvent> written = SseStreams.read(encoded);
        assertThat(written).extracting(SseEvent::event).containsExactly("message_start", "content_block_start",
                "content_block_delta", "content_block_delta", "content_block_delta", "content_block_delta",
                "content_block_delta", "content_block_stop", "message_delta", "message_stop");
        JsonNode toolStart = JSON.readTree(written.get(1).data());
        assertThat(toolStart).isEqualTo(JSON.readTree("{\"type\":\"content_block_start\",\"index\":0,"
                + "\"content_block\":{\"type\":\"tool_use\",\"id\":\"call_DdmO9pD3xa9XTPNJ32zg2hcA\","
                + "\"name\":\"get_weather\",\"input\":{}}}"));
        assertThat(AnthropicStreamTest.toolInput(written, 0)).isEqualTo("{\"location\":\"Paris, France\"}");
        JsonNode delta = JSON.readTree(written.get(8).data());
        assertThat(delta.at("/delta/stop_reason").asText()).isEqualTo("tool_use");
        assertThat(delta.at("/usage/input_tokens").asInt()).isEqualTo(70);
        assertThat(delta.at("/usage/output_tokens").asInt()).isEqualTo(16);
        ChatResponse readBack = AnthropicStreamTest.accumulate(decode(anthropic, written));
        assertThat(readBack.id()).matches("msg_[0-9A-Za-z]{24}");
        assertThat(readBack.toolCalls()).containsExactly(new ToolCall("call_DdmO9pD3xa9XTPNJ32zg2hcA",
                "get_weather", "{\"location\":\"Paris, France\"}"));
    }

    @Test
    void turnsAnOpenAiTextStreamIntoAnAnthropicOneWithItsUsage() {
        List<StreamEvent> canonical = SseStreams.decode(openai, "openai/chat-completion-stream.sse");

        List<SseEvent> written = SseStreams.read(SseStreams.encode(anthropic.newStreamEncoder(request), canonical));

        ChatResponse readBack = AnthropicStreamTest.accumulate(decode(anthropic, written));
        assertThat(readBack.text()).isEqualTo("Hello! How can I help?");
        assertThat(readBack.usage()).isEqualTo(Usage.of(9, 5));
        assertThat(readBack.stopReason()).isEqualTo(StopReason.END_TURN);
    }

    @Test
    void turnsAnAnthropicToolUseStreamIntoOpenAiChunksWithTheWholeArguments() throws IOException {
        List<StreamEvent> canonical = SseStreams.decode(anthropic, "anthropic/stream-tool-use.sse");

        List<SseEvent> written = SseStreams.read(SseStreams.encode(openai.newStreamEncoder(request), canonical));

        StringBuilder arguments = new StringBuilder();
        for (SseEvent e : written.subList(0, written.size() - 1)) {
            JsonNode call = JSON.readTree(e.data()).at("/choices/0/delta/tool_calls/0/function/arguments");
            arguments.append(call.isMissingNode() ? "" : call.asText());
        }
        assertThat(arguments.toString()).isEqualTo("{\"location\": \"San Francisco, CA\", \"unit\": \"fahrenheit\"}");
        assertThat(written.getLast().data()).isEqualTo("[DONE]");
    }

    @Test
    void showsAnAnthropicThinkingAnswerToAnOpenAiClient() throws IOException {
        ChatResponse response = anthropic.decodeResponse(Fixtures.bytes("anthropic/message-thinking.json"));

        JsonNode encoded = JSON.readTree(openai.encodeResponse(response));

        assertThat(encoded.at("/choices/0/message/content").asText()).isEqualTo("Based on my analysis...");
        assertThat(encoded.at("/choices/0/message/reasoning_content").asText())
                .isEqualTo("Let me analyze this step by step...");
        assertThat(encoded.get("id").asText()).isEqualTo("chatcmpl-msg_01Pz3tRM8KMhVqb4pdn4Jjzp");
    }

    @Test
    void sendsAnOpenAiConversationToAnthropic() throws IOException {
        ChatRequest request = openai.decodeRequest(AnthropicRequestTest.utf8("""
                {"model":"gpt-4o","max_completion_tokens":300,"reasoning_effort":"low","messages":[
                  {"role":"developer","content":"Be brief."},
                  {"role":"user","content":[{"type":"text","text":"Look"},
                    {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo=","detail":"low"}}]},
                  {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
                    "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}},
                    {"id":"call_2","type":"function","function":{"name":"get_weather","arguments":"{}"}}]},
                  {"role":"tool","tool_call_id":"call_1","content":"18C"},
                  {"role":"tool","tool_call_id":"call_2","content":"20C"}],
                 "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}}],
                 "tool_choice":"required","parallel_tool_calls":false,"seed":7}
                """));

        JsonNode encoded = JSON.readTree(anthropic.encodeRequest(request, "claude-sonnet-4-5"));

        assertThat(encoded.get("system").asText()).isEqualTo("Be brief.");
        assertThat(encoded.at("/messages/0/content/1")).isEqualTo(JSON.readTree("{\"type\":\"image\",\"source\":"
                + "{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\"iVBORw0KGgo=\"}}"));
        assertThat(encoded.at("/messages/1/content")).hasSize(2);
        assertThat(encoded.at("/messages/1/content/0/input")).isEqualTo(JSON.readTree("{\"city\":\"Paris\"}"));
        assertThat(encoded.at("/messages/2/content")).extracting(n -> n.get("tool_use_id").asText())
                .containsExactly("call_1", "call_2");
        assertThat(encoded.get("messages")).hasSize(3);
        assertThat(encoded.get("tool_choice")).isEqualTo(JSON.readTree(
                "{\"type\":\"any\",\"disable_parallel_tool_use\":true}"));
        assertThat(encoded.get("max_tokens").asInt()).isEqualTo(300);
        assertThat(encoded.has("thinking")).as("a forced tool leaves thinking off").isFalse();
        assertThat(encoded.has("seed")).isFalse();
    }

    @Test
    void sendsAnAnthropicConversationToOpenAi() throws IOException {
        ChatRequest request = anthropic.decodeRequest(AnthropicRequestTest.utf8(AnthropicRequestTest.FULL_REQUEST));

        JsonNode messages = JSON.readTree(openai.encodeRequest(request, "gpt-4o")).get("messages");

        assertThat(messages).extracting(n -> n.get("role").asText())
                .containsExactly("system", "user", "assistant", "tool", "user");
        assertThat(messages.get(2).get("content").asText()).isEqualTo("Let me check.");
        assertThat(messages.get(2).at("/tool_calls/0/function/arguments").asText()).isEqualTo("{\"city\":\"Paris\"}");
        assertThat(messages.get(3).get("tool_call_id").asText()).isEqualTo("toolu_01A09q90qw90lq917835lq9");
        assertThat(messages.get(4).get("content").asText()).isEqualTo("Thanks");
    }

    @Test
    void sendsAnAnthropicSignatureBackToAnthropicUnchanged() throws IOException {
        ChatResponse answer = anthropic.decodeResponse(Fixtures.bytes("anthropic/message-thinking.json"));
        JsonNode shown = JSON.readTree(anthropic.encodeResponse(answer));

        ChatRequest next = anthropic.decodeRequest(AnthropicRequestTest.utf8("{\"model\":\"m\",\"max_tokens\":9000,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"q\"},{\"role\":\"assistant\",\"content\":"
                + shown.get("content") + "},{\"role\":\"user\",\"content\":\"more\"}]}"));
        JsonNode encoded = JSON.readTree(anthropic.encodeRequest(next, "m"));

        assertThat(encoded.at("/messages/1/content")).isEqualTo(
                JSON.readTree(Fixtures.bytes("anthropic/message-thinking.json")).get("content"));
    }

    @Test
    void dropsThinkingSignedByAnotherProviderOnTheWayToAnthropic() throws IOException {
        Thinking fromGemini = new Thinking("pondering", "CiQB+/sig==", null, ApiFormat.GEMINI);
        ChatResponse answer = new ChatResponse("resp-1", "gemini-2.5-pro", List.of(fromGemini, new Text("42"),
                new ToolCall("call_1", "f", "{}", "CiQB+/toolsig==")), StopReason.TOOL_USE, Usage.ZERO, null);
        JsonNode shown = JSON.readTree(anthropic.encodeResponse(answer));

        ChatRequest next = anthropic.decodeRequest(AnthropicRequestTest.utf8("{\"model\":\"m\",\"max_tokens\":90,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"q\"},{\"role\":\"assistant\",\"content\":"
                + shown.get("content") + "},{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\","
                + "\"tool_use_id\":\"" + shown.at("/content/2/id").asText() + "\",\"content\":\"ok\"}]}]}"));
        JsonNode encoded = JSON.readTree(anthropic.encodeRequest(next, "m"));

        assertThat(shown.at("/content/0/signature").asText()).isEqualTo("gw1.gemini.CiQB+/sig==");
        assertThat(next.messages().get(1).content()).startsWith(fromGemini);
        assertThat(next.messages().get(1).content().get(2)).isEqualTo(answer.content().get(2));
        assertThat(encoded.at("/messages/1/content")).extracting(n -> n.get("type").asText())
                .containsExactly("text", "tool_use");
        assertThat(encoded.at("/messages/1/content/1/id").asText()).isEqualTo("call_1");
        assertThat(encoded.at("/messages/2/content/0/tool_use_id").asText()).isEqualTo("call_1");
    }

    @Test
    void showsUnsignedReasoningToAnAnthropicClientAndDropsItWhenItComesBack() throws IOException {
        ChatResponse fromOpenAi = new ChatResponse("chatcmpl-1", "m", List.of(Thinking.of("because"),
                new Text("yes")), StopReason.END_TURN, Usage.ZERO, null);
        JsonNode shown = JSON.readTree(anthropic.encodeResponse(fromOpenAi));

        ChatRequest next = anthropic.decodeRequest(AnthropicRequestTest.utf8("{\"model\":\"m\",\"max_tokens\":90,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"q\"},{\"role\":\"assistant\",\"content\":"
                + shown.get("content") + "}]}"));

        assertThat(next.messages().get(1).content()).containsExactly(Thinking.of("because"), new Text("yes"));
        assertThat(JSON.readTree(anthropic.encodeRequest(next, "m")).at("/messages/1/content"))
                .extracting(n -> n.get("type").asText()).containsExactly("text");
    }

    @Test
    void givesOpenAiToolResultsThatAnthropicCarriedInAUserMessage() throws IOException {
        ChatRequest request = anthropic.decodeRequest(AnthropicRequestTest.utf8("{\"model\":\"m\",\"max_tokens\":5,"
                + "\"messages\":[{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_1\","
                + "\"name\":\"f\",\"input\":{}}]},{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\","
                + "\"tool_use_id\":\"toolu_1\",\"is_error\":true,\"content\":[{\"type\":\"text\",\"text\":\"boom\"}]}]}]}"));

        JsonNode messages = JSON.readTree(openai.encodeRequest(request, "gpt-4o")).get("messages");

        assertThat(request.messages().get(1).role()).isEqualTo(Role.USER);
        assertThat(messages.get(1)).isEqualTo(JSON.readTree(
                "{\"role\":\"tool\",\"tool_call_id\":\"toolu_1\",\"content\":\"Error: boom\"}"));
        assertThat(messages).hasSize(2);
    }

    private static List<StreamEvent> decode(FormatCodec codec, List<SseEvent> events) {
        StreamDecoder decoder = codec.newStreamDecoder();
        List<StreamEvent> out = new ArrayList<>();
        for (SseEvent e : events) {
            out.addAll(decoder.decode(e));
        }
        out.addAll(decoder.finish());
        return out;
    }
}
