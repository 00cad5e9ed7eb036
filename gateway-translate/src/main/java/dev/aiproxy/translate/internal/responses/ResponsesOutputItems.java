package dev.aiproxy.translate.internal.responses;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.model.ContentPart;
import dev.aiproxy.api.model.Image;
import dev.aiproxy.api.model.Text;
import dev.aiproxy.api.model.Thinking;
import dev.aiproxy.api.model.ToolCall;
import dev.aiproxy.api.model.ToolResult;
import dev.aiproxy.translate.internal.Ids;
import dev.aiproxy.translate.internal.Signatures;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The output items of a response object, as https://platform.openai.com/docs/api-reference/responses/object lists
 * them: {@code message} (with {@code output_text} content), {@code function_call} and {@code reasoning}. The
 * streaming encoder writes the same items in {@code response.output_item.added}/{@code .done}.
 */
final class ResponsesOutputItems {
    /**
     * One output item: its id and the canonical part it shows, a {@link Text} for a message item.
     */
    record Item(String id, ContentPart part) {
    }

    private ResponsesOutputItems() {
    }

    /** The items for an answer's content: each run of text one message, each call and thought its own item. */
    static List<Item> of(List<ContentPart> content) {
        List<Item> items = new ArrayList<>();
        StringBuilder text = null;
        for (ContentPart part : content) {
            if (part instanceof Text t) {
                text = text == null ? new StringBuilder(t.text()) : text.append(t.text());
                continue;
            }
            if (text != null) {
                items.add(new Item(newId(new Text("")), new Text(text.toString())));
                text = null;
            }
            if (part instanceof ToolCall || part instanceof Thinking thinking && isShown(thinking)) {
                items.add(new Item(newId(part), part));
            }
        }
        if (text != null) {
            items.add(new Item(newId(new Text("")), new Text(text.toString())));
        }
        return items;
    }

    /**
     * Whether a thought has anything to show a client: text, or a seal to send back (an Anthropic redacted thought's
     * is its data, wrapped, in {@code encrypted_content}).
     */
    static boolean isShown(Thinking thinking) {
        return !thinking.text().isEmpty() || thinking.signature() != null || thinking.redactedData() != null;
    }

    /** A new item id with the prefix OpenAI uses for the part's kind of item. */
    static String newId(ContentPart part) {
        return Ids.next(switch (part) {
            case ToolCall ignored -> "fc_";
            case Thinking ignored -> "rs_";
            case Text ignored -> "msg_";
            case Image ignored -> "msg_";
            case ToolResult ignored -> "msg_";
        });
    }

    /** Writes a finished item; images and tool results are no output items and write nothing. */
    static void write(JsonGenerator gen, Item item) throws IOException {
        switch (item.part()) {
            case Text t -> writeMessage(gen, item.id(), "completed", t.text());
            case ToolCall call -> writeFunctionCall(gen, item.id(), "completed", call, call.argumentsJson());
            case Thinking thinking -> writeReasoning(gen, item.id(), thinking.text(),
                    Signatures.forClient(thinking, ApiFormat.OPENAI_RESPONSES));
            case Image ignored -> { }
            case ToolResult ignored -> { }
        }
    }

    /** A message item; {@code text} null for one still empty ({@code "content":[]}). */
    static void writeMessage(JsonGenerator gen, String id, String status, String text) throws IOException {
        gen.writeStartObject();
        gen.writeStringField("id", id);
        gen.writeStringField("type", "message");
        gen.writeStringField("status", status);
        gen.writeArrayFieldStart("content");
        if (text != null) {
            writeOutputText(gen, text);
        }
        gen.writeEndArray();
        gen.writeStringField("role", "assistant");
        gen.writeEndObject();
    }

    /** An {@code output_text} content part, with the {@code annotations} and {@code logprobs} the SDKs require. */
    static void writeOutputText(JsonGenerator gen, String text) throws IOException {
        gen.writeStartObject();
        gen.writeStringField("type", "output_text");
        gen.writeArrayFieldStart("annotations");
        gen.writeEndArray();
        gen.writeArrayFieldStart("logprobs");
        gen.writeEndArray();
        gen.writeStringField("text", text);
        gen.writeEndObject();
    }

    /** A function call item; its {@code call_id} carries any signature of the call (see {@link Signatures}). */
    static void writeFunctionCall(JsonGenerator gen, String id, String status, ToolCall call, String arguments)
            throws IOException {
        gen.writeStartObject();
        gen.writeStringField("id", id);
        gen.writeStringField("type", "function_call");
        gen.writeStringField("status", status);
        gen.writeStringField("arguments", arguments);
        gen.writeStringField("call_id", Signatures.toolCallIdForClient(call));
        gen.writeStringField("name", call.name());
        gen.writeEndObject();
    }

    /**
     * A reasoning item: the thought as one summary text, sealed by {@code encryptedContent} when there is one.
     *
     * @param id the item id, or null to leave it out (an input item sent upstream)
     */
    static void writeReasoning(JsonGenerator gen, String id, String text, String encryptedContent)
            throws IOException {
        gen.writeStartObject();
        if (id != null) {
            gen.writeStringField("id", id);
        }
        gen.writeStringField("type", "reasoning");
        gen.writeArrayFieldStart("summary");
        if (!text.isEmpty()) {
            writeSummaryText(gen, text);
        }
        gen.writeEndArray();
        if (encryptedContent != null) {
            gen.writeStringField("encrypted_content", encryptedContent);
        }
        gen.writeEndObject();
    }

    static void writeSummaryText(JsonGenerator gen, String text) throws IOException {
        gen.writeStartObject();
        gen.writeStringField("type", "summary_text");
        gen.writeStringField("text", text);
        gen.writeEndObject();
    }
}
