package dev.aiproxy.translate.responses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.error.UpstreamException;
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
import dev.aiproxy.translate.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenAiResponsesStreamDecodeTest {
    private final FormatCodec codec = Codecs.of(ApiFormat.OPENAI_RESPONSES);

    @Test
    void decodesTheDocumentedTextStreamIntoOrderedCanonicalEvents() {
        List<StreamEvent> events = ResponsesStreams.decode(codec, "responses/stream-text.sse");

        List<StreamEvent> expected = new ArrayList<>(List.of(
                new StreamEvent.MessageStart("resp_67c9fdcecf488190bdd9a0409de3a1ec07b8b0ad4e5eb654",
                        "gpt-4.1-2025-04-14", Usage.ZERO),
                new StreamEvent.BlockStart(0, new Text(""))));
        for (String delta : List.of("Hi", " there", "!", " How", " can", " I", " assist", " you", " today", "?")) {
            expected.add(new StreamEvent.TextDelta(0, delta));
        }
        expected.addAll(List.of(new StreamEvent.BlockStop(0),
                new StreamEvent.MessageDelta(StopReason.END_TURN, Usage.of(37, 11)),
                new StreamEvent.MessageStop()));
        assertThat(events).containsExactlyElementsOf(expected);
    }

    @Test
    void decodesTheDocumentedFunctionCallStreamWithEveryArgumentFragment() {
        List<StreamEvent> events = ResponsesStreams.decode(codec, "responses/stream-function-call.sse");

        assertThat(events).containsExactly(
                new StreamEvent.MessageStart("resp_1234xyz", "gpt-4.1-2025-04-14", Usage.ZERO),
                new StreamEvent.BlockStart(0, new ToolCall("call_1234xyz", "get_weather", "")),
                new StreamEvent.ToolArgumentsDelta(0, "{\""),
                new StreamEvent.ToolArgumentsDelta(0, "location"),
                new StreamEvent.ToolArgumentsDelta(0, "\":\""),
                new StreamEvent.ToolArgumentsDelta(0, "Paris"),
                new StreamEvent.ToolArgumentsDelta(0, ","),
                new StreamEvent.ToolArgumentsDelta(0, " France"),
                new StreamEvent.ToolArgumentsDelta(0, "\"}"),
                new StreamEvent.BlockStop(0),
                new StreamEvent.MessageDelta(StopReason.TOOL_USE, Usage.of(57, 18)),
                new StreamEvent.MessageStop());
    }

    @Test
    void decodesReasoningSummaryPartsIntoOneSealedThought() {
        List<StreamEvent> events = ResponsesStreams.decode(codec, "responses/stream-reasoning.sse");

        assertThat(events).containsExactly(
                new StreamEvent.MessageStart("resp_6876cf02e0bc8192b74af0fb64b715ff", "o4-mini-2025-04-16",
                        Usage.ZERO),
                new StreamEvent.BlockStart(0, new Thinking("", null, null, ApiFormat.OPENAI_RESPONSES)),
                new StreamEvent.ThinkingDelta(0, "**Answering a simple question**"),
                new StreamEvent.ThinkingDelta(0, "\n\nThe capital of France is Paris."),
                new StreamEvent.ThinkingDelta(0, "\n\n**Double-checking**"),
                new StreamEvent.ThinkingDelta(0, "\n\nNo ambiguity here."),
                new StreamEvent.SignatureDelta(0, "gAAAAABodOa5dY3ffJkYmB8ly2tcANx1a2Q0fz8HslYDXsX4NpmgB0Xb3LqHrvYo0kc1"
                        + "I0pL5lGsNpmE1pF1d0lAydS6Ll4QGjNR0E7T4I8i1YhFwXfm0"),
                new StreamEvent.BlockStop(0),
                new StreamEvent.BlockStart(1, new Text("")),
                new StreamEvent.TextDelta(1, "The capital of France is Paris."),
                new StreamEvent.BlockStop(1),
                new StreamEvent.MessageDelta(StopReason.END_TURN, new Usage(13, 277, 0, 0, 256)),
                new StreamEvent.MessageStop());
    }

    @Test
    void accumulatesEachStreamIntoTheResponseItsCompletedEventCarries() {
        for (String fixture : List.of("responses/stream-text.sse", "responses/stream-function-call.sse",
                "responses/stream-reasoning.sse")) {
            ChatResponseAccumulator acc = new ChatResponseAccumulator();
            ResponsesStreams.decode(codec, fixture).forEach(acc::accept);
            List<SseEvent> sse = ResponsesStreams.read(Fixtures.bytes(fixture));
            String completed = sse.getLast().data();
            String response = completed.substring(completed.indexOf("\"response\":") + 11, completed.length() - 1);

            ChatResponse whole = codec.decodeResponse(response.getBytes(StandardCharsets.UTF_8));

            assertThat(acc.isComplete()).isTrue();
            assertThat(acc.response()).as(fixture).isEqualTo(whole);
        }
    }

    @Test
    void buildsBlocksFromFinishedItemsWhenAnUpstreamSendsNoDeltas() {
        List<StreamEvent> events = decode(
                "{\"type\":\"response.created\",\"response\":{\"id\":\"resp_1\",\"model\":\"m\"}}",
                "{\"type\":\"response.output_item.added\",\"output_index\":0,\"item\":{\"type\":\"function_call\","
                        + "\"call_id\":\"call_1\",\"name\":\"f\",\"arguments\":\"\"}}",
                "{\"type\":\"response.output_item.done\",\"output_index\":0,\"item\":{\"type\":\"function_call\","
                        + "\"call_id\":\"call_1\",\"name\":\"f\",\"arguments\":\"{\\\"a\\\":1}\"}}",
                "{\"type\":\"response.output_item.done\",\"output_index\":1,\"item\":{\"type\":\"message\","
                        + "\"content\":[{\"type\":\"output_text\",\"text\":\"done\"}]}}",
                "{\"type\":\"response.completed\",\"response\":{\"status\":\"completed\",\"output\":[]}}");

        assertThat(events).containsExactly(
                new StreamEvent.MessageStart("resp_1", "m", Usage.ZERO),
                new StreamEvent.BlockStart(0, new ToolCall("call_1", "f", "")),
                new StreamEvent.ToolArgumentsDelta(0, "{\"a\":1}"),
                new StreamEvent.BlockStop(0),
                new StreamEvent.BlockStart(1, new Text("")),
                new StreamEvent.TextDelta(1, "done"),
                new StreamEvent.BlockStop(1),
                new StreamEvent.MessageDelta(StopReason.TOOL_USE, Usage.ZERO),
                new StreamEvent.MessageStop());
    }

    @Test
    void buildsBlocksFromTheCompletedResponseWhenThatIsAllAnUpstreamSends() {
        List<StreamEvent> events = decode("{\"type\":\"response.completed\",\"response\":{\"id\":\"resp_2\","
                + "\"model\":\"m\",\"status\":\"incomplete\",\"incomplete_details\":{\"reason\":\"max_output_tokens\"},"
                + "\"output\":[{\"type\":\"message\",\"content\":[{\"type\":\"output_text\",\"text\":\"Once\"}]}],"
                + "\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}}");

        assertThat(events).containsExactly(
                new StreamEvent.MessageStart("resp_2", "m", Usage.ZERO),
                new StreamEvent.BlockStart(0, new Text("")),
                new StreamEvent.TextDelta(0, "Once"),
                new StreamEvent.BlockStop(0),
                new StreamEvent.MessageDelta(StopReason.MAX_TOKENS, Usage.of(3, 1)),
                new StreamEvent.MessageStop());
    }

    @Test
    void ignoresEventsItHasNoUseFor() {
        List<StreamEvent> events = decode(
                "{\"type\":\"response.created\",\"response\":{\"id\":\"resp_3\",\"model\":\"m\"}}",
                "{\"type\":\"response.output_text.annotation.added\",\"output_index\":0,\"annotation\":{}}",
                "{\"type\":\"response.web_search_call.searching\",\"output_index\":0}",
                "{\"type\":\"keepalive\"}",
                "[DONE]");

        assertThat(events).containsExactly(new StreamEvent.MessageStart("resp_3", "m", Usage.ZERO),
                new StreamEvent.MessageDelta(StopReason.END_TURN, Usage.ZERO), new StreamEvent.MessageStop());
    }

    @Test
    void turnsErrorEventsOfEitherShapeIntoUpstreamExceptions() {
        for (String error : List.of(
                "{\"type\":\"error\",\"code\":\"ERR_SOMETHING\",\"message\":\"Something went wrong\","
                        + "\"param\":null,\"sequence_number\":1}",
                "{\"type\":\"error\",\"sequence_number\":2,\"error\":{\"type\":\"too_many_requests\","
                        + "\"code\":\"too_many_requests\",\"message\":\"Something went wrong\",\"param\":null}}",
                "{\"type\":\"response.failed\",\"response\":{\"status\":\"failed\",\"error\":{\"code\":"
                        + "\"server_error\",\"message\":\"Something went wrong\"}}}")) {
            StreamDecoder decoder = codec.newStreamDecoder();

            assertThatThrownBy(() -> decoder.decode(new SseEvent(null, error))).as(error)
                    .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.status()).isEqualTo(502))
                    .hasMessageContaining("Something went wrong");
        }
    }

    @Test
    void closesAStreamThatEndsWithDoneButWithoutItsCompletedEvent() {
        StreamDecoder decoder = codec.newStreamDecoder();
        List<StreamEvent> events = new ArrayList<>();
        for (SseEvent e : ResponsesStreams.read(Fixtures.bytes("responses/stream-function-call.sse")).subList(0, 6)) {
            events.addAll(decoder.decode(e));
        }
        events.addAll(decoder.decode(new SseEvent(null, "[DONE]")));

        events.addAll(decoder.finish());

        assertThat(events.subList(events.size() - 3, events.size())).containsExactly(new StreamEvent.BlockStop(0),
                new StreamEvent.MessageDelta(StopReason.TOOL_USE, Usage.ZERO), new StreamEvent.MessageStop());
        assertThatThrownBy(() -> codec.newStreamDecoder().finish())
                .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.status()).isEqualTo(502));
    }

    @Test
    void aStreamCutShortBeforeItsEndIsA502NotAFinishedAnswer() {
        StreamDecoder decoder = codec.newStreamDecoder();
        for (SseEvent e : ResponsesStreams.read(Fixtures.bytes("responses/stream-function-call.sse")).subList(0, 6)) {
            decoder.decode(e);
        }

        assertThatThrownBy(decoder::finish)
                .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.status()).isEqualTo(502))
                .hasMessageContaining("cut short");
    }

    @Test
    void neverThrowsAnythingButA502ForAnyTruncationOfAnEvent() {
        List<SseEvent> events = ResponsesStreams.read(Fixtures.bytes("responses/stream-reasoning.sse"));
        for (int i = 0; i < events.size(); i++) {
            String data = events.get(i).data();
            for (int length = 0; length < data.length(); length += 7) {
                StreamDecoder decoder = codec.newStreamDecoder();
                events.subList(0, i).forEach(decoder::decode);
                SseEvent truncated = new SseEvent(events.get(i).event(), data.substring(0, length));

                assertThatThrownBy(() -> decoder.decode(truncated)).as("event %d at %d", i, length)
                        .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.status()).isEqualTo(502));
            }
        }
    }

    @Test
    void answersA502ForEventsWithWrongTypes() {
        String created = "{\"type\":\"response.created\",\"response\":{\"id\":\"resp_1\",\"model\":\"m\"}}";
        for (String bad : List.of("[]", "{\"type\":\"response.created\",\"response\":[]}",
                "{\"type\":\"response.output_text.delta\",\"output_index\":\"0\",\"delta\":\"x\"}",
                "{\"type\":\"response.output_text.delta\",\"output_index\":0,\"delta\":5}",
                "{\"type\":\"response.output_item.added\",\"output_index\":0,\"item\":\"x\"}",
                "{\"type\":\"response.output_item.added\",\"output_index\":0,\"item\":{\"type\":\"function_call\"}}",
                "{\"type\":\"response.function_call_arguments.delta\",\"output_index\":4,\"delta\":\"{\"}",
                "{\"type\":\"response.reasoning_summary_text.delta\",\"output_index\":0,\"delta\":null}",
                "{\"type\":\"response.content_part.added\",\"output_index\":0,\"part\":{\"type\":7}}",
                "{\"type\":\"response.completed\",\"response\":{\"usage\":{\"output_tokens\":-2}}}",
                "{\"type\":\"response.completed\"}")) {
            StreamDecoder decoder = codec.newStreamDecoder();
            decoder.decode(new SseEvent(null, created));

            assertThatThrownBy(() -> decoder.decode(new SseEvent(null, bad))).as(bad)
                    .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.status()).isEqualTo(502));
        }
    }

    private List<StreamEvent> decode(String... data) {
        StreamDecoder decoder = codec.newStreamDecoder();
        List<StreamEvent> events = new ArrayList<>();
        for (String d : data) {
            events.addAll(decoder.decode(new SseEvent(null, d)));
        }
        events.addAll(decoder.finish());
        return events;
    }
}
