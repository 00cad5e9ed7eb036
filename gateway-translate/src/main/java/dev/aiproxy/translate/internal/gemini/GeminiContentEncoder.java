package dev.aiproxy.translate.internal.gemini;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.aiproxy.api.error.InvalidRequestException;
import dev.aiproxy.api.model.ContentPart;
import dev.aiproxy.api.model.Image;
import dev.aiproxy.api.model.Message;
import dev.aiproxy.api.model.Role;
import dev.aiproxy.api.model.Text;
import dev.aiproxy.api.model.ToolCall;
import dev.aiproxy.api.model.ToolResult;
import dev.aiproxy.translate.internal.Signatures;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes canonical messages as Gemini's {@code systemInstruction} and {@code contents}. System messages, wherever
 * they are, become the parts of {@code systemInstruction}; USER and TOOL messages become {@code user} turns and
 * ASSISTANT messages {@code model} turns. Consecutive turns of one role are merged into one, as Gemini expects turns
 * to alternate and the results of parallel calls to share one turn
 * (https://ai.google.dev/gemini-api/docs/function-calling#parallel_function_calling).
 */
final class GeminiContentEncoder {
    private record Turn(String role, List<ContentPart> content) {
    }

    private GeminiContentEncoder() {
    }

    /** @throws InvalidRequestException when a tool result's function cannot be named, or an image URL is unusable */
    static void write(JsonGenerator gen, List<Message> messages) throws IOException {
        List<ContentPart> system = new ArrayList<>();
        List<Turn> turns = new ArrayList<>();
        for (Message message : messages) {
            if (message.role() == Role.SYSTEM) {
                // each text part stays a part, so a Gemini client's instruction goes back as it came
                for (ContentPart part : message.content()) {
                    if (part instanceof Text) {
                        system.add(part);
                    }
                }
                continue;
            }
            String role = message.role() == Role.ASSISTANT ? "model" : "user";
            if (!turns.isEmpty() && turns.getLast().role().equals(role)) {
                turns.getLast().content().addAll(message.content());
            } else {
                turns.add(new Turn(role, new ArrayList<>(message.content())));
            }
        }
        if (!system.isEmpty()) {
            gen.writeObjectFieldStart("systemInstruction");
            GeminiPartWriter.writeField(gen, GeminiPartPlanner.plan(system, GeminiPartPlanner.Audience.UPSTREAM,
                    null));
            gen.writeEndObject();
        }
        Map<String, String> names = callNames(messages);
        gen.writeArrayFieldStart("contents");
        for (Turn turn : turns) {
            checkImages(turn.content());
            List<GeminiPart> parts = GeminiPartPlanner.plan(turn.content(), GeminiPartPlanner.Audience.UPSTREAM,
                    result -> name(result, names));
            if (parts.isEmpty()) {
                continue;
            }
            gen.writeStartObject();
            gen.writeStringField("role", turn.role());
            GeminiPartWriter.writeField(gen, parts);
            gen.writeEndObject();
        }
        gen.writeEndArray();
    }

    private static Map<String, String> callNames(List<Message> messages) {
        Map<String, String> names = new HashMap<>();
        for (Message message : messages) {
            for (ContentPart part : message.content()) {
                if (part instanceof ToolCall call) {
                    names.put(Signatures.plainToolCallId(call.id()), call.name());
                }
            }
        }
        return names;
    }

    /**
     * Gemini's {@code functionResponse} needs the function's name, which OpenAI's tool messages lack: it is taken
     * from the earlier call with the same id.
     */
    private static String name(ToolResult result, Map<String, String> names) {
        if (result.name() != null) {
            return result.name();
        }
        String name = names.get(Signatures.plainToolCallId(result.toolCallId()));
        if (name == null) {
            throw new InvalidRequestException("tool result for call '" + result.toolCallId()
                    + "' matches no earlier tool call, and Gemini needs the function's name", "messages", null);
        }
        return name;
    }

    private static void checkImages(List<ContentPart> content) {
        for (ContentPart part : content) {
            if (part instanceof Image image && !image.isInline()) {
                checkUrl(image.url());
            } else if (part instanceof ToolResult result) {
                checkImages(result.content());
            }
        }
    }

    /** Gemini fetches only HTTP(S) URLs (and its own Files API URIs, which are HTTPS). */
    private static void checkUrl(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("https://") && !lower.startsWith("http://")) {
            throw new InvalidRequestException("Gemini cannot fetch the image URL '" + abbreviate(url)
                    + "'; send an http(s) URL or the image inline", "messages", null);
        }
    }

    private static String abbreviate(String url) {
        return url.length() > 60 ? url.substring(0, 60) + "..." : url;
    }
}
