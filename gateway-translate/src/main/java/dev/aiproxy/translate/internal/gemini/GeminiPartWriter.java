package dev.aiproxy.translate.internal.gemini;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aiproxy.api.model.ContentPart;
import dev.aiproxy.api.model.Image;
import dev.aiproxy.api.model.ToolResult;
import dev.aiproxy.translate.internal.json.Json;
import dev.aiproxy.translate.internal.json.JsonShapeException;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes planned {@link GeminiPart}s as Gemini JSON. */
final class GeminiPartWriter {
    /** Media types by file extension, for URLs that do not say; Gemini's supported image and document types. */
    private static final Map<String, String> MEDIA_TYPES = Map.of("png", "image/png", "jpg", "image/jpeg",
            "jpeg", "image/jpeg", "webp", "image/webp", "gif", "image/gif", "heic", "image/heic",
            "heif", "image/heif", "pdf", "application/pdf");

    private GeminiPartWriter() {
    }

    /** Writes a {@code "parts"} field. */
    static void writeField(JsonGenerator gen, List<GeminiPart> parts) throws IOException {
        gen.writeArrayFieldStart("parts");
        for (GeminiPart part : parts) {
            write(gen, part);
        }
        gen.writeEndArray();
    }

    static void write(JsonGenerator gen, GeminiPart part) throws IOException {
        switch (part) {
            case GeminiPart.TextPart text -> {
                gen.writeStartObject();
                gen.writeStringField("text", text.text());
                if (text.thought()) {
                    gen.writeBooleanField("thought", true);
                }
                if (text.signature() != null) {
                    gen.writeStringField("thoughtSignature", text.signature());
                }
                gen.writeEndObject();
            }
            case GeminiPart.CallPart call -> GeminiToolCalls.writePart(gen, call.call(), call.signature());
            case GeminiPart.MediaPart media -> writeMedia(gen, media.image());
            case GeminiPart.ResultPart result -> writeResult(gen, result.result(), result.name());
        }
    }

    /**
     * An inline image is {@code inlineData}; an image by URL is {@code fileData}, which Gemini fetches itself for
     * Files API URIs and, since January 2026, for public and signed HTTPS URLs
     * (https://ai.google.dev/gemini-api/docs/file-input-methods). Its media type is the image's, else guessed from
     * the URL's extension, else left out.
     */
    static void writeMedia(JsonGenerator gen, Image image) throws IOException {
        gen.writeStartObject();
        if (image.isInline()) {
            gen.writeObjectFieldStart("inlineData");
            gen.writeStringField("mimeType", image.mediaType());
            gen.writeStringField("data", image.data());
        } else {
            gen.writeObjectFieldStart("fileData");
            String mediaType = image.mediaType() != null ? image.mediaType() : guessMediaType(image.url());
            if (mediaType != null) {
                gen.writeStringField("mimeType", mediaType);
            }
            gen.writeStringField("fileUri", image.url());
        }
        gen.writeEndObject();
        gen.writeEndObject();
    }

    static String guessMediaType(String url) {
        String path = url;
        int cut = indexOfAny(path, '?', '#');
        if (cut >= 0) {
            path = path.substring(0, cut);
        }
        int dot = path.lastIndexOf('.');
        return dot < 0 || dot < path.lastIndexOf('/') ? null
                : MEDIA_TYPES.get(path.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static int indexOfAny(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }

    /**
     * A {@code functionResponse}. Its {@code response} must be an object: a result whose text is a JSON object is
     * sent as that object, an error as {@code {"error": text}}, any other text as {@code {"result": text}}. Images in
     * the result go in its {@code parts}, Gemini 3's multimodal function responses.
     */
    private static void writeResult(JsonGenerator gen, ToolResult result, String name) throws IOException {
        gen.writeStartObject();
        gen.writeObjectFieldStart("functionResponse");
        if (!GeminiToolCalls.isSynthetic(result.toolCallId())) {
            gen.writeStringField("id", result.toolCallId());
        }
        gen.writeStringField("name", name);
        gen.writeFieldName("response");
        gen.writeTree(responseObject(result));
        List<ContentPart> media = result.content().stream().filter(Image.class::isInstance).toList();
        if (!media.isEmpty()) {
            gen.writeArrayFieldStart("parts");
            for (ContentPart image : media) {
                writeMedia(gen, (Image) image);
            }
            gen.writeEndArray();
        }
        gen.writeEndObject();
        gen.writeEndObject();
    }

    static JsonNode responseObject(ToolResult result) {
        String text = result.text();
        if (result.isError()) {
            return Json.MAPPER.createObjectNode().put("error", text);
        }
        String trimmed = text.strip();
        if (trimmed.startsWith("{")) {
            try {
                JsonNode node = Json.parse(trimmed);
                if (node.isObject()) {
                    return node;
                }
            } catch (JsonShapeException notJson) {
                // sent as text below
            }
        }
        return Json.MAPPER.createObjectNode().put("result", text);
    }
}
