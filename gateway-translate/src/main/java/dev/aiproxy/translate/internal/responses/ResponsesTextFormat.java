package dev.aiproxy.translate.internal.responses;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aiproxy.api.model.ResponseFormat;
import dev.aiproxy.translate.internal.json.Fields;
import dev.aiproxy.translate.internal.json.Json;
import dev.aiproxy.translate.internal.json.JsonShapeException;
import java.io.IOException;

/**
 * Responses' {@code text.format}: {@code {"type":"text"}}, {@code {"type":"json_object"}} or {@code {"type":
 * "json_schema","name","schema","strict"}}, the schema's fields flat in the format object (Chat Completions nests them
 * under {@code json_schema}).
 */
final class ResponsesTextFormat {
    private static final String PATH = "text.format";

    private ResponsesTextFormat() {
    }

    static ResponseFormat decode(JsonNode format) {
        if (format == null) {
            return null;
        }
        String type = Fields.requireText(format, "type", PATH);
        return switch (type) {
            case "text" -> new ResponseFormat.PlainText();
            case "json_object" -> new ResponseFormat.JsonObject();
            case "json_schema" -> {
                JsonNode schema = Fields.object(format, "schema", PATH);
                yield new ResponseFormat.JsonSchema(Fields.text(format, "name", PATH),
                        schema == null ? "{}" : Json.toText(schema), Fields.bool(format, "strict", PATH));
            }
            default -> throw new JsonShapeException(PATH + ".type", "unsupported value '" + type
                    + "' (expected text, json_object or json_schema)");
        };
    }

    /** Writes the {@code format} field; plain text when {@code format} is null. */
    static void write(JsonGenerator gen, ResponseFormat format) throws IOException {
        gen.writeObjectFieldStart("format");
        switch (format) {
            case null -> gen.writeStringField("type", "text");
            case ResponseFormat.PlainText ignored -> gen.writeStringField("type", "text");
            case ResponseFormat.JsonObject ignored -> gen.writeStringField("type", "json_object");
            case ResponseFormat.JsonSchema schema -> {
                gen.writeStringField("type", "json_schema");
                gen.writeStringField("name", schema.name() != null ? schema.name() : "response");
                gen.writeFieldName("schema");
                gen.writeRawValue(schema.schemaJson());
                if (schema.strict() != null) {
                    gen.writeBooleanField("strict", schema.strict());
                }
            }
        }
        gen.writeEndObject();
    }
}
