package dev.aiproxy.translate.internal.responses;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.aiproxy.translate.internal.HeldText;
import dev.aiproxy.api.error.GatewayException;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.ContentPart;
import dev.aiproxy.api.model.Image;
import dev.aiproxy.api.model.StopReason;
import dev.aiproxy.api.model.StreamEvent;
import dev.aiproxy.api.model.Text;
import dev.aiproxy.api.model.Thinking;
import dev.aiproxy.api.model.ToolCall;
import dev.aiproxy.api.model.ToolResult;
import dev.aiproxy.api.model.Usage;
import dev.aiproxy.translate.StreamEncoder;
import dev.aiproxy.translate.internal.json.Json;
import dev.aiproxy.translate.internal.json.Sse;
import dev.aiproxy.translate.internal.openai.OpenAiErrors;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes canonical events as the Responses streaming events of
 * https://platform.openai.com/docs/api-reference/responses-streaming, each with an {@code event:} line and a
 * {@code type} and {@code sequence_number} in its data, as OpenAI sends them: {@code response.created},
 * {@code response.in_progress}; per block {@code response.output_item.added}, its deltas, its {@code .done} events and
 * {@code response.output_item.done}; then {@code response.completed} (or {@code response.incomplete}) with the whole
 * response object. Every field the openai-java SDK requires is written, {@code logprobs} on text events included.
 */
final class ResponsesStreamEncoder implements StreamEncoder {
    private final ChatRequest request;
    private final long createdAt = Instant.now().getEpochSecond();
    private final Map<Integer, OpenItem> open = new HashMap<>();
    private final List<ResponsesOutputItems.Item> finished = new ArrayList<>();
    private int sequence;
    private int nextOutputIndex;
    private String id = ResponseObjectWriter.responseId("");
    private String model = "";
    private StopReason stopReason = StopReason.END_TURN;
    private Usage usage = Usage.ZERO;
    private final HeldText held;

    /** A block being written: the output item it is, and what it has said so far. */
    private static final class OpenItem {
        final String id;
        final int outputIndex;
        final ContentPart start;
        final StringBuilder text = new StringBuilder();
        final StringBuilder signature = new StringBuilder();
        boolean summaryOpen;

        OpenItem(String id, int outputIndex, ContentPart start) {
            this.id = id;
            this.outputIndex = outputIndex;
            this.start = start;
        }
    }

    /** @param maxHeldBytes the most text this stream holds to repeat it whole in its last events */
    ResponsesStreamEncoder(ChatRequest request, long maxHeldBytes) {
        this.request = request;
        this.held = new HeldText(maxHeldBytes, "a Responses stream, which repeats its answer whole at its end,");
    }

    @Override
    public void encode(StreamEvent event, OutputStream out) throws IOException {
        switch (event) {
            case StreamEvent.MessageStart start -> {
                id = ResponseObjectWriter.responseId(start.id());
                model = start.model();
                usage = usage.max(start.usage());
                lifecycle(out, "response.created", "in_progress", null);
                lifecycle(out, "response.in_progress", "in_progress", null);
            }
            case StreamEvent.BlockStart start -> startItem(start.index(), start.part(), out);
            case StreamEvent.TextDelta delta -> textDelta(open.get(delta.index()), delta.text(), out);
            case StreamEvent.ToolArgumentsDelta delta -> argumentsDelta(open.get(delta.index()), delta.json(), out);
            case StreamEvent.ThinkingDelta delta -> thinkingDelta(open.get(delta.index()), delta.text(), out);
            case StreamEvent.SignatureDelta delta -> {
                OpenItem item = open.get(delta.index());
                if (item != null) {
                    held.add(delta.signature());
                    item.signature.append(delta.signature());
                }
            }
            case StreamEvent.BlockStop stop -> finishItem(open.remove(stop.index()), out);
            case StreamEvent.MessageDelta delta -> {
                stopReason = delta.stopReason();
                usage = usage.max(delta.usage());
            }
            case StreamEvent.MessageStop ignored -> {
                ResponsesStatus status = ResponsesStatus.of(stopReason);
                lifecycle(out, "incomplete".equals(status.status()) ? "response.incomplete" : "response.completed",
                        status.status(), status.incompleteReason());
            }
        }
    }

