package dev.aiproxy.translate.internal.gemini;

import static dev.aiproxy.translate.internal.json.Fields.path;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.model.ContentPart;
import dev.aiproxy.api.model.Image;
import dev.aiproxy.api.model.Text;
import dev.aiproxy.api.model.Thinking;
import dev.aiproxy.api.model.ToolCall;
import dev.aiproxy.api.model.ToolResult;
import dev.aiproxy.translate.internal.Signatures;
import dev.aiproxy.translate.internal.json.Fields;
import dev.aiproxy.translate.internal.json.Json;
import dev.aiproxy.translate.internal.json.JsonShapeException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Gemini {@code Part}s (https://ai.google.dev/api/caching#Part) into canonical content parts, for client
 * requests and upstream answers alike. A {@code thoughtSignature} on a thought part seals that {@link Thinking}; on
 * any other part (Gemini puts one on the first function call of a step, and on text when there is no call) it becomes
 * an empty signed {@link Thinking} right before the part, except on a function call, which carries its own.
 */
final class GeminiPartDecoder {
    /** Where the parts come from, which says who vouches for a signature. */
    enum Source {
        /** A client of this format: a signature may be the gateway's wrapper of another provider's. */
        CLIENT,
        /** Gemini itself: every signature is Gemini's. */
        UPSTREAM
    }

    private GeminiPartDecoder() {
    }

    /** Decodes {@code parts} into {@code out}. */
    static void decode(JsonNode parts, String path, Source source, GeminiCallIds ids, List<ContentPart> out) {
        for (int i = 0; i < parts.size(); i++) {
            String partPath = path(path, i);
            part(Fields.requireObject(parts.get(i), partPath), partPath, source, ids, out);
        }
    }

    private static void part(JsonNode part, String path, Source source, GeminiCallIds ids, List<ContentPart> out) {
        String signature = Fields.text(part, "thoughtSignature", path);
        boolean thought = Boolean.TRUE.equals(Fields.bool(part, "thought", path));
        String text = Fields.text(part, "text", path);
        if (text != null && thought) {
            out.add(thinking(text, signature, source));
            return;
        }
        JsonNode call = Fields.object(part, "functionCall", path);
        if (call != null) {
            out.add(toolCall(call, path(path, "functionCall"), signature, ids));
            return;
        }
        if (signature != null) {
            out.add(thinking("", signature, source));
        }
        if (text != null) {
            if (!text.isEmpty()) {
                out.add(new Text(text));
            }
            return;
        }
        ContentPart media = media(part, path);
        if (media != null) {
            out.add(media);
            return;
        }
        JsonNode response = Fields.object(part, "functionResponse", path);
        if (response != null) {
            out.add(toolResult(response, path(path, "functionResponse"), ids));
        } else if (source == Source.CLIENT && signature == null) {
            throw new JsonShapeException(path, "unsupported part with fields " + fieldNames(part)
                    + " (supported: text, inlineData, fileData, functionCall, functionResponse)");
        }
        // from Gemini: executableCode, codeExecutionResult and newer kinds have no canonical form and are skipped
    }

    private static List<String> fieldNames(JsonNode part) {
        List<String> names = new ArrayList<>();
        part.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Thinking thinking(String text, String signature, Source source) {
        return source == Source.CLIENT ? Signatures.fromClient(text, signature, null, ApiFormat.GEMINI)
                : new Thinking(text, signature, null, ApiFormat.GEMINI);
    }

    private static ContentPart media(JsonNode part, String path) {
        JsonNode inline = Fields.object(part, "inlineData", path);
        if (inline != null) {
            String inlinePath = path(path, "inlineData");
            return Image.fromBase64(Fields.requireText(inline, "mimeType", inlinePath),
                    Fields.requireText(inline, "data", inlinePath));
        }
        JsonNode file = Fields.object(part, "fileData", path);
        if (file != null) {
            String filePath = path(path, "fileData");
            return new Image(Fields.requireText(file, "fileUri", filePath), Fields.text(file, "mimeType", filePath),
                    null, null);
        }
        return null;
    }

    private static ToolCall toolCall(JsonNode call, String path, String signature, GeminiCallIds ids) {
        String name = Fields.requireText(call, "name", path);
        JsonNode args = Fields.object(call, "args", path);
        return new ToolCall(ids.forCall(Fields.text(call, "id", path), name, path), name,
                args == null ? "{}" : Json.toText(args), signature);
    }

    /**
     * A {@code functionResponse}. Its {@code response} object is read back the way the encoder writes one:
     * exactly {@code {"result": "<text>"}} is that text, exactly {@code {"error": "<text>"}} is that text as an
     * error, anything else is the object as JSON text. Images in its {@code parts} (Gemini 3's multimodal function
     * responses) join the result's content.
     */
    private static ToolResult toolResult(JsonNode response, String path, GeminiCallIds ids) {
        String name = Fields.requireText(response, "name", path);
        String id = ids.forResult(Fields.text(response, "id", path), name, path);
        JsonNode value = Fields.object(response, "response", path);
        List<ContentPart> content = new ArrayList<>();
        boolean isError = false;
        if (value != null) {
            JsonNode only = value.size() == 1 ? value.elements().next() : null;
            if (only != null && only.isTextual() && (value.has("result") || value.has("error"))) {
                content.add(new Text(only.textValue()));
                isError = value.has("error");
            } else {
                content.add(new Text(Json.toText(value)));
            }
        }
        JsonNode parts = Fields.array(response, "parts", path);
        if (parts != null) {
            for (int i = 0; i < parts.size(); i++) {
                String partPath = path(path(path, "parts"), i);
                ContentPart media = media(Fields.requireObject(parts.get(i), partPath), partPath);
                if (media == null) {
                    throw new JsonShapeException(partPath, "expected inlineData or fileData");
                }
                content.add(media);
            }
        }
        return new ToolResult(id, name, content, isError);
    }
}
