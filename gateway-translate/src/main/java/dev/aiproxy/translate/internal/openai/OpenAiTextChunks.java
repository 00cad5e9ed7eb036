package dev.aiproxy.translate.internal.openai;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.aiproxy.translate.internal.json.StreamedObject;
import java.io.IOException;

/**
 * Reads the chunk that makes up nearly all of an OpenAI stream once it has begun, one choice whose delta holds at most
 * text ({@code {"id":...,"choices":[{"index":0,"delta":{"content":"..."},"logprobs":null,"finish_reason":null}],
 * "usage":null}}, the chunk object of https://platform.openai.com/docs/api-reference/chat-streaming), with Jackson's
 * streaming parser instead of a tree: the tree of a chunk was most of what a translated OpenAI stream allocated. It
 * reads what the tree-based decoder reads from such a chunk and skips what that one ignores (the id, model and the
 * like after the first chunk, {@code role}, {@code refusal}, {@code logprobs}); anything else (usage, reasoning, tool
 * calls, an error, another choice, a field twice, a value of another kind, malformed JSON) is left to the tree-based
 * decoder, which gives it its full treatment and its error, so the answer is the same.
 */
final class OpenAiTextChunks {
    /** A chunk's text (null when none) and finish reason (null when none). */
    record TextChunk(String content, String finishReason) {
    }

    private OpenAiTextChunks() {
    }

    /** The chunk, or null when it is not exactly one of the shape above. */
    static TextChunk read(String data) {
        return StreamedObject.read(data, OpenAiTextChunks::chunk);
    }

    private static TextChunk chunk(JsonParser p) throws IOException {
        TextChunk chunk = null;
        boolean usage = false;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "choices" -> {
                    if (chunk != null || value != JsonToken.START_ARRAY || p.nextToken() != JsonToken.START_OBJECT
                            || (chunk = choice(p)) == null || p.nextToken() != JsonToken.END_ARRAY) {
                        return null;
                    }
                }
                case "usage" -> {
                    if (usage || value != JsonToken.VALUE_NULL) {
                        return null;
                    }
                    usage = true;
                }
                case "error" -> {
                    return null;
                }
                default -> p.skipChildren();
            }
        }
        return t == JsonToken.END_OBJECT ? chunk : null;
    }

    /** A choice whose start the parser is on, or null. */
    private static TextChunk choice(JsonParser p) throws IOException {
        String content = null;
        String finishReason = null;
        boolean delta = false;
        boolean finish = false;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (name.equals("delta")) {
                if (delta) {
                    return null;
                }
                delta = true;
                if (value == JsonToken.START_OBJECT) {
                    Delta d = delta(p);
                    if (d == null) {
                        return null;
                    }
                    content = d.content();
                } else if (value != JsonToken.VALUE_NULL) {
                    return null;
                }
            } else if (name.equals("finish_reason")) {
                if (finish || value != JsonToken.VALUE_STRING && value != JsonToken.VALUE_NULL) {
                    return null;
                }
                finish = true;
                finishReason = value == JsonToken.VALUE_NULL ? null : p.getText();
            } else {
                p.skipChildren();
            }
        }
        return t == JsonToken.END_OBJECT ? new TextChunk(content, finishReason) : null;
    }

    private record Delta(String content) {
    }

    /** A delta whose start the parser is on, when it holds at most text, or null. */
    private static Delta delta(JsonParser p) throws IOException {
        String content = null;
        boolean seen = false;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "content" -> {
                    if (seen || value != JsonToken.VALUE_STRING && value != JsonToken.VALUE_NULL) {
                        return null;
                    }
                    seen = true;
                    content = value == JsonToken.VALUE_NULL ? null : p.getText();
                }
                // what the tree-based decoder reads besides the text: its to read
                case "reasoning_content", "reasoning", "tool_calls" -> {
                    return null;
                }
                default -> p.skipChildren();
            }
        }
        return t == JsonToken.END_OBJECT ? new Delta(content) : null;
    }
}
