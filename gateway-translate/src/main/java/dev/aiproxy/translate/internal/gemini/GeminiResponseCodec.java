package dev.aiproxy.translate.internal.gemini;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aiproxy.api.model.ChatResponse;
import dev.aiproxy.api.model.ContentPart;
import dev.aiproxy.api.model.Extensions;
import dev.aiproxy.api.model.StopReason;
import dev.aiproxy.api.model.ToolCall;
import dev.aiproxy.translate.internal.Ids;
import dev.aiproxy.translate.internal.json.Fields;
import dev.aiproxy.translate.internal.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gemini's {@code GenerateContentResponse} (https://ai.google.dev/api/generate-content#generatecontentresponse), both
 * ways. Only the first candidate is read. Its {@code finishMessage}, {@code safetyRatings}, {@code citationMetadata}
 * and {@code groundingMetadata}, and the answer's {@code promptFeedback}, are kept as {@code gemini.*} extensions and
 * written back for a Gemini client.
 */
final class GeminiResponseCodec {
    /** Candidate fields kept as {@code gemini.candidate.<field>}. */
    static final List<String> CANDIDATE_EXTRAS = List.of("finishMessage", "safetyRatings", "citationMetadata",
            "groundingMetadata");
    static final String CANDIDATE_PREFIX = "candidate.";

    private GeminiResponseCodec() {
    }

    static ChatResponse decode(byte[] body) {
        ChatResponse text = GeminiTextAnswers.read(body);
        return text != null ? text : decodeTree(body);
    }

    /** Any answer, read from a tree: the full treatment, and the error for one that is not an answer. */
    static ChatResponse decodeTree(byte[] body) {
        JsonNode root = Fields.requireObject(Json.parse(body), "");
        JsonNode candidates = Fields.array(root, "candidates", "");
        List<ContentPart> content = new ArrayList<>();
        Map<String, String> ext = new LinkedHashMap<>();
        StopReason stop = null;
        if (candidates != null && !candidates.isEmpty()) {
            JsonNode candidate = Fields.requireObject(candidates.get(0), "candidates[0]");
            JsonNode message = Fields.object(candidate, "content", "candidates[0]");
            JsonNode parts = message == null ? null : Fields.array(message, "parts", "candidates[0].content");
            if (parts != null) {
                GeminiPartDecoder.decode(parts, "candidates[0].content.parts", GeminiPartDecoder.Source.UPSTREAM,
                        GeminiCallIds.answer(), content);
            }
            stop = GeminiStopReasons.decode(Fields.text(candidate, "finishReason", "candidates[0]"));
            for (String field : CANDIDATE_EXTRAS) {
                if (Fields.field(candidate, field) != null) {
                    ext.put("gemini." + CANDIDATE_PREFIX + field, Json.toText(candidate.get(field)));
                }
            }
        }
        JsonNode feedback = Fields.object(root, "promptFeedback", "");
        if (feedback != null) {
            ext.put("gemini.promptFeedback", Json.toText(feedback));
            if (content.isEmpty() && Fields.text(feedback, "blockReason", "promptFeedback") != null) {
                stop = StopReason.CONTENT_FILTER;
            }
        }
        String id = Fields.text(root, "responseId", "");
        String model = Fields.text(root, "modelVersion", "");
        return new ChatResponse(id != null ? id : Ids.next("gemini-"), model != null ? model : "", content,
                stopReason(stop, content), GeminiUsage.decode(Fields.object(root, "usageMetadata", ""),
                "usageMetadata"), new Extensions(ext));
    }

    /** Gemini says STOP when the answer is function calls; canonical says TOOL_USE. */
    static StopReason stopReason(StopReason finish, List<ContentPart> content) {
        StopReason reason = finish == null ? StopReason.END_TURN : finish;
        if (reason == StopReason.END_TURN && content.stream().anyMatch(ToolCall.class::isInstance)) {
            return StopReason.TOOL_USE;
        }
        return reason;
    }

    static byte[] encode(ChatResponse response) {
        return Json.write(gen -> {
            gen.writeStartObject();
            gen.writeArrayFieldStart("candidates");
            gen.writeStartObject();
            gen.writeObjectFieldStart("content");
            gen.writeStringField("role", "model");
            GeminiPartWriter.writeField(gen, GeminiPartPlanner.plan(response.content(),
                    GeminiPartPlanner.Audience.CLIENT, null));
            gen.writeEndObject();
            gen.writeStringField("finishReason", GeminiStopReasons.encode(response.stopReason()));
            gen.writeNumberField("index", 0);
            writeCandidateExtras(gen, response.extensions());
            gen.writeEndObject();
            gen.writeEndArray();
            String feedback = response.extensions().rawJson().get("gemini.promptFeedback");
            if (feedback != null) {
                gen.writeFieldName("promptFeedback");
                gen.writeRawValue(feedback);
            }
            GeminiUsage.write(gen, response.usage());
            gen.writeStringField("modelVersion", response.model());
            gen.writeStringField("responseId", response.id());
            gen.writeEndObject();
        });
    }

    static void writeCandidateExtras(JsonGenerator gen, Extensions extensions) throws IOException {
        for (String field : CANDIDATE_EXTRAS) {
            String raw = extensions.rawJson().get("gemini." + CANDIDATE_PREFIX + field);
            if (raw != null) {
                gen.writeFieldName(field);
                gen.writeRawValue(raw);
            }
        }
    }
}
