package dev.aiproxy.translate.responses;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseFunctionToolCall;
import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.ChatResponse;
import dev.aiproxy.api.model.StreamEvent;
import dev.aiproxy.translate.Codecs;
import dev.aiproxy.translate.FormatCodec;
import dev.aiproxy.translate.SseEvent;
import dev.aiproxy.translate.testing.Fixtures;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A Responses client in front of a Chat Completions upstream, and the other way round. */
class OpenAiResponsesCrossFormatTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final FormatCodec responses = Codecs.of(ApiFormat.OPENAI_RESPONSES);
    private final FormatCodec chat = Codecs.of(ApiFormat.OPENAI_CHAT);

    @Test
    void streamsAChatToolCallAsFunctionCallArgumentDeltas() throws IOException {
        ChatRequest request = responses.decodeRequest(Fixtures.bytes("responses/request-text.json"));
        List<StreamEvent> events = ResponsesStreams.decode(chat, "openai/chat-completion-stream-tool-call.sse");

        List<SseEvent> written = ResponsesStreams.encode(responses, request, events);

        StringBuilder arguments = new StringBuilder();
        for (SseEvent e : written) {
            ResponsesStreams.parseWithSdk(e);
            if (e.event().equals("response.function_call_arguments.delta")) {
                arguments.append(JSON.readTree(e.data()).get("delta").asText());
            }
        }
        assertThat(arguments.toString()).isEqualTo("{\"location\":\"Paris, France\"}");
        JsonNode added = JSON.readTree(written.get(2).data());
        assertThat(added.at("/item/type").asText()).isEqualTo("function_call");
        assertThat(added.at("/item/arguments").asText()).isEmpty();
        assertThat(written.getLast().event()).isEqualTo("response.completed");
        ResponseFunctionToolCall call = ResponsesStreams.parseWithSdk(written.getLast()).asCompleted().response()
                .output().getFirst().asFunctionCall();
        assertThat(call.callId()).isEqualTo("call_DdmO9pD3xa9XTPNJ32zg2hcA");
        assertThat(call.name()).isEqualTo("get_weather");
        assertThat(call.arguments()).isEqualTo("{\"location\":\"Paris, France\"}");
        JsonNode usage = JSON.readTree(written.getLast().data()).at("/response/usage");
        assertThat(usage.get("input_tokens").asInt()).isEqualTo(70);
        assertThat(usage.get("output_tokens").asInt()).isEqualTo(16);
    }

    @Test
    void streamsAResponsesFunctionCallAsChatToolCallChunks() throws IOException {
        ChatRequest request = chat.decodeRequest("{\"model\":\"m\",\"messages\":[]}".getBytes());
        List<StreamEvent> events = ResponsesStreams.decode(responses, "responses/stream-function-call.sse");

        List<SseEvent> written = ResponsesStreams.encode(chat, request, events);

        StringBuilder arguments = new StringBuilder();
        for (SseEvent e : written.subList(0, written.size() - 1)) {
            arguments.append(JSON.readTree(e.data()).at("/choices/0/delta/tool_calls/0/function/arguments").asText());
        }
        assertThat(arguments.toString()).isEqualTo("{\"location\":\"Paris, France\"}");
        assertThat(JSON.readTree(written.get(1).data()).at("/choices/0/delta/tool_calls/0/id").asText())
                .isEqualTo("call_1234xyz");
        assertThat(JSON.readTree(written.get(written.size() - 2).data()).at("/choices/0/finish_reason").asText())
                .isEqualTo("tool_calls");
        assertThat(written.getLast().data()).isEqualTo("[DONE]");
    }

    @Test
    void answersAResponsesClientWithAChatCompletion() throws IOException {
        ChatResponse answer = chat.decodeResponse(Fixtures.bytes("openai/chat-completion-tool-call.json"));

        Response response = OpenAiResponsesResponseTest.parseWithSdk(responses.encodeResponse(answer));

        assertThat(response.id()).isEqualTo("resp_chatcmpl-abc123");
        ResponseFunctionToolCall call = response.output().getFirst().asFunctionCall();
        assertThat(call.callId()).isEqualTo("call_abc123");
        assertThat(call.arguments()).isEqualTo("{\n\"location\": \"Boston, MA\"\n}");
        assertThat(response.usage().orElseThrow().inputTokensDetails().cachedTokens()).isEqualTo(64);
    }

    @Test
    void sendsAResponsesConversationToAChatUpstream() throws IOException {
        ChatRequest request = responses.decodeRequest(
                Fixtures.bytes("responses/request-function-call-output.json"));

        JsonNode encoded = JSON.readTree(chat.encodeRequest(request, "gpt-4o"));

        JsonNode messages = encoded.get("messages");
        assertThat(messages).hasSize(4);
        assertThat(messages.get(0).toString()).isEqualTo(
                "{\"role\":\"system\",\"content\":\"You are a helpful weather assistant.\"}");
        assertThat(messages.get(2).at("/tool_calls/0/id").asText()).isEqualTo("call_12345xyz");
        assertThat(messages.get(2).at("/tool_calls/0/function/arguments").asText())
                .isEqualTo("{\"latitude\":48.8566,\"longitude\":2.3522}");
        assertThat(messages.get(3).toString()).isEqualTo(
                "{\"role\":\"tool\",\"tool_call_id\":\"call_12345xyz\",\"content\":\"14.7\"}");
        assertThat(encoded.at("/tools/0/function/name").asText()).isEqualTo("get_weather");
        assertThat(encoded.at("/tools/0/function/strict").asBoolean()).isTrue();
    }

    @Test
    void sendsAChatConversationToAResponsesUpstream() throws IOException {
        ChatRequest request = chat.decodeRequest(("{\"model\":\"gpt-4o\",\"messages\":["
                + "{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Weather?\"},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"sunny\"}],"
                + "\"max_tokens\":50,\"seed\":3,\"store\":true,\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true}}").getBytes());

        JsonNode encoded = JSON.readTree(responses.encodeRequest(request, "gpt-4.1"));

        assertThat(encoded.get("input").toString()).isEqualTo("[{\"type\":\"message\",\"role\":\"system\","
                + "\"content\":\"Be brief.\"},{\"type\":\"message\",\"role\":\"user\",\"content\":\"Weather?\"},"
                + "{\"type\":\"function_call\",\"call_id\":\"call_1\",\"name\":\"get_weather\",\"arguments\":\"{}\"},"
                + "{\"type\":\"function_call_output\",\"call_id\":\"call_1\",\"output\":\"sunny\"}]");
        assertThat(encoded.get("max_output_tokens").asInt()).isEqualTo(50);
        assertThat(encoded.get("store").asBoolean()).isTrue();
        assertThat(encoded.get("stream").asBoolean()).isTrue();
        assertThat(encoded.has("seed")).isFalse();
        assertThat(encoded.has("stream_options")).isFalse();
    }
}
