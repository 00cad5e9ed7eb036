package dev.aiproxy.translate.internal.anthropic;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aiproxy.api.model.Image;
import dev.aiproxy.api.model.Thinking;
import dev.aiproxy.translate.internal.json.Json;
import dev.aiproxy.translate.internal.json.JsonShapeException;
import java.io.IOException;

/** Writes the content blocks requests and responses share; each method writes the fields of an open object. */
final class AnthropicBlocks {
    private AnthropicBlocks() {
    }

    /**
     * A {@code tool_use} block's {@code input}, which Anthropic requires to be an object. Arguments that are an object
     * are written compactly; empty arguments are {@code {}}; anything else (a model's truncated or non-object output)
     * is kept visible as {@code {"_raw": "<arguments>"}} rather than dropped.
     */
    static void writeToolInput(JsonGenerator gen, String argumentsJson) throws IOException {
        gen.writeFieldName("input");
        if (argumentsJson.isBlank()) {
            gen.writeStartObject();
            gen.writeEndObject();
            return;
        }
        try {
            JsonNode node = Json.parse(argumentsJson);
            if (node.isObject()) {
                gen.writeRawValue(Json.toText(node));
                return;
            }
        } catch (JsonShapeException notJson) {
            // wrapped below, so the text is not lost
        }
        gen.writeStartObject();
        gen.writeStringField("_raw", argumentsJson);
        gen.writeEndObject();
    }

    /**
     * A tool call id Anthropic accepts: it requires {@code ^[a-zA-Z0-9_-]+$}, while other providers' ids may hold
     * other characters ({@code functions.get_weather:0}). Each other character becomes {@code _}, the same way for
     * the {@code tool_use} and its {@code tool_result}, so the two still match.
     */
    static String toolId(String id) {
        StringBuilder sb = null;
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean allowed = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
                    || c == '-';
            if (!allowed && sb == null) {
                sb = new StringBuilder(id.substring(0, i));
            }
            if (sb != null) {
                sb.append(allowed ? c : '_');
            }
        }
        return sb == null ? id : sb.toString();
    }

    /** The fields of an {@code image} block. */
    static void writeImage(JsonGenerator gen, Image image) throws IOException {
        gen.writeStringField("type", "image");
        gen.writeObjectFieldStart("source");
        if (image.isInline()) {
            gen.writeStringField("type", "base64");
            gen.writeStringField("media_type", image.mediaType());
            gen.writeStringField("data", image.data());
        } else {
            gen.writeStringField("type", "url");
            gen.writeStringField("url", image.url());
        }
        gen.writeEndObject();
    }

    /**
     * The fields of a {@code thinking} or {@code redacted_thinking} block.
     *
     * @param signature the signature to write; an empty string when there is none, since the block requires one
     */
    static void writeThinking(JsonGenerator gen, Thinking thinking, String signature) throws IOException {
        if (thinking.redactedData() != null) {
            gen.writeStringField("type", "redacted_thinking");
            gen.writeStringField("data", thinking.redactedData());
        } else {
            gen.writeStringField("type", "thinking");
            gen.writeStringField("thinking", thinking.text());
            gen.writeStringField("signature", signature == null ? "" : signature);
        }
    }
}
