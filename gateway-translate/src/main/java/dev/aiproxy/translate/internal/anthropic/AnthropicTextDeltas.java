package dev.aiproxy.translate.internal.anthropic;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.aiproxy.translate.internal.json.StreamedFields;
import dev.aiproxy.translate.internal.json.StreamedObject;
import java.io.IOException;

/**
 * Reads the event that makes up nearly all of an Anthropic stream, a text delta
 * ({@code {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"..."}}}, as
 * https://docs.anthropic.com/en/docs/build-with-claude/streaming shows it), with Jackson's streaming parser instead of
 * a tree: a tree of four nodes and two maps per event was most of what a translated Anthropic stream allocated.
 * Anything else, or anything unusual about it (another field, a field twice, a value of another kind, malformed JSON),
 * is left to the tree-based decoder, which gives it its full treatment and its error, so the answer is the same.
 */
final class AnthropicTextDeltas {
    /** A text delta for a block. */
    record TextDelta(int index, String text) {
    }

    private AnthropicTextDeltas() {
    }

    /** The event's index and text, or null when it is not exactly a text delta of the documented shape. */
    static TextDelta read(String data) {
        return StreamedObject.read(data, AnthropicTextDeltas::event);
    }

    private static TextDelta event(JsonParser p) throws IOException {
        boolean type = false;
        int index = -1;
        String text = null;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "type" -> {
                    if (type || value != JsonToken.VALUE_STRING || !p.getText().equals("content_block_delta")) {
                        return null;
                    }
                    type = true;
                }
                case "index" -> {
                    if (index >= 0 || value != JsonToken.VALUE_NUMBER_INT
                            || p.getNumberType() != JsonParser.NumberType.INT || p.getIntValue() < 0) {
                        return null;
                    }
                    index = p.getIntValue();
                }
                case "delta" -> {
                    if (text != null || value != JsonToken.START_OBJECT
                            || (text = StreamedFields.typedText(p, "text_delta")) == null) {
                        return null;
                    }
                }
                default -> {
                    return null;
                }
            }
        }
        return t != JsonToken.END_OBJECT || !type || index < 0 || text == null ? null : new TextDelta(index, text);
    }
}
