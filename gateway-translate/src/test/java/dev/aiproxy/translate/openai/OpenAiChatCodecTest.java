package dev.aiproxy.translate.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.error.InvalidRequestException;
import dev.aiproxy.api.error.RateLimitedException;
import dev.aiproxy.api.error.UpstreamException;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.ChatResponse;
import dev.aiproxy.api.model.ChatResponseAccumulator;
import dev.aiproxy.api.model.Image;
import dev.aiproxy.api.model.Message;
import dev.aiproxy.api.model.ResponseFormat;
import dev.aiproxy.api.model.Role;
import dev.aiproxy.api.model.StopReason;
import dev.aiproxy.api.model.StreamEvent;
import dev.aiproxy.api.model.Text;
import dev.aiproxy.api.model.ToolCall;
import dev.aiproxy.api.model.ToolChoice;
import dev.aiproxy.api.model.ToolResult;
import dev.aiproxy.api.model.Usage;
import dev.aiproxy.translate.Codecs;
import dev.aiproxy.translate.FormatCodec;
import dev.aiproxy.translate.SseEvent;
import dev.aiproxy.translate.SseEventReader;
import dev.aiproxy.translate.StreamDecoder;
import dev.aiproxy.translate.StreamEncoder;
import dev.aiproxy.translate.UpstreamErrorBody;
import dev.aiproxy.translate.testing.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenAiChatCodecTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final FormatCodec codec = Codecs.of(ApiFormat.OPENAI_CHAT);

    private static final String FULL_REQUEST = """
            {"model":"gpt-4o","messages":[
              {"role":"developer","content":"Be brief."},
              {"role":"system","content":[{"type":"text","text":"Answer in French."}]},
              {"role":"user","content":[{"type":"text","text":"What is in this image?"},
                {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo=","detail":"low"}},
                {"type":"image_url","image_url":{"url":"https://example.com/cat.jpg"}}]},
              {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
                "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},
              {"role":"tool","tool_call_id":"call_1","content":"18C and sunny"},
              {"role":"user","content":"Thanks","name":"alice"}],
             "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather by city",
               "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]},
               "strict":true}}],
             "tool_choice":{"type":"function","function":{"name":"get_weather"}},
             "parallel_tool_calls":false,
             "response_format":{"type":"json_schema","json_schema":{"name":"answer","schema":{"type":"object"},
               "strict":true}},
             "reasoning_effort":"low","temperature":0.2,"top_p":0.9,"max_completion_tokens":300,
             "stop":["END"],"seed":7,"logit_bias":{"50256":-100},"user":"u-1"}
            """;

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void decodesEveryMappedFieldOfARequest() {
        ChatRequest request = codec.decodeRequest(utf8(FULL_REQUEST));

        assertThat(request.model()).isEqualTo("gpt-4o");
        assertThat(request.messages()).extracting(Message::role)
                .containsExactly(Role.SYSTEM, Role.SYSTEM, Role.USER, Role.ASSISTANT, Role.TOOL, Role.USER);
        assertThat(request.messages().get(0).extensions().get("openai.role")).contains("\"developer\"");
        assertThat(request.messages().get(2).content()).containsExactly(
                new Text("What is in this image?"),
                new Image(null, "image/png", "iVBORw0KGgo=", "low"),
                Image.fromUrl("https://example.com/cat.jpg"));
        assertThat(request.messages().get(3).content())
                .containsExactly(new ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}"));
        assertThat(request.messages().get(4).content())
                .containsExactly(new ToolResult("call_1", null, List.of(new Text("18C and sunny")), false));
        assertThat(request.tools()).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("get_weather");
            assertThat(t.strict()).isTrue();
            assertThat(t.parametersJson()).contains("\"required\":[\"city\"]");
        });
        assertThat(request.toolChoice()).isEqualTo(new ToolChoice.Named("get_weather"));
        assertThat(request.parallelToolCalls()).isFalse();
        assertThat(request.responseFormat()).isEqualTo(
                new ResponseFormat.JsonSchema("answer", "{\"type\":\"object\"}", true));
        assertThat(request.reasoning().effort()).isEqualTo("low");
        assertThat(request.temperature()).isEqualTo(0.2);
        assertThat(request.topP()).isEqualTo(0.9);
        assertThat(request.maxOutputTokens()).isEqualTo(300);
        assertThat(request.stopSequences()).containsExactly("END");
        assertThat(request.extensions().family("openai")).containsKeys("seed", "logit_bias", "user");
    }

    @Test
    void encodesADecodedRequestBackWithNothingLost() throws IOException {
        ChatRequest request = codec.decodeRequest(utf8(FULL_REQUEST));

        JsonNode encoded = JSON.readTree(codec.encodeRequest(request, "gpt-4o-2024-08-06"));

        JsonNode original = JSON.readTree(FULL_REQUEST);
        assertThat(encoded.get("model").asText()).isEqualTo("gpt-4o-2024-08-06");
        assertThat(encoded.get("messages").get(0).get("role").asText()).isEqualTo("developer");
        assertThat(encoded.get("messages").get(2)).isEqualTo(original.get("messages").get(2));
        assertThat(encoded.get("messages").get(3)).isEqualTo(original.get("messages").get(3));
        assertThat(encoded.get("messages").get(4)).isEqualTo(original.get("messages").get(4));
        assertThat(encoded.get("messages").get(5)).isEqualTo(original.get("messages").get(5));
        for (String field : List.of("tools", "tool_choice", "parallel_tool_calls", "response_format",
                "reasoning_effort", "temperature", "top_p", "stop", "seed", "logit_bias", "user")) {
            assertThat(encoded.get(field)).as(field).isEqualTo(original.get(field));
        }
        assertThat(encoded.get("max_tokens").asInt()).isEqualTo(300);
    }

    @Test
    void asksForUsageWhenItEncodesAStreamedRequest() throws IOException {
        ChatRequest request = ChatRequest.builder().model("m").user("hi").stream(true).build();

        JsonNode encoded = JSON.readTree(codec.encodeRequest(request, "m"));

        assertThat(encoded.get("stream").asBoolean()).isTrue();
        assertThat(encoded.at("/stream_options/include_usage").asBoolean()).isTrue();
    }

    @Test
    void turnsToolResultsInAUserMessageIntoToolMessagesFirst() throws IOException {
        ChatRequest request = ChatRequest.builder().model("m")
                .addMessage(new Message(Role.USER, List.of(
                        new ToolResult("toolu_1", "lookup", List.of(new Text("not found")), true),
                        new Text("try again"))))
                .build();

        JsonNode messages = JSON.readTree(codec.encodeRequest(request, "m")).get("messages");

        assertThat(messages).hasSize(2);
        assertThat(messages.get(0).get("role").asText()).isEqualTo("tool");
        assertThat(messages.get(0).get("tool_call_id").asText()).isEqualTo("toolu_1");
        assertThat(messages.get(0).get("content").asText()).isEqualTo("Error: not found");
        assertThat(messages.get(1).get("content").asText()).isEqualTo("try again");
    }

    @Test
    void decodesTheDocumentedChatCompletion() {
        ChatResponse response = codec.decodeResponse(Fixtures.bytes("openai/chat-completion.json"));

        assertThat(response.id()).isEqualTo("chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT");
        assertThat(response.text()).isEqualTo("Hello! How can I assist you today?");
        assertThat(response.stopReason()).isEqualTo(StopReason.END_TURN);
        assertThat(response.usage()).isEqualTo(Usage.of(19, 10));
    }

    @Test
    void decodesTheDocumentedToolCallWithCachedTokens() {
        ChatResponse response = codec.decodeResponse(Fixtures.bytes("openai/chat-completion-tool-call.json"));

        assertThat(response.toolCalls()).containsExactly(
                new ToolCall("call_abc123", "get_current_weather", "{\n\"location\": \"Boston, MA\"\n}"));
        assertThat(response.stopReason()).isEqualTo(StopReason.TOOL_USE);
        assertThat(response.usage()).isEqualTo(new Usage(82, 17, 64, 0, 0));
    }

    @Test
    void encodesAResponseTheWayOpenAiDoes() throws IOException {
        ChatResponse response = codec.decodeResponse(Fixtures.bytes("openai/chat-completion-tool-call.json"));

        JsonNode encoded = JSON.readTree(codec.encodeResponse(response.withModel("fast")));

        assertThat(encoded.get("object").asText()).isEqualTo("chat.completion");
        assertThat(encoded.get("model").asText()).isEqualTo("fast");
        assertThat(encoded.at("/choices/0/message/content").isNull()).isTrue();
        assertThat(encoded.at("/choices/0/message/tool_calls/0/function/arguments").asText())
                .isEqualTo("{\n\"location\": \"Boston, MA\"\n}");
        assertThat(encoded.at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(encoded.at("/usage/prompt_tokens_details/cached_tokens").asInt()).isEqualTo(64);
        assertThat(encoded.at("/usage/total_tokens").asInt()).isEqualTo(99);
    }

    @Test
    void decodesTheDocumentedStreamIntoOrderedCanonicalEvents() throws IOException {
        List<StreamEvent> events = decodeStream("openai/chat-completion-stream.sse");

        assertThat(events).containsExactly(
                new StreamEvent.MessageStart("chatcmpl-123", "gpt-4o-mini", Usage.ZERO),
                new StreamEvent.BlockStart(0, new Text("")),
                new StreamEvent.TextDelta(0, "Hello"),
                new StreamEvent.TextDelta(0, "!"),
                new StreamEvent.TextDelta(0, " How can I help?"),
                new StreamEvent.BlockStop(0),
                new StreamEvent.MessageDelta(StopReason.END_TURN, Usage.of(9, 5)),
                new StreamEvent.MessageStop());
    }

    @Test
    void decodesAStreamedToolCallWithEveryArgumentFragment() throws IOException {
        ChatResponseAccumulator acc = new ChatResponseAccumulator();
        decodeStream("openai/chat-completion-stream-tool-call.sse").forEach(acc::accept);

        ChatResponse response = acc.response();

        assertThat(acc.isComplete()).isTrue();
        assertThat(response.toolCalls()).containsExactly(
                new ToolCall("call_DdmO9pD3xa9XTPNJ32zg2hcA", "get_weather", "{\"location\":\"Paris, France\"}"));
        assertThat(response.stopReason()).isEqualTo(StopReason.TOOL_USE);
        assertThat(response.usage().outputTokens()).isEqualTo(16);
    }

    @Test
    void closesTheStreamWhenTheUpstreamEndsWithoutDoneAfterAFinishReason() {
        StreamDecoder decoder = codec.newStreamDecoder();
        List<StreamEvent> events = new ArrayList<>(decoder.decode(new SseEvent(null,
                "{\"id\":\"c1\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}]}")));
        events.addAll(decoder.decode(new SseEvent(null,
                "{\"id\":\"c1\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}")));

        events.addAll(decoder.finish());

        assertThat(events.getLast()).isEqualTo(new StreamEvent.MessageStop());
        assertThat(events).contains(new StreamEvent.BlockStop(0));
    }

    @Test
    void aStreamCutShortBeforeItsFinishReasonIsA502NotAFinishedAnswer() {
        StreamDecoder decoder = codec.newStreamDecoder();
        decoder.decode(new SseEvent(null,
                "{\"id\":\"c1\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}]}"));

        assertThatThrownBy(decoder::finish)
                .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.status()).isEqualTo(502))
                .hasMessageContaining("cut short");
    }

    @Test
    void turnsAnErrorChunkIntoAnUpstreamException() {
        StreamDecoder decoder = codec.newStreamDecoder();

        assertThatThrownBy(() -> decoder.decode(new SseEvent(null,
                "{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}")))
                .isInstanceOf(UpstreamException.class)
                .hasMessageContaining("The server had an error");
    }

    @Test
    void encodesEventsAsChunksWithUsageAndDoneWhenAskedFor() throws IOException {
        ChatRequest request = codec.decodeRequest(utf8(
                "{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":true},\"messages\":[]}"));
        StreamEncoder encoder = codec.newStreamEncoder(request);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        for (StreamEvent e : decodeStream("openai/chat-completion-stream-tool-call.sse")) {
            encoder.encode(e, out);
        }

        List<SseEvent> written = readEvents(out.toByteArray());
        assertThat(written.getLast().data()).isEqualTo("[DONE]");
        JsonNode usage = JSON.readTree(written.get(written.size() - 2).data());
        assertThat(usage.get("choices")).isEmpty();
        assertThat(usage.at("/usage/completion_tokens").asInt()).isEqualTo(16);
        JsonNode first = JSON.readTree(written.get(0).data());
        assertThat(first.at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        JsonNode toolStart = JSON.readTree(written.get(1).data());
        assertThat(toolStart.at("/choices/0/delta/tool_calls/0/id").asText())
                .isEqualTo("call_DdmO9pD3xa9XTPNJ32zg2hcA");
        StringBuilder arguments = new StringBuilder();
        for (SseEvent e : written.subList(2, written.size() - 3)) {
            arguments.append(JSON.readTree(e.data()).at("/choices/0/delta/tool_calls/0/function/arguments").asText());
        }
        assertThat(arguments.toString()).isEqualTo("{\"location\":\"Paris, France\"}");
        assertThat(JSON.readTree(written.get(written.size() - 3).data()).at("/choices/0/finish_reason").asText())
                .isEqualTo("tool_calls");
    }

    @Test
    void leavesOutTheUsageChunkWhenNotAskedFor() throws IOException {
        StreamEncoder encoder = codec.newStreamEncoder(ChatRequest.builder().model("m").build());
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        for (StreamEvent e : decodeStream("openai/chat-completion-stream.sse")) {
            encoder.encode(e, out);
        }

        assertThat(new String(out.toByteArray(), StandardCharsets.UTF_8)).doesNotContain("\"usage\"");
    }

    @Test
    void readsTheDocumentedErrorBody() {
        UpstreamErrorBody error = codec.decodeError(429, Fixtures.bytes("openai/error-429.json"));

        assertThat(error.message()).startsWith("Rate limit reached for gpt-4o-mini");
        assertThat(error.code()).isEqualTo("rate_limit_exceeded");
        assertThat(error.type()).isEqualTo("requests");
    }

    @Test
    void readsErrorBodiesOfOtherShapes() {
        assertThat(codec.decodeError(400, utf8("{\"error\":\"bad thing\"}")).message()).isEqualTo("bad thing");
        assertThat(codec.decodeError(400, utf8("[{\"error\":{\"code\":400,\"message\":\"wrapped\"}}]")).message())
                .isEqualTo("wrapped");
        assertThat(codec.decodeError(502, utf8("<html>Bad Gateway</html>")).message())
                .isEqualTo("<html>Bad Gateway</html>");
        assertThat(codec.decodeError(503, new byte[0]).message()).isEqualTo("upstream answered HTTP 503");
    }

    @Test
    void writesErrorsInOpenAisShape() throws IOException {
        JsonNode error = JSON.readTree(codec.encodeError(
                new RateLimitedException("slow down", Duration.ofSeconds(3))));

        assertThat(error.at("/error/message").asText()).isEqualTo("slow down");
        assertThat(error.at("/error/type").asText()).isEqualTo("rate_limit_error");
        assertThat(error.at("/error/code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(error.at("/error").has("param")).isTrue();
    }

    @Test
    void rejectsTypeConfusedRequestsWithA400NamingThePath() {
        assertThatThrownBy(() -> codec.decodeRequest(utf8("{\"model\":\"m\",\"messages\":[{\"role\":\"user\","
                + "\"content\":42}]}")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("messages[0].content");
        assertThatThrownBy(() -> codec.decodeRequest(utf8("{\"model\":\"m\",\"messages\":[{\"role\":\"wizard\"}]}")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("unsupported role 'wizard'");
        assertThatThrownBy(() -> codec.decodeRequest(utf8("{\"model\":\"m\",\"messages\":[],\"max_tokens\":1.5}")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("max_tokens");
    }

    @Test
    void neverThrowsAnythingButA400ForAnyTruncationOfARequest() {
        byte[] full = utf8(FULL_REQUEST);
        for (int length = 0; length < full.length; length++) {
            byte[] truncated = java.util.Arrays.copyOf(full, length);
            try {
                codec.decodeRequest(truncated);
            } catch (InvalidRequestException expected) {
                continue;
            }
        }
    }

    @Test
    void neverThrowsAnythingButA502ForAnyTruncationOfAResponse() {
        byte[] full = Fixtures.bytes("openai/chat-completion-tool-call.json");
        for (int length = 0; length < full.length; length++) {
            byte[] truncated = java.util.Arrays.copyOf(full, length);
            try {
                codec.decodeResponse(truncated);
            } catch (UpstreamException expected) {
                assertThat(expected.status()).isEqualTo(502);
            }
        }
    }

    @Test
    void answersA502ForResponsesWithWrongTypes() {
        for (String body : List.of("{\"choices\":3}", "{\"choices\":[{\"message\":[]}]}",
                "{\"choices\":[{\"message\":{\"content\":5}}]}",
                "{\"choices\":[{\"message\":{\"tool_calls\":[{\"function\":{}}]}}]}",
                "{\"choices\":[],\"usage\":{\"prompt_tokens\":-1}}", "[]", "null")) {
            assertThatThrownBy(() -> codec.decodeResponse(utf8(body))).as(body)
                    .isInstanceOf(UpstreamException.class);
        }
    }

    private List<StreamEvent> decodeStream(String fixture) throws IOException {
        StreamDecoder decoder = codec.newStreamDecoder();
        SseEventReader reader = new SseEventReader(new ByteArrayInputStream(Fixtures.bytes(fixture)));
        List<StreamEvent> events = new ArrayList<>();
        SseEvent e;
        while ((e = reader.next()) != null) {
            events.addAll(decoder.decode(e));
        }
        events.addAll(decoder.finish());
        return events;
    }

    private static List<SseEvent> readEvents(byte[] bytes) throws IOException {
        SseEventReader reader = new SseEventReader(new ByteArrayInputStream(bytes));
        List<SseEvent> out = new ArrayList<>();
        SseEvent e;
        while ((e = reader.next()) != null) {
            out.add(e);
        }
        return out;
    }
}