    /**
     * Writes an {@code error} event. Its payload has the fields the API reference documents ({@code code},
     * {@code message}, {@code param}) and, as the live API sends them, the same under {@code error}: with that object
     * the openai-java and openai-python SDKs raise the error instead of handing the client an event to inspect, and
     * openai-node raises it for any {@code error} event.
     */
    @Override
    public void encodeError(GatewayException error, OutputStream out) throws IOException {
        String code = error.code().orElse(OpenAiErrors.type(error.errorType()));
        String param = error.param().orElse(null);
        event(out, "error", gen -> {
            writeError(gen, code, error.getMessage(), param);
            gen.writeObjectFieldStart("error");
            gen.writeStringField("type", OpenAiErrors.type(error.errorType()));
            writeError(gen, code, error.getMessage(), param);
            gen.writeEndObject();
        });
    }

    private static void writeError(JsonGenerator gen, String code, String message, String param) throws IOException {
        gen.writeStringField("code", code);
        gen.writeStringField("message", message);
        if (param == null) {
            gen.writeNullField("param");
        } else {
            gen.writeStringField("param", param);
        }
    }

    private void lifecycle(OutputStream out, String type, String status, String incompleteReason) throws IOException {
        boolean done = !status.equals("in_progress");
        ResponseObjectWriter.Snapshot snapshot = new ResponseObjectWriter.Snapshot(id, createdAt, status,
                incompleteReason, null, model, done ? finished : List.of(), done ? usage : null);
        event(out, type, gen -> {
            gen.writeFieldName("response");
            ResponseObjectWriter.write(gen, snapshot, request);
        });
    }

    /**
     * Opens the output item of a block. Images and tool results are no output items and get none; an Anthropic
     * redacted thought gets a reasoning item whose {@code encrypted_content} carries it back.
     */
    private void startItem(int index, ContentPart part, OutputStream out) throws IOException {
        if (part instanceof Image || part instanceof ToolResult) {
            return;
        }
        OpenItem item = new OpenItem(ResponsesOutputItems.newId(part), nextOutputIndex++, part);
        open.put(index, item);
        event(out, "response.output_item.added", gen -> {
            gen.writeNumberField("output_index", item.outputIndex);
            gen.writeFieldName("item");
            switch (part) {
                case Text ignored -> ResponsesOutputItems.writeMessage(gen, item.id, "in_progress", null);
                case ToolCall call -> ResponsesOutputItems.writeFunctionCall(gen, item.id, "in_progress", call, "");
                case Thinking ignored -> ResponsesOutputItems.writeReasoning(gen, item.id, "", null);
                case Image ignored -> { }
                case ToolResult ignored -> { }
            }
        });
        // a start part normally carries nothing yet; whatever it does carry is streamed as the first delta
        switch (part) {
            case Text t -> {
                contentPart(out, "response.content_part.added", item, "");
                if (!t.text().isEmpty()) {
                    textDelta(item, t.text(), out);
                }
            }
            case ToolCall call -> {
                if (!call.argumentsJson().isEmpty()) {
                    argumentsDelta(item, call.argumentsJson(), out);
                }
            }
            case Thinking thinking -> {
                if (!thinking.text().isEmpty()) {
                    thinkingDelta(item, thinking.text(), out);
                }
            }
            case Image ignored -> { }
            case ToolResult ignored -> { }
        }
    }

    private void textDelta(OpenItem item, String text, OutputStream out) throws IOException {
        if (item == null) {
            return;
        }
        held.add(text);
        item.text.append(text);
        event(out, "response.output_text.delta", gen -> {
            itemFields(gen, item, true);
            gen.writeStringField("delta", text);
            emptyLogprobs(gen);
        });
    }

    private void argumentsDelta(OpenItem item, String json, OutputStream out) throws IOException {
        if (item == null) {
            return;
        }
        held.add(json);
        item.text.append(json);
        event(out, "response.function_call_arguments.delta", gen -> {
            itemFields(gen, item, false);
            gen.writeStringField("delta", json);
        });
    }

