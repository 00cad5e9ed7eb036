package dev.aiproxy.translate.internal.anthropic;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.aiproxy.api.model.ChatResponse;
import dev.aiproxy.api.model.ContentPart;
import dev.aiproxy.api.model.Extensions;
import dev.aiproxy.api.model.Text;
import dev.aiproxy.translate.internal.json.Json;
import dev.aiproxy.translate.internal.json.StreamedCounts;
import dev.aiproxy.translate.internal.json.StreamedFields;
import dev.aiproxy.translate.internal.json.StreamedObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the message nearly every non-streamed Anthropic call gets, text blocks only
 * ({@code {"id","type":"message","role":"assistant","model","content":[{"type":"text","text":"..."}],"stop_reason",
 * "stop_sequence","usage":{...}}}, as https://docs.anthropic.com/en/api/messages shows it), with Jackson's streaming
 * parser instead of a tree: the tree of the answer was a large part of a translated request's CPU and allocation.
 * Gives the same {@link ChatResponse} as {@link AnthropicResponseCodec#decodeTree}; anything else or unusual (another
 * block type, a field the documentation does not show, a field twice, a value of another kind, an error, malformed
 * JSON) gives null and is left to that decoder, which gives it its full treatment and its error.
 */
final class AnthropicTextMessages {
    private static final int ID = 1;
    private static final int TYPE = 2;
    private static final int ROLE = 4;
    private static final int MODEL = 8;
    private static final int CONTENT = 16;
    private static final int STOP_REASON = 32;
    private static final int STOP_SEQUENCE = 64;
    private static final int USAGE = 128;
    /** The fields a message must have to be read here. */
    private static final int REQUIRED = ID | TYPE | ROLE | MODEL | CONTENT | USAGE;

    private AnthropicTextMessages() {
    }

    /** The message, or null when it is not exactly a text message of the documented shape. */
    static ChatResponse read(byte[] body) {
        return StreamedObject.read(body, AnthropicTextMessages::message);
    }

    private static ChatResponse message(JsonParser p) throws IOException {
        String id = null;
        String model = null;
        List<ContentPart> content = null;
        String stopReason = null;
        String stopSequence = null;
        long[] usage = null;
        int seen = 0;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            int bit = switch (name) {
                case "id" -> ID;
                case "type" -> TYPE;
                case "role" -> ROLE;
                case "model" -> MODEL;
                case "content" -> CONTENT;
                case "stop_reason" -> STOP_REASON;
                case "stop_sequence" -> STOP_SEQUENCE;
                case "usage" -> USAGE;
                default -> 0;
            };
            if (bit == 0 || (seen & bit) != 0) {
                return null;
            }
            seen |= bit;
            boolean string = value == JsonToken.VALUE_STRING;
            boolean ok = switch (bit) {
                case ID -> string && (id = p.getText()) != null;
                case TYPE -> string && p.getText().equals("message");
                case ROLE -> string && p.getText().equals("assistant");
                case MODEL -> string && (model = p.getText()) != null;
                case CONTENT -> value == JsonToken.START_ARRAY && (content = blocks(p)) != null;
                case STOP_REASON -> value == JsonToken.VALUE_NULL || string && (stopReason = p.getText()) != null;
                case STOP_SEQUENCE -> value == JsonToken.VALUE_NULL || string && (stopSequence = p.getText()) != null;
                default -> value == JsonToken.START_OBJECT
                        && (usage = StreamedCounts.read(p, AnthropicUsage.COUNTS.names())) != null;
            };
            if (!ok) {
                return null;
            }
        }
        if (t != JsonToken.END_OBJECT || (seen & REQUIRED) != REQUIRED || !fitsLong(usage)) {
            return null;
        }
        return new ChatResponse(id, model, content, AnthropicStopReasons.decode(stopReason),
                AnthropicUsage.of(usage[0], usage[1], usage[2], usage[3]),
                stopSequence == null ? Extensions.EMPTY : new Extensions(Map.of(AnthropicResponseCodec.STOP_SEQUENCE,
                        Json.toText(TextNode.valueOf(stopSequence)))));
    }

    /** The text blocks of the content array whose start the parser is on, or null when any is not one. */
    private static List<ContentPart> blocks(JsonParser p) throws IOException {
        List<ContentPart> parts = new ArrayList<>(1);
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
            String text = StreamedFields.typedText(p, "text");
            if (text == null) {
                return null;
            }
            parts.add(new Text(text));
        }
        return t == JsonToken.END_ARRAY ? parts : null;
    }

    /** Whether the canonical input count, the sum of three counts, fits a long; it does not overflow in practice. */
    private static boolean fitsLong(long[] usage) {
        long sum = usage[0] + usage[2];
        return sum >= 0 && sum + usage[3] >= 0;
    }
}
