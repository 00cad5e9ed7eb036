package dev.aiproxy.translate.internal.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.aiproxy.api.model.ContentPart;
import dev.aiproxy.api.model.Message;
import dev.aiproxy.api.model.Text;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads, with the streaming parser, the text-only messages that OpenAI Chat and Anthropic Messages requests share:
 * {@code [{"role": ..., "content": "..." | [{"type":"text","text":"..."}, ...]}, ...]}. Anything else about them (another
 * field, a field twice, another kind of part, an empty array) gives null, and the format's tree decoder takes over.
 */
public final class StreamedTextMessages {
    /** The format's message for a role and its content, or null for a role the fast path does not take. */
    @FunctionalInterface
    public interface Roles {
        Message message(String role, List<ContentPart> content);
    }

    private StreamedTextMessages() {
    }

    /** A non-empty array of messages, the parser on its start; or null. */
    public static List<Message> read(JsonParser p, Roles roles) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            return null;
        }
        List<Message> out = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
            Message message = message(p, roles);
            if (message == null) {
                return null;
            }
            out.add(message);
        }
        return t == JsonToken.END_ARRAY && !out.isEmpty() ? out : null;
    }

    /** A string as one text part, or a non-empty array of text parts; or null. */
    public static List<ContentPart> content(JsonParser p) throws IOException {
        String text = StreamedFields.text(p);
        return text != null ? List.of(new Text(text)) : textParts(p);
    }

    /** A non-empty array of {@code {"type":"text","text":...}} parts, the parser on its start; or null. */
    public static List<ContentPart> textParts(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            return null;
        }
        List<ContentPart> out = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
            String text = StreamedFields.typedText(p, "text");
            if (text == null) {
                return null;
            }
            out.add(new Text(text));
        }
        return t == JsonToken.END_ARRAY && !out.isEmpty() ? out : null;
    }

    private static Message message(JsonParser p, Roles roles) throws IOException {
        String role = null;
        List<ContentPart> content = null;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "role" -> {
                    if (role != null || (role = StreamedFields.text(p)) == null) {
                        return null;
                    }
                }
                case "content" -> {
                    if (content != null || (content = content(p)) == null) {
                        return null;
                    }
                }
                default -> {
                    return null;
                }
            }
        }
        return t == JsonToken.END_OBJECT && role != null && content != null ? roles.message(role, content) : null;
    }
}