    /** Thoughts stream as the reasoning item's one summary part, opened at the first delta. */
    private void thinkingDelta(OpenItem item, String text, OutputStream out) throws IOException {
        if (item == null) {
            return;
        }
        if (!item.summaryOpen) {
            item.summaryOpen = true;
            summaryPart(out, "response.reasoning_summary_part.added", item, "");
        }
        held.add(text);
        item.text.append(text);
        event(out, "response.reasoning_summary_text.delta", gen -> {
            itemFields(gen, item, false);
            gen.writeNumberField("summary_index", 0);
            gen.writeStringField("delta", text);
        });
    }

    private void finishItem(OpenItem item, OutputStream out) throws IOException {
        if (item == null) {
            return;
        }
        String text = item.text.toString();
        ContentPart part = switch (item.start) {
            case Text ignored -> finishText(item, text, out);
            case ToolCall call -> finishCall(item, call, text.isEmpty() ? "{}" : text, out);
            case Thinking thinking -> finishThinking(item, thinking, text, out);
            case Image image -> image;
            case ToolResult result -> result;
        };
        ResponsesOutputItems.Item done = new ResponsesOutputItems.Item(item.id, part);
        finished.add(done);
        event(out, "response.output_item.done", gen -> {
            gen.writeNumberField("output_index", item.outputIndex);
            gen.writeFieldName("item");
            ResponsesOutputItems.write(gen, done);
        });
    }

    private Text finishText(OpenItem item, String text, OutputStream out) throws IOException {
        event(out, "response.output_text.done", gen -> {
            itemFields(gen, item, true);
            gen.writeStringField("text", text);
            emptyLogprobs(gen);
        });
        contentPart(out, "response.content_part.done", item, text);
        return new Text(text);
    }

    private ToolCall finishCall(OpenItem item, ToolCall call, String arguments, OutputStream out) throws IOException {
        event(out, "response.function_call_arguments.done", gen -> {
            itemFields(gen, item, false);
            gen.writeStringField("name", call.name());
            gen.writeStringField("arguments", arguments);
        });
        return new ToolCall(call.id(), call.name(), arguments, call.signature());
    }

    private Thinking finishThinking(OpenItem item, Thinking start, String text, OutputStream out) throws IOException {
        if (item.summaryOpen) {
            event(out, "response.reasoning_summary_text.done", gen -> {
                itemFields(gen, item, false);
                gen.writeNumberField("summary_index", 0);
                gen.writeStringField("text", text);
            });
            summaryPart(out, "response.reasoning_summary_part.done", item, text);
        }
        String signature = item.signature.isEmpty() ? start.signature() : item.signature.toString();
        return new Thinking(text, signature, start.redactedData(), start.signedBy());
    }

    private void contentPart(OutputStream out, String type, OpenItem item, String text) throws IOException {
        event(out, type, gen -> {
            itemFields(gen, item, true);
            gen.writeFieldName("part");
            ResponsesOutputItems.writeOutputText(gen, text);
        });
    }

    private void summaryPart(OutputStream out, String type, OpenItem item, String text) throws IOException {
        event(out, type, gen -> {
            itemFields(gen, item, false);
            gen.writeNumberField("summary_index", 0);
            gen.writeFieldName("part");
            ResponsesOutputItems.writeSummaryText(gen, text);
        });
    }

    private static void itemFields(JsonGenerator gen, OpenItem item, boolean withContentIndex) throws IOException {
        gen.writeStringField("item_id", item.id);
        gen.writeNumberField("output_index", item.outputIndex);
        if (withContentIndex) {
            gen.writeNumberField("content_index", 0);
        }
    }

    private static void emptyLogprobs(JsonGenerator gen) throws IOException {
        gen.writeArrayFieldStart("logprobs");
        gen.writeEndArray();
    }

    /** One event: its name on the {@code event:} line, and as {@code type} with the next sequence number. */
    private void event(OutputStream out, String type, Json.JsonWriter body) throws IOException {
        int number = sequence++;
        Sse.write(out, type, Json.write(gen -> {
            gen.writeStartObject();
            gen.writeStringField("type", type);
            gen.writeNumberField("sequence_number", number);
            body.write(gen);
            gen.writeEndObject();
        }));
    }
}
