package dev.aiproxy.translate.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.error.RateLimitedException;
import dev.aiproxy.api.error.UpstreamException;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.ChatResponse;
import dev.aiproxy.api.model.ChatResponseAccumulator;
import dev.aiproxy.api.model.StopReason;
import dev.aiproxy.api.model.StreamEvent;
import dev.aiproxy.api.model.Text;
import dev.aiproxy.api.model.Thinking;
import dev.aiproxy.api.model.ToolCall;
import dev.aiproxy.api.model.Usage;
import dev.aiproxy.translate.Codecs;
import dev.aiproxy.translate.FormatCodec;
import dev.aiproxy.translate.SseEvent;
import dev.aiproxy.translate.SseEventReader;
import dev.aiproxy.translate.StreamDecoder;
import dev.aiproxy.translate.StreamEncoder;
import dev.aiproxy.translate.testing.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GeminiStreamTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final FormatCodec codec = Codecs.of(ApiFormat.GEMINI);

    static List<StreamEvent> decodeStream(FormatCodec codec, byte[] sse) throws IOException {
        StreamDecoder decoder = codec.newStreamDecoder();
        SseEventReader reader = new SseEventReader(new ByteArrayInputStream(sse));
        List<StreamEvent> events = new ArrayList<>();
        SseEvent e;
        while ((e = reader.next()) != null) {
            events.addAll(decoder.decode(e));
        }
        events.addAll(decoder.finish());
        return events;
    }

    static List<JsonNode> readChunks(byte[] bytes) throws IOException {
        SseEventReader reader = new SseEventReader(new ByteArrayInputStream(bytes));
        List<JsonNode> out = new ArrayList<>();
        SseEvent e;
        while ((e = reader.next()) != null) {
            out.add(JSON.readTree(e.data()));
        }
        return out;
    }

    static byte[] encodeStream(FormatCodec codec, List<StreamEvent> events) throws IOException {
        StreamEncoder encoder = codec.newStreamEncoder(ChatRequest.builder().model("m").build());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (StreamEvent event : events) {
            encoder.encode(event, out);
        }
        return out.toByteArray();
    }

    @Test
    void decodesTheDocumentedTextStreamIntoOrderedCanonicalEvents() throws IOException {
        List<StreamEvent> events = decodeStream(codec, Fixtures.bytes("gemini/stream-text.sse"));

        assertThat(events).containsExactly(
                new StreamEvent.MessageStart("IZI2acSKMoWl0-kPmYj2yQc", "gemini-2.5-flash", Usage.of(9, 0)),
                new StreamEvent.BlockStart(0, new Text("")),
                new StreamEvent.TextDelta(0, "The"),
                new StreamEvent.TextDelta(0, " quick brown fox jumps over"),
                new StreamEvent.TextDelta(0, " the lazy dog."),
                new StreamEvent.BlockStop(0),
                new StreamEvent.MessageDelta(StopReason.END_TURN, Usage.of(9, 10)),
                new StreamEvent.MessageStop());
    }

    @Test
    void decodesAStreamedFunctionCallAsOneWholeArgumentsDelta() throws IOException {
        List<StreamEvent> events = decodeStream(codec, Fixtures.bytes("gemini/stream-function-call.sse"));

        String id = ((ToolCall) ((StreamEvent.BlockStart) events.get(4)).part()).id();
        assertThat(id).startsWith("gcall_");
        assertThat(events).containsExactly(
                new StreamEvent.MessageStart("qpc2afWVFJK4vr0Pq6WiyAU", "gemini-2.5-flash", Usage.of(83, 0)),
                new StreamEvent.BlockStart(0, new Thinking("", null, null, ApiFormat.GEMINI)),
                new StreamEvent.ThinkingDelta(0,
                        "**Checking the weather**\n\nThe user wants Tokyo; I will call the tool."),
                new StreamEvent.BlockStop(0),
                new StreamEvent.BlockStart(1, new ToolCall(id, "get_weather", "",
                        "CikBcsjafFK168IbtVtoxVV0Tsn8O+eU45rzJahzwuKGmMbdMdfpmNpgBwpl")),
                new StreamEvent.ToolArgumentsDelta(1, "{\"location\":\"Tokyo\",\"unit\":\"celsius\"}"),
                new StreamEvent.BlockStop(1),
                new StreamEvent.MessageDelta(StopReason.TOOL_USE, new Usage(83, 118, 0, 0, 104)),
                new StreamEvent.MessageStop());
    }

    @Test
    void givesASignatureOnATextChunkABlockOfItsOwn() {
        StreamDecoder decoder = codec.newStreamDecoder();
        List<StreamEvent> events = new ArrayList<>(decoder.decode(new SseEvent(null,
                "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hi\"}]}}],\"responseId\":\"r\"}")));
        events.addAll(decoder.decode(new SseEvent(null, "{\"candidates\":[{\"content\":{\"parts\":"
                + "[{\"text\":\"\",\"thoughtSignature\":\"c2ln\"}]},\"finishReason\":\"STOP\"}]}")));
        events.addAll(decoder.finish());
        ChatResponseAccumulator acc = new ChatResponseAccumulator();
        events.forEach(acc::accept);

        ChatResponse response = acc.response();

        assertThat(response.content()).containsExactly(new Text("Hi"),
                new Thinking("", "c2ln", null, ApiFormat.GEMINI));
    }

    @Test
    void turnsAnErrorChunkIntoAnUpstreamException() {
        StreamDecoder decoder = codec.newStreamDecoder();

        assertThatThrownBy(() -> decoder.decode(new SseEvent(null,
                new String(Fixtures.bytes("gemini/error-503-unavailable.json"), StandardCharsets.UTF_8)
                        .replace("\n", ""))))
                .isInstanceOf(UpstreamException.class)
                .hasMessageContaining("The model is overloaded");
    }

    @Test
    void aStreamCutShortBeforeItsFinishReasonIsA502NotAFinishedAnswer() {
        StreamDecoder decoder = codec.newStreamDecoder();
        decoder.decode(new SseEvent(null,
                "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hi\"}]}}],\"responseId\":\"r\"}"));

        assertThatThrownBy(decoder::finish)
                .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.status()).isEqualTo(502))
                .hasMessageContaining("cut short");
    }

    @Test
    void refusesAStreamThatEndsBeforeItsFirstChunkAndMalformedChunks() {
        assertThatThrownBy(() -> codec.newStreamDecoder().finish()).isInstanceOf(UpstreamException.class);
        assertThatThrownBy(() -> codec.newStreamDecoder().decode(new SseEvent(null, "{\"candidates\":5}")))
                .isInstanceOf(UpstreamException.class).hasMessageContaining("candidates");
        assertThatThrownBy(() -> codec.newStreamDecoder().decode(new SseEvent(null, "{\"cand")))
                .isInstanceOf(UpstreamException.class);
    }

    @Test
    void neverThrowsAnythingButA502ForAnyTruncationOfAChunk() throws IOException {
        SseEventReader reader = new SseEventReader(new ByteArrayInputStream(
                Fixtures.bytes("gemini/stream-function-call.sse")));
        reader.next();
        String chunk = reader.next().data();
        for (int length = 0; length < chunk.length(); length++) {
            StreamDecoder decoder = codec.newStreamDecoder();
            String truncated = chunk.substring(0, length);
            assertThatThrownBy(() -> decoder.decode(new SseEvent(null, truncated))).as("length %d", length)
                    .isInstanceOf(UpstreamException.class);
        }
    }

    @Test
    void encodesADecodedStreamIntoChunksAGeminiClientReadsAsTheSameAnswer() throws IOException {
        List<StreamEvent> events = decodeStream(codec, Fixtures.bytes("gemini/stream-function-call.sse"));

        byte[] written = encodeStream(codec, events);

        assertThat(new String(written, StandardCharsets.UTF_8)).startsWith("data: {").endsWith("}\r\n\r\n");
        List<JsonNode> chunks = readChunks(written);
        assertThat(chunks).hasSize(3);
        assertThat(chunks.get(0).at("/candidates/0/content/parts/0")).isEqualTo(JSON.readTree("{\"text\":"
                + "\"**Checking the weather**\\n\\nThe user wants Tokyo; I will call the tool.\",\"thought\":true}"));
        assertThat(chunks.get(1).at("/candidates/0/content/parts/0")).isEqualTo(JSON.readTree("""
                {"functionCall":{"name":"get_weather","args":{"location":"Tokyo","unit":"celsius"}},
                 "thoughtSignature":"CikBcsjafFK168IbtVtoxVV0Tsn8O+eU45rzJahzwuKGmMbdMdfpmNpgBwpl"}"""));
        JsonNode last = chunks.get(2);
        assertThat(last.at("/candidates/0/finishReason").asText()).isEqualTo("STOP");
        assertThat(last.get("usageMetadata")).isEqualTo(JSON.readTree("""
                {"promptTokenCount":83,"candidatesTokenCount":14,"totalTokenCount":201,"thoughtsTokenCount":104}"""));
        assertThat(chunks).allSatisfy(c -> {
            assertThat(c.get("responseId").asText()).isEqualTo("qpc2afWVFJK4vr0Pq6WiyAU");
            assertThat(c.get("modelVersion").asText()).isEqualTo("gemini-2.5-flash");
        });
    }

    @Test
    void writesAThinkingSignatureInAnEmptyPartWhenTheBlockEnds() throws IOException {
        List<StreamEvent> events = List.of(new StreamEvent.MessageStart("r", "m", Usage.ZERO),
                new StreamEvent.BlockStart(0, Thinking.of("")),
                new StreamEvent.ThinkingDelta(0, "hm"),
                new StreamEvent.SignatureDelta(0, "EqQB"),
                new StreamEvent.BlockStop(0),
                new StreamEvent.MessageDelta(StopReason.END_TURN, Usage.of(1, 2)),
                new StreamEvent.MessageStop());

        List<JsonNode> chunks = readChunks(encodeStream(codec, events));

        assertThat(chunks.get(1).at("/candidates/0/content/parts/0")).isEqualTo(JSON.readTree(
                "{\"text\":\"\",\"thought\":true,\"thoughtSignature\":\"EqQB\"}"));
    }

    @Test
    void writesAnErrorChunkTheGenAiSdkThrowsOn() throws IOException {
        StreamEncoder encoder = codec.newStreamEncoder(ChatRequest.builder().model("m").build());
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        encoder.encodeError(new RateLimitedException("slow down", Duration.ofSeconds(2)), out);

        JsonNode chunk = readChunks(out.toByteArray()).getFirst();
        assertThat(chunk.at("/error/code").asInt()).isEqualTo(429);
        assertThat(chunk.at("/error/status").asText()).isEqualTo("RESOURCE_EXHAUSTED");
        assertThat(chunk.at("/error/message").asText()).isEqualTo("slow down");
    }

    @Test
    void refusesToHoldMoreOfAToolCallThanItsBoundSinceItSendsCallsWhole() throws IOException {
        StreamEncoder encoder = Codecs.of(ApiFormat.GEMINI).newStreamEncoder(ChatRequest.builder().model("g")
                .user("hi").build(), 1000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        encoder.encode(new StreamEvent.MessageStart("r1", "g", Usage.ZERO), out);
        encoder.encode(new StreamEvent.BlockStart(0, new ToolCall("call_1", "lookup", "")), out);
        encoder.encode(new StreamEvent.ToolArgumentsDelta(0, "{\"q\":\"" + "x".repeat(900)), out);

        assertThatThrownBy(() -> encoder.encode(new StreamEvent.ToolArgumentsDelta(0, "x".repeat(200)), out))
                .isInstanceOf(UpstreamException.class)
                .hasMessageContaining("larger than the 1000 bytes a Gemini stream");
    }

    @Test
    void letsGoOfAToolCallOnceSentSoManyCallsFitTheBound() throws IOException {
        StreamEncoder encoder = Codecs.of(ApiFormat.GEMINI).newStreamEncoder(ChatRequest.builder().model("g")
                .user("hi").build(), 1000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        encoder.encode(new StreamEvent.MessageStart("r1", "g", Usage.ZERO), out);

        for (int i = 0; i < 10; i++) {
            encoder.encode(new StreamEvent.BlockStart(i, new ToolCall("call_" + i, "lookup", "")), out);
            encoder.encode(new StreamEvent.ToolArgumentsDelta(i, "{\"q\":\"" + "x".repeat(500) + "\"}"), out);
            encoder.encode(new StreamEvent.BlockStop(i), out);
        }

        assertThat(out.toString(StandardCharsets.UTF_8).split("\"functionCall\"", -1)).hasSize(11);
    }
}
