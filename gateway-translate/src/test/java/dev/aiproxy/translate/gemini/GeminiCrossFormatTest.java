package dev.aiproxy.translate.gemini;

import static dev.aiproxy.translate.gemini.GeminiRequestCodecTest.utf8;
import static dev.aiproxy.translate.gemini.GeminiStreamTest.decodeStream;
import static dev.aiproxy.translate.gemini.GeminiStreamTest.encodeStream;
import static dev.aiproxy.translate.gemini.GeminiStreamTest.readChunks;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.ChatResponse;
import dev.aiproxy.api.model.ChatResponseAccumulator;
import dev.aiproxy.api.model.Message;
import dev.aiproxy.api.model.Role;
import dev.aiproxy.api.model.StopReason;
import dev.aiproxy.api.model.Text;
import dev.aiproxy.api.model.Thinking;
import dev.aiproxy.api.model.Usage;
import dev.aiproxy.translate.Codecs;
import dev.aiproxy.translate.FormatCodec;
import dev.aiproxy.translate.testing.Fixtures;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class GeminiCrossFormatTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final FormatCodec gemini = Codecs.of(ApiFormat.GEMINI);
    private final FormatCodec openai = Codecs.of(ApiFormat.OPENAI_CHAT);

    @Test
    void sendsAnOpenAiStreamedToolCallToAGeminiClientWholeInOneChunk() throws IOException {
        byte[] written = encodeStream(gemini, decodeStream(openai,
                Fixtures.bytes("openai/chat-completion-stream-tool-call.sse")));

        List<JsonNode> chunks = readChunks(written);
        List<JsonNode> calls = chunks.stream().map(c -> c.at("/candidates/0/content/parts/0/functionCall"))
                .filter(JsonNode::isObject).toList();
        assertThat(calls).singleElement().isEqualTo(JSON.readTree(
                "{\"id\":\"call_DdmO9pD3xa9XTPNJ32zg2hcA\",\"name\":\"get_weather\","
                        + "\"args\":{\"location\":\"Paris, France\"}}"));
        assertThat(chunks.getLast().at("/candidates/0/finishReason").asText()).isEqualTo("STOP");
        assertThat(chunks.getLast().at("/usageMetadata/candidatesTokenCount").asInt()).isEqualTo(16);
    }

    @Test
    void returnsAGeminiCallSignatureThatAnOpenAiClientCarriedInTheCallId() throws IOException {
        ChatResponse answer = gemini.decodeResponse(Fixtures.bytes("gemini/generate-content-function-call.json"));
        JsonNode shown = JSON.readTree(openai.encodeResponse(answer.withModel("fast")));
        JsonNode calls = shown.at("/choices/0/message/tool_calls");
        ObjectNode next = JSON.createObjectNode().put("model", "fast");
        ArrayNode messages = next.putArray("messages");
        messages.addObject().put("role", "user").put("content", "Weather in Paris and London?");
        messages.addObject().put("role", "assistant").putNull("content").set("tool_calls", calls);
        messages.addObject().put("role", "tool").put("tool_call_id", calls.get(0).get("id").asText())
                .put("content", "18C");
        messages.addObject().put("role", "tool").put("tool_call_id", calls.get(1).get("id").asText())
                .put("content", "{\"temp\":12}");

        ChatRequest request = openai.decodeRequest(JSON.writeValueAsBytes(next));
        JsonNode upstream = JSON.readTree(gemini.encodeRequest(request, "gemini-3-flash-preview"));

        assertThat(calls.get(0).get("id").asText()).contains("_gwsig_");
        assertThat(upstream.at("/contents/1")).isEqualTo(JSON.readTree("""
                {"role":"model","parts":[
                  {"functionCall":{"name":"get_weather","args":{"location":"Paris"}},
                   "thoughtSignature":"CiQBcsjafEx2kTPpR0q+v1yIZ2cM3E8ZhQ9PfGpBbd1eW8kX0S0KZQFyyNp8"},
                  {"functionCall":{"name":"get_weather","args":{"location":"London"}}}]}"""));
        assertThat(upstream.at("/contents/2")).isEqualTo(JSON.readTree("""
                {"role":"user","parts":[
                  {"functionResponse":{"name":"get_weather","response":{"result":"18C"}}},
                  {"functionResponse":{"name":"get_weather","response":{"temp":12}}}]}"""));
    }

    @Test
    void aThoughtSignatureSurvivesTheRoundTripThroughAGeminiClient() throws IOException {
        ChatResponse answer = gemini.decodeResponse(Fixtures.bytes("gemini/generate-content-thinking.json"));
        JsonNode shown = JSON.readTree(gemini.encodeResponse(answer)).at("/candidates/0/content");
        String next = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Explain Occam's Razor\"}]},"
                + JSON.writeValueAsString(shown) + ",{\"role\":\"user\",\"parts\":[{\"text\":\"Shorter?\"}]}]}";

        JsonNode upstream = JSON.readTree(gemini.encodeRequest(gemini.decodeRequest(utf8(next)), "gemini-2.5-pro"));

        assertThat(upstream.at("/contents/1/parts")).isEqualTo(JSON.readTree("""
                [{"text":"Occam's Razor says the simplest explanation is usually the right one.",
                  "thoughtSignature":"EpYCCpMCAXLI2nzK8pL1mJv0Qw3z9Yw0rT4f"}]"""));
    }

    @Test
    void showsAnAnthropicSignatureToAGeminiClientButNeverSendsItToGemini() throws IOException {
        ChatResponse claude = new ChatResponse("msg_1", "claude", List.of(
                new Thinking("Let me think.", "EqQBCkgIARAB", null, ApiFormat.ANTHROPIC_MESSAGES),
                new Text("Yes.")), StopReason.END_TURN, Usage.of(3, 4), null);
        JsonNode shown = JSON.readTree(gemini.encodeResponse(claude)).at("/candidates/0/content");
        String next = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Sure?\"}]},"
                + JSON.writeValueAsString(shown) + ",{\"role\":\"user\",\"parts\":[{\"text\":\"Why?\"}]}]}";

        ChatRequest request = gemini.decodeRequest(utf8(next));
        JsonNode upstream = JSON.readTree(gemini.encodeRequest(request, "gemini-2.5-pro"));

        assertThat(request.messages().get(1).content()).containsExactly(
                new Thinking("Let me think.", "EqQBCkgIARAB", null, ApiFormat.ANTHROPIC_MESSAGES), new Text("Yes."));
        assertThat(upstream.at("/contents/1/parts")).isEqualTo(JSON.readTree("[{\"text\":\"Yes.\"}]"));
    }

    @Test
    void decodesAGeminiStreamThatAnOpenAiClientReceivesWithItsCallSignatureInTheId() throws IOException {
        ChatResponseAccumulator acc = new ChatResponseAccumulator();
        decodeStream(gemini, Fixtures.bytes("gemini/stream-function-call.sse")).forEach(acc::accept);

        JsonNode shown = JSON.readTree(openai.encodeResponse(acc.response()));

        assertThat(shown.at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(shown.at("/choices/0/message/tool_calls/0/function/arguments").asText())
                .isEqualTo("{\"location\":\"Tokyo\",\"unit\":\"celsius\"}");
        assertThat(shown.at("/choices/0/message/tool_calls/0/id").asText()).contains("_gwsig_");
        assertThat(shown.at("/usage/completion_tokens_details/reasoning_tokens").asInt()).isEqualTo(104);
    }

    @Test
    void translatesAnOpenAiConversationForGeminiWithTheSystemPromptApart() throws IOException {
        ChatRequest request = ChatRequest.builder().model("fast").system("Be brief.")
                .addMessage(new Message(Role.USER, List.of(new Text("Hi")))).temperature(0.5).maxOutputTokens(64)
                .stopSequences(List.of("END")).build();

        JsonNode upstream = JSON.readTree(gemini.encodeRequest(request, "gemini-2.5-flash"));

        assertThat(upstream).isEqualTo(JSON.readTree("""
                {"systemInstruction":{"parts":[{"text":"Be brief."}]},
                 "contents":[{"role":"user","parts":[{"text":"Hi"}]}],
                 "generationConfig":{"temperature":0.5,"maxOutputTokens":64,"stopSequences":["END"]}}"""));
    }
}
