package dev.aiproxy.translate.internal.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.aiproxy.api.error.InvalidRequestException;
import dev.aiproxy.translate.RoutingFields;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Validates a request body token by token with Jackson's streaming parser and picks out the routing fields, without
 * building a tree or decoding any nested value. This is the passthrough path's only parse.
 */
public final class TopLevelScanner {
    /** A top-level field a format requires, with the token it must start with. */
    public record Required(String name, JsonToken token, String expected) {
    }

    private final List<Required> required;
    private final boolean modelRequired;

    /**
     * @param required the format's required top-level fields besides {@code model}
     * @param modelRequired whether {@code model} must be in the body (Gemini puts it in the URL)
     */
    public TopLevelScanner(List<Required> required, boolean modelRequired) {
        this.required = List.copyOf(required);
        this.modelRequired = modelRequired;
    }

    /**
     * Scans the whole body.
     *
     * @throws InvalidRequestException when the body is not one JSON object or lacks a required field
     */
    public RoutingFields scan(byte[] body) {
        String model = null;
        boolean stream = false;
        int modelStart = -1;
        int modelEnd = -1;
        boolean[] seen = new boolean[required.size()];
        try (JsonParser p = Json.FACTORY.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidRequestException("request body must be a JSON object");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("model")) {
                    if (value != JsonToken.VALUE_STRING) {
                        throw new InvalidRequestException("'model' must be a string", "model", null);
                    }
                    modelStart = (int) p.currentTokenLocation().getByteOffset();
                    model = p.getText();
                    modelEnd = (int) p.currentLocation().getByteOffset();
                } else if (name.equals("stream")) {
                    if (value == JsonToken.VALUE_TRUE || value == JsonToken.VALUE_FALSE) {
                        stream = value == JsonToken.VALUE_TRUE;
                    } else if (value != JsonToken.VALUE_NULL) {
                        throw new InvalidRequestException("'stream' must be a boolean", "stream", null);
                    }
                } else {
                    for (int i = 0; i < required.size(); i++) {
                        Required r = required.get(i);
                        if (r.name.equals(name)) {
                            if (value != r.token) {
                                throw new InvalidRequestException("'" + name + "' must be " + r.expected, name, null);
                            }
                            seen[i] = true;
                        }
                    }
                    p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT) {
                throw new InvalidRequestException("request body must be a JSON object");
            }
            if (p.nextToken() != null) {
                throw new InvalidRequestException("malformed JSON: unexpected content after the top-level object");
            }
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException(Json.describe(e), null, null);
        } catch (IOException e) {
            throw new UncheckedIOException("reading from a byte array", e);
        }
        if (model == null) {
            if (modelRequired) {
                throw new InvalidRequestException("you must provide a model parameter", "model", null);
            }
            model = "";
        } else if (model.isBlank()) {
            throw new InvalidRequestException("'model' must not be empty", "model", null);
        }
        for (int i = 0; i < required.size(); i++) {
            if (!seen[i]) {
                String name = required.get(i).name;
                throw new InvalidRequestException("missing required parameter: '" + name + "'", name, null);
            }
        }
        return new RoutingFields(model, stream, modelStart, modelEnd);
    }
}
