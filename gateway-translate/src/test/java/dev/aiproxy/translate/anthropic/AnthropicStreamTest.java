package dev.aiproxy.translate.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.error.ErrorType;
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
import dev.aiproxy.translate.StreamDecoder;
import dev.aiproxy.translate.StreamEncoder;
import dev.aiproxy.translate.testing.SseStreams;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnthropicStreamTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ApiFormat ANTHROPIC = ApiFormat.ANTHROPIC_MESSAGES;
    private final FormatCodec codec = Codecs.of(ANTHROPIC);
    private final ChatRequest request = ChatRequest.builder().model("claude-sonnet-4-5").user("hi").stream(true)
            .build();

    @Test
    void decodesTheDocumentedTextStream() {
        assertThat(SseStreams.decode(codec, "anthropic/stream-text.sse")).containsExactly(
                new StreamEvent.MessageStart("msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY", "claude-sonnet-4-5-20250929",
                        Usage.of(25, 1)),
                new StreamEvent.BlockStart(0, new Text("")),
                new StreamEvent.TextDelta(0, "Hello"),
                new StreamEvent.TextDelta(0, "!"),
                new StreamEvent.BlockStop(0),
                new StreamEvent.MessageDelta(StopReason.END_TURN, Usage.of(25, 15)),
                new StreamEvent.MessageStop());
    }

    @Test
    void decodesTheDocumentedToolUseStreamWithEveryArgumentFragment() {
        List<StreamEvent> events = SseStreams.decode(codec, "anthropic/stream-tool-use.sse");

        assertThat(events.subList(16, events.size())).containsExactly(
                new StreamEvent.BlockStart(1, new ToolCall("toolu_01T1x1fJ34qAmk2tNTrN7Up6", "get_weather", "")),
                new StreamEvent.ToolArgumentsDelta(1, "{\"location\":"),
                new StreamEvent.ToolArgumentsDelta(1, " \"San"),
                new StreamEvent.ToolArgumentsDelta(1, " Francisc"),
                new StreamEvent.ToolArgumentsDelta(1, "o,"),
                new StreamEvent.ToolArgumentsDelta(1, " CA\""),
                new StreamEvent.ToolArgumentsDelta(1, ", "),
                new StreamEvent.ToolArgumentsDelta(1, "\"unit\": \"fah"),
                new StreamEvent.ToolArgumentsDelta(1, "renheit\"}"),
                new StreamEvent.BlockStop(1),
                new StreamEvent.MessageDelta(StopReason.TOOL_USE, Usage.of(472, 89)),
                new StreamEvent.MessageStop());
        ChatResponse response = accumulate(events);
        assertThat(response.text()).isEqualTo("Okay, let's check the weather for San Francisco, CA:");
        assertThat(response.toolCalls()).containsExactly(new ToolCall("toolu_01T1x1fJ34qAmk2tNTrN7Up6",
                "get_weather", "{\"location\": \"San Francisco, CA\", \"unit\": \"fahrenheit\"}"));
    }

    @Test
    void decodesTheDocumentedThinkingStreamWithItsSignature() {
        assertThat(SseStreams.decode(codec, "anthropic/stream-thinking.sse")).containsExactly(
                new StreamEvent.MessageStart("msg_01Fcb8EkY1xdCuSm9CMSeRtD", "claude-sonnet-4-5-20250929",
                        Usage.of(37, 5)),
                new StreamEvent.BlockStart(0, new Thinking("", null, null, ANTHROPIC)),
                new StreamEvent.ThinkingDelta(0, "Let me solve this step by step:\n\n1. First break down 27 * 453"),
                new StreamEvent.ThinkingDelta(0, "\n2. 453 = 400 + 50 + 3"),
                new StreamEvent.SignatureDelta(0, "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds..."),
                new StreamEvent.BlockStop(0),
                new StreamEvent.BlockStart(1, new Text("")),
                new StreamEvent.TextDelta(1, "27 * 453 = 12,231"),
                new StreamEvent.BlockStop(1),
                new StreamEvent.MessageDelta(StopReason.END_TURN, Usage.of(37, 100)),
                new StreamEvent.MessageStop());
    }

    @Test
    void turnsAnErrorEventIntoAnUpstreamException() {
        assertThatThrownBy(() -> SseStreams.decode(codec, "anthropic/stream-error.sse"))
                .isInstanceOfSatisfying(UpstreamException.class, e -> {
                    assertThat(e.status()).isEqualTo(502);
                    assertThat(e.errorType()).isEqualTo(ErrorType.OVERLOADED);
                    assertThat(e.getMessage()).isEqualTo("upstream stream failed: Overloaded");
                });
    }

    @Test
    void endsAStreamThatSaidWhyItStoppedButSentNoMessageStop() {
        StreamDecoder decoder = codec.newStreamDecoder();
        decoder.decode(new SseEvent("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\","
                + "\"model\":\"m\",\"usage\":{\"input_tokens\":3}}}"));
        decoder.decode(new SseEvent("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,"
                + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"));
        List<StreamEvent> delta = decoder.decode(new SseEvent("message_delta", "{\"type\":\"message_delta\","
                + "\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":2}}"));

        List<StreamEvent> rest = new ArrayList<>(delta);
        rest.addAll(decoder.finish());

        assertThat(rest).endsWith(new StreamEvent.MessageStop());
        assertThat(rest).contains(new StreamEvent.BlockStop(0));
        assertThat(rest).filteredOn(e -> e instanceof StreamEvent.MessageDelta).isNotEmpty();
    }

    @Test
    void aStreamCutShortBeforeItsStopReasonIsA502NotAFinishedAnswer() {
        StreamDecoder decoder = codec.newStreamDecoder();
        decoder.decode(new SseEvent("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\","
                + "\"model\":\"m\",\"usage\":{\"input_tokens\":3}}}"));
        decoder.decode(new SseEvent("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,"
                + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"));

        assertThatThrownBy(decoder::finish)
                .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.status()).isEqualTo(502))
                .hasMessageContaining("cut short");
    }

    @Test
    void skipsBlocksItCannotModelAndRejectsEventsOutOfOrder() {
        StreamDecoder decoder = codec.newStreamDecoder();
        assertThatThrownBy(() -> decoder.decode(new SseEvent("content_block_stop",
                "{\"type\":\"content_block_stop\",\"index\":0}")))
                .isInstanceOf(UpstreamException.class).hasMessageContaining("before 'message_start'");
        decoder.decode(new SseEvent(null, "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\"}}"));

        List<StreamEvent> skipped = new ArrayList<>(decoder.decode(new SseEvent(null, "{\"type\":"
                + "\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"server_tool_use\"}}")));
        skipped.addAll(decoder.decode(new SseEvent(null, "{\"type\":\"content_block_delta\",\"index\":0,"
                + "\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{}\"}}")));

        assertThat(skipped).isEmpty();
        assertThatThrownBy(() -> decoder.decode(new SseEvent(null, "{\"type\":\"content_block_delta\",\"index\":4,"
                + "\"delta\":{\"type\":\"text_delta\",\"text\":\"x\"}}")))
                .isInstanceOf(UpstreamException.class).hasMessageContaining("block 4, which is not open");
        assertThatThrownBy(decoder::finish).hasMessageContaining("cut short");
    }

    @Test
    void encodesEventsWithEventLinesInTheDocumentedOrder() throws IOException {
        List<StreamEvent> events = SseStreams.decode(codec, "anthropic/stream-tool-use.sse");

        List<SseEvent> written = SseStreams.read(SseStreams.encode(codec.newStreamEncoder(request), events));

        assertThat(written).allSatisfy(e -> assertThat(JSON.readTree(e.data()).get("type").asText())
                .isEqualTo(e.event()));
        assertThat(written.stream().map(SseEvent::event).distinct()).containsExactly("message_start",
                "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop");
        JsonNode start = JSON.readTree(written.getFirst().data());
        assertThat(start.at("/message/id").asText()).isEqualTo("msg_014p7gG3wDgGV9EUtLvnow3U");
        assertThat(start.at("/message/content")).isEmpty();
        assertThat(start.at("/message/stop_reason").isNull()).isTrue();
        assertThat(start.at("/message/usage/input_tokens").asInt()).isEqualTo(472);
        JsonNode delta = JSON.readTree(written.get(written.size() - 2).data());
        assertThat(delta.at("/delta/stop_reason").asText()).isEqualTo("tool_use");
        assertThat(delta.at("/usage/output_tokens").asInt()).isEqualTo(89);
        assertThat(toolInput(written, 1)).isEqualTo("{\"location\": \"San Francisco, CA\", \"unit\": \"fahrenheit\"}");
    }

    @Test
    void reEncodesTheDocumentedStreamsIntoEquivalentEvents() throws IOException {
        for (String fixture : List.of("anthropic/stream-text.sse", "anthropic/stream-thinking.sse",
                "anthropic/stream-tool-use.sse")) {
            List<StreamEvent> events = SseStreams.decode(codec, fixture);

            byte[] encoded = SseStreams.encode(codec.newStreamEncoder(request), events);

            StreamDecoder again = codec.newStreamDecoder();
            List<StreamEvent> decodedAgain = new ArrayList<>();
            for (SseEvent e : SseStreams.read(encoded)) {
                decodedAgain.addAll(again.decode(e));
            }
            assertThat(decodedAgain).as(fixture).isEqualTo(events);
        }
    }

    @Test
    void numbersBlocksFromZeroWhateverTheCanonicalIndices() {
        List<StreamEvent> events = List.of(new StreamEvent.MessageStart("x", "m", Usage.ZERO),
                new StreamEvent.BlockStart(3, Thinking.of("")), new StreamEvent.ThinkingDelta(3, "hm"),
                new StreamEvent.BlockStop(3),
                new StreamEvent.BlockStart(7, new ToolCall("call_1", "f", "")),
                new StreamEvent.ToolArgumentsDelta(7, "{\"a\":"), new StreamEvent.ToolArgumentsDelta(7, "1}"),
                new StreamEvent.BlockStop(7),
                new StreamEvent.MessageDelta(StopReason.TOOL_USE, Usage.of(10, 2)), new StreamEvent.MessageStop());

        List<SseEvent> written = SseStreams.read(SseStreams.encode(codec.newStreamEncoder(request), events));

        assertThat(written.stream().filter(e -> e.event().startsWith("content_block"))
                .map(e -> index(e.data()))).containsExactly(0, 0, 0, 1, 1, 1, 1);
        assertThat(toolInput(written, 1)).isEqualTo("{\"a\":1}");
    }

    @Test
    void neverDuplicatesAToolUseNorLosesAFragmentAfterAnotherBlockStarts() {
        List<StreamEvent> events = List.of(new StreamEvent.MessageStart("x", "m", Usage.ZERO),
                new StreamEvent.BlockStart(0, new ToolCall("call_1", "f", "")),
                new StreamEvent.ToolArgumentsDelta(0, "{\"a\":"),
                new StreamEvent.BlockStart(1, new ToolCall("call_2", "g", "")),
                new StreamEvent.BlockStart(0, new ToolCall("call_1", "f", "")),
                new StreamEvent.ToolArgumentsDelta(0, "1}"),
                new StreamEvent.ToolArgumentsDelta(1, "{}"),
                new StreamEvent.MessageDelta(StopReason.TOOL_USE, Usage.ZERO), new StreamEvent.MessageStop());

        List<SseEvent> written = SseStreams.read(SseStreams.encode(codec.newStreamEncoder(request), events));

        assertThat(written.stream().filter(e -> e.event().equals("content_block_start"))).hasSize(2);
        assertThat(written.stream().filter(e -> e.event().equals("content_block_stop"))).hasSize(2);
        assertThat(toolInput(written, 0)).isEqualTo("{\"a\":1}");
        assertThat(toolInput(written, 1)).isEqualTo("{}");
    }

    @Test
    void writesAMessageStartWhenTheStreamBeganWithoutOne() {
        List<StreamEvent> events = List.of(new StreamEvent.BlockStart(0, new Text("")),
                new StreamEvent.TextDelta(0, "hi"), new StreamEvent.MessageStop());

        List<SseEvent> written = SseStreams.read(SseStreams.encode(codec.newStreamEncoder(request), events));

        assertThat(written).extracting(SseEvent::event).containsExactly("message_start", "content_block_start",
                "content_block_delta", "content_block_stop", "message_delta", "message_stop");
        assertThat(written.getFirst().data()).contains("\"model\":\"claude-sonnet-4-5\"").contains("\"id\":\"msg_");
    }

    @Test
    void wrapsASignatureFromAnotherProviderOnceAndPassesAnthropicsRaw() throws IOException {
        List<StreamEvent> events = List.of(new StreamEvent.MessageStart("x", "m", Usage.ZERO),
                new StreamEvent.BlockStart(0, new Thinking("", null, null, ApiFormat.GEMINI)),
                new StreamEvent.SignatureDelta(0, "CiQB"), new StreamEvent.SignatureDelta(0, "+/=="),
                new StreamEvent.BlockStart(1, new Thinking("", null, null, ANTHROPIC)),
                new StreamEvent.SignatureDelta(1, "EqQB"),
                new StreamEvent.MessageDelta(StopReason.END_TURN, Usage.ZERO), new StreamEvent.MessageStop());

        List<SseEvent> written = SseStreams.read(SseStreams.encode(codec.newStreamEncoder(request), events));

        List<String> signatures = new ArrayList<>();
        for (SseEvent e : written) {
            JsonNode node = JSON.readTree(e.data());
            if (node.at("/delta/type").asText().equals("signature_delta")) {
                signatures.add(node.at("/delta/signature").asText());
            }
        }
        assertThat(signatures).containsExactly("gw1.gemini.CiQB", "+/==", "EqQB");
    }

    @Test
    void reportsInputTokensKnownOnlyAtTheEndInMessageDelta() throws IOException {
        List<StreamEvent> events = List.of(new StreamEvent.MessageStart("x", "m", Usage.ZERO),
                new StreamEvent.MessageDelta(StopReason.END_TURN, new Usage(70, 16, 64, 0, 0)),
                new StreamEvent.MessageStop());

        List<SseEvent> written = SseStreams.read(SseStreams.encode(codec.newStreamEncoder(request), events));

        assertThat(JSON.readTree(written.get(1).data()).get("usage")).isEqualTo(JSON.readTree(
                "{\"input_tokens\":6,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":64,"
                        + "\"output_tokens\":16}"));
    }

    @Test
    void writesAnErrorEventAndNothingAfterIt() throws IOException {
        StreamEncoder encoder = codec.newStreamEncoder(request);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        encoder.encodeError(new RateLimitedException("slow down", Duration.ofSeconds(1)), out);
        encoder.encode(new StreamEvent.MessageStop(), out);

        List<SseEvent> written = SseStreams.read(out.toByteArray());
        assertThat(written).singleElement().satisfies(e -> {
            assertThat(e.event()).isEqualTo("error");
            assertThat(JSON.readTree(e.data())).isEqualTo(JSON.readTree(
                    "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}"));
        });
        assertThat(new String(out.toByteArray(), StandardCharsets.UTF_8)).startsWith("event: error\ndata: ");
    }

    static ChatResponse accumulate(List<StreamEvent> events) {
        ChatResponseAccumulator acc = new ChatResponseAccumulator();
        events.forEach(acc::accept);
        assertThat(acc.isComplete()).isTrue();
        return acc.response();
    }

    static int index(String data) {
        try {
            return JSON.readTree(data).get("index").asInt();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The concatenated {@code input_json_delta} fragments of the client block at {@code index}. */
    static String toolInput(List<SseEvent> written, int index) {
        StringBuilder sb = new StringBuilder();
        for (SseEvent e : written) {
            try {
                JsonNode node = JSON.readTree(e.data());
                if (node.at("/delta/type").asText().equals("input_json_delta") && node.get("index").asInt() == index) {
                    sb.append(node.at("/delta/partial_json").asText());
                }
            } catch (IOException ex) {
                throw new java.io.UncheckedIOException(ex);
            }
        }
        return sb.toString();
    }
}
