package dev.aiproxy.translate.responses;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.core.ObjectMappers;
import com.openai.helpers.ResponseAccumulator;
import com.openai.models.ErrorObject;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseErrorEvent;
import com.openai.models.responses.ResponseStreamEvent;
import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.error.RateLimitedException;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.StopReason;
import dev.aiproxy.api.model.StreamEvent;
import dev.aiproxy.api.model.Text;
import dev.aiproxy.api.model.Thinking;
import dev.aiproxy.api.model.Usage;
import dev.aiproxy.translate.Codecs;
import dev.aiproxy.translate.FormatCodec;
import dev.aiproxy.translate.SseEvent;
import dev.aiproxy.translate.StreamEncoder;
import dev.aiproxy.translate.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenAiResponsesStreamEncodeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final FormatCodec codec = Codecs.of(ApiFormat.OPENAI_RESPONSES);
    private final ChatRequest request = codec.decodeRequest(Fixtures.bytes("responses/request-text.json"));

    @Test
    void writesTheDocumentedEventSequenceForAText() throws IOException {
        List<SseEvent> written = ResponsesStreams.encode(codec, request,
                ResponsesStreams.decode(codec, "responses/stream-text.sse"));

        List<String> expected = new ArrayList<>(List.of("response.created", "response.in_progress",
                "response.output_item.added", "response.content_part.added"));
        expected.addAll(Collections.nCopies(10, "response.output_text.delta"));
        expected.addAll(List.of("response.output_text.done", "response.content_part.done",
                "response.output_item.done", "response.completed"));
        assertThat(written).extracting(SseEvent::event).containsExactlyElementsOf(expected);
        for (int i = 0; i < written.size(); i++) {
            JsonNode data = JSON.readTree(written.get(i).data());
            assertThat(data.get("type").asText()).isEqualTo(written.get(i).event());
            assertThat(data.get("sequence_number").asInt()).isEqualTo(i);
        }
        JsonNode done = JSON.readTree(written.get(14).data());
        assertThat(done.get("text").asText()).isEqualTo("Hi there! How can I assist you today?");
        assertThat(done.get("item_id").asText()).startsWith("msg_")
                .isEqualTo(JSON.readTree(written.get(4).data()).get("item_id").asText());
    }

    @Test
    void writesEventsTheOpenAiSdkParsesAndAccumulates() {
        for (String fixture : List.of("responses/stream-text.sse", "responses/stream-function-call.sse",
                "responses/stream-reasoning.sse")) {
            List<SseEvent> written = ResponsesStreams.encode(codec, request, ResponsesStreams.decode(codec, fixture));
            ResponseAccumulator accumulator = ResponseAccumulator.create();

            for (SseEvent e : written) {
                accumulator.accumulate(ResponsesStreams.parseWithSdk(e));
            }

            Response response = accumulator.response().validate();
            assertThat(response.id()).as(fixture).startsWith("resp_");
            assertThat(response.usage()).as(fixture).isPresent();
        }
    }

    @Test
    void completesWithTheWholeResponseObject() throws IOException {
        List<SseEvent> written = ResponsesStreams.encode(codec, request,
                ResponsesStreams.decode(codec, "responses/stream-text.sse"));

        JsonNode response = JSON.readTree(written.getLast().data()).get("response");

        assertThat(response.get("id").asText()).isEqualTo("resp_67c9fdcecf488190bdd9a0409de3a1ec07b8b0ad4e5eb654");
        assertThat(response.get("status").asText()).isEqualTo("completed");
        assertThat(response.at("/output/0/content/0/text").asText()).isEqualTo("Hi there! How can I assist you today?");
        assertThat(response.at("/usage/input_tokens").asInt()).isEqualTo(37);
        assertThat(response.at("/usage/total_tokens").asInt()).isEqualTo(48);
        JsonNode created = JSON.readTree(written.getFirst().data()).get("response");
        assertThat(created.get("status").asText()).isEqualTo("in_progress");
        assertThat(created.get("output")).isEmpty();
        assertThat(created.get("usage").isNull()).isTrue();
    }

    @Test
    void echoesTheRequestInTheResponseObject() throws IOException {
        ChatRequest full = codec.decodeRequest(OpenAiResponsesRequestTest.utf8(OpenAiResponsesRequestTest.FULL_REQUEST));

        List<SseEvent> written = ResponsesStreams.encode(codec, full,
                ResponsesStreams.decode(codec, "responses/stream-text.sse"));

        JsonNode response = JSON.readTree(written.getLast().data()).get("response");
        ResponsesStreams.parseWithSdk(written.getLast());
        assertThat(response.get("instructions").asText()).isEqualTo("Be brief.");
        assertThat(response.get("max_output_tokens").asInt()).isEqualTo(300);
        assertThat(response.get("parallel_tool_calls").asBoolean()).isFalse();
        assertThat(response.get("tool_choice").toString()).isEqualTo("{\"type\":\"function\",\"name\":\"get_weather\"}");
        assertThat(response.at("/tools/0/name").asText()).isEqualTo("get_weather");
        assertThat(response.at("/text/format/name").asText()).isEqualTo("answer");
        assertThat(response.get("reasoning").toString()).isEqualTo("{\"effort\":\"low\",\"summary\":\"detailed\"}");
        assertThat(response.get("metadata").toString()).isEqualTo("{\"k\":\"v\"}");
        assertThat(response.get("store").asBoolean()).isFalse();
        assertThat(response.get("temperature").asDouble()).isEqualTo(0.2);
    }

    @Test
    void streamsAReasoningItemWithItsSummaryAndSeal() throws IOException {
        List<SseEvent> written = ResponsesStreams.encode(codec, request, List.of(
                new StreamEvent.MessageStart("msg_1", "claude", Usage.ZERO),
                new StreamEvent.BlockStart(0, new Thinking("", null, null, ApiFormat.ANTHROPIC_MESSAGES)),
                new StreamEvent.ThinkingDelta(0, "Let me "),
                new StreamEvent.ThinkingDelta(0, "think."),
                new StreamEvent.SignatureDelta(0, "EqQB"),
                new StreamEvent.BlockStop(0),
                new StreamEvent.MessageDelta(StopReason.END_TURN, Usage.of(5, 9)),
                new StreamEvent.MessageStop()));

        assertThat(written).extracting(SseEvent::event).containsExactly("response.created", "response.in_progress",
                "response.output_item.added", "response.reasoning_summary_part.added",
                "response.reasoning_summary_text.delta", "response.reasoning_summary_text.delta",
                "response.reasoning_summary_text.done", "response.reasoning_summary_part.done",
                "response.output_item.done", "response.completed");
        written.forEach(ResponsesStreams::parseWithSdk);
        JsonNode item = JSON.readTree(written.get(8).data()).get("item");
        assertThat(item.at("/summary/0/text").asText()).isEqualTo("Let me think.");
        assertThat(item.get("encrypted_content").asText()).isEqualTo("gw1.anthropic-messages.EqQB");
        JsonNode response = JSON.readTree(written.getLast().data()).get("response");
        assertThat(response.get("id").asText()).isEqualTo("resp_msg_1");
        assertThat(response.at("/output/0/id").asText()).isEqualTo(item.get("id").asText());
    }

    @Test
    void carriesARedactedThoughtInAReasoningItemAndStreamsWhatAStartPartCarries() throws IOException {
        List<SseEvent> written = ResponsesStreams.encode(codec, request, List.of(
                new StreamEvent.MessageStart("msg_2", "claude", Usage.ZERO),
                new StreamEvent.BlockStart(0, new Thinking("", null, "opaque", ApiFormat.ANTHROPIC_MESSAGES)),
                new StreamEvent.BlockStop(0),
                new StreamEvent.BlockStart(1, new dev.aiproxy.api.model.ToolCall("toolu_1", "f", "{\"a\":1}")),
                new StreamEvent.BlockStop(1),
                new StreamEvent.MessageDelta(StopReason.TOOL_USE, Usage.of(5, 9)),
                new StreamEvent.MessageStop()));

        assertThat(written).extracting(SseEvent::event).containsExactly("response.created", "response.in_progress",
                "response.output_item.added", "response.output_item.done",
                "response.output_item.added", "response.function_call_arguments.delta",
                "response.function_call_arguments.done", "response.output_item.done", "response.completed");
        written.forEach(ResponsesStreams::parseWithSdk);
        assertThat(JSON.readTree(written.get(3).data()).at("/item/encrypted_content").asText())
                .isEqualTo("gw1r.anthropic-messages.opaque");
        assertThat(JSON.readTree(written.get(4).data()).get("output_index").asInt()).isEqualTo(1);
        assertThat(JSON.readTree(written.get(5).data()).get("delta").asText()).isEqualTo("{\"a\":1}");
        JsonNode output = JSON.readTree(written.getLast().data()).at("/response/output");
        assertThat(output).hasSize(2);
        assertThat(output.get(1).get("arguments").asText()).isEqualTo("{\"a\":1}");
    }

    @Test
    void endsATruncatedAnswerWithAnIncompleteEvent() throws IOException {
        List<SseEvent> written = ResponsesStreams.encode(codec, request, List.of(
                new StreamEvent.MessageStart("resp_9", "m", Usage.ZERO),
                new StreamEvent.BlockStart(0, new Text("")),
                new StreamEvent.TextDelta(0, "Once upon"),
                new StreamEvent.BlockStop(0),
                new StreamEvent.MessageDelta(StopReason.MAX_TOKENS, Usage.of(4, 2)),
                new StreamEvent.MessageStop()));

        assertThat(written.getLast().event()).isEqualTo("response.incomplete");
        ResponseStreamEvent parsed = ResponsesStreams.parseWithSdk(written.getLast());
        assertThat(parsed.isIncomplete()).isTrue();
        JsonNode response = JSON.readTree(written.getLast().data()).get("response");
        assertThat(response.get("status").asText()).isEqualTo("incomplete");
        assertThat(response.at("/incomplete_details/reason").asText()).isEqualTo("max_output_tokens");
    }

    @Test
    void writesAnErrorEventInBothTheDocumentedAndTheLiveShape() throws IOException {
        StreamEncoder encoder = codec.newStreamEncoder(request);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        encoder.encode(new StreamEvent.MessageStart("resp_1", "m", Usage.ZERO), out);

        encoder.encodeError(new RateLimitedException("slow down", Duration.ofSeconds(1)), out);

        SseEvent error = ResponsesStreams.read(out.toByteArray()).getLast();
        assertThat(error.event()).isEqualTo("error");
        ResponseErrorEvent documented = ResponsesStreams.parseWithSdk(error).asError();
        assertThat(documented.message()).isEqualTo("slow down");
        assertThat(documented.code()).contains("rate_limit_exceeded");
        assertThat(documented.sequenceNumber()).isEqualTo(2);
        ErrorObject live = ObjectMappers.jsonMapper()
                .treeToValue(ObjectMappers.jsonMapper().readTree(error.data()).get("error"), ErrorObject.class);
        assertThat(live.message()).isEqualTo("slow down");
        assertThat(live.type()).isEqualTo("rate_limit_error");
    }

    @Test
    void refusesToHoldMoreOfTheAnswerThanItsBoundSinceItRepeatsItWholeAtTheEnd() throws IOException {
        StreamEncoder encoder = codec.newStreamEncoder(request, 1000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        encoder.encode(new StreamEvent.MessageStart("resp_1", "gpt", Usage.ZERO), out);
        encoder.encode(new StreamEvent.BlockStart(0, new Text("")), out);
        encoder.encode(new StreamEvent.TextDelta(0, "x".repeat(1000)), out);

        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> encoder.encode(new StreamEvent.TextDelta(0, "y"), out))
                .isInstanceOf(dev.aiproxy.api.error.UpstreamException.class)
                .hasMessage("the upstream's answer is larger than the 1000 bytes a Responses stream, which repeats "
                        + "its answer whole at its end, may hold");
    }

    @Test
    void countsTwoBytesACharacterOnceTheAnswerIsBeyondLatin1() throws IOException {
        StreamEncoder encoder = codec.newStreamEncoder(request, 1000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        encoder.encode(new StreamEvent.MessageStart("resp_1", "gpt", Usage.ZERO), out);
        encoder.encode(new StreamEvent.BlockStart(0, new Text("")), out);
        encoder.encode(new StreamEvent.TextDelta(0, "x".repeat(400)), out);

        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> encoder.encode(new StreamEvent.TextDelta(0, "\u4e2d".repeat(101)), out))
                .isInstanceOf(dev.aiproxy.api.error.UpstreamException.class);
    }
}
