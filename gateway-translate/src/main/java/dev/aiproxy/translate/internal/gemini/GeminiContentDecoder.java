package dev.aiproxy.translate.internal.gemini;

import static dev.aiproxy.translate.internal.json.Fields.path;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiproxy.api.model.ContentPart;
import dev.aiproxy.api.model.Message;
import dev.aiproxy.api.model.Role;
import dev.aiproxy.api.model.Text;
import dev.aiproxy.api.model.ToolResult;
import dev.aiproxy.translate.internal.json.Fields;
import dev.aiproxy.translate.internal.json.JsonShapeException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a client's {@code systemInstruction} and {@code contents} (https://ai.google.dev/api/caching#Content) into
 * canonical messages: {@code user} turns become USER messages, except that runs of {@code functionResponse} parts
 * become TOOL messages; {@code model} turns become ASSISTANT messages.
 */
final class GeminiContentDecoder {
    private GeminiContentDecoder() {
    }

    /** The system message, or null when there is no instruction. */
    static Message system(JsonNode instruction, String path) {
        if (instruction == null) {
            return null;
        }
        if (instruction.isTextual()) {
            return Message.system(instruction.textValue());
        }
        Fields.requireObject(instruction, path);
        JsonNode parts = Fields.requireArray(instruction, "parts", path);
        List<ContentPart> texts = new ArrayList<>(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            String partPath = path(path(path, "parts"), i);
            JsonNode part = Fields.requireObject(parts.get(i), partPath);
            String text = Fields.text(part, "text", partPath);
            if (text == null) {
                throw new JsonShapeException(partPath, "a system instruction holds only text parts");
            }
            texts.add(new Text(text));
        }
        return new Message(Role.SYSTEM, texts);
    }

    static List<Message> messages(JsonNode contents, String path) {
        List<Message> out = new ArrayList<>(contents.size());
        GeminiCallIds ids = GeminiCallIds.conversation();
        for (int i = 0; i < contents.size(); i++) {
            String contentPath = path(path, i);
            JsonNode content = Fields.requireObject(contents.get(i), contentPath);
            String role = Fields.text(content, "role", contentPath);
            JsonNode parts = Fields.requireArray(content, "parts", contentPath);
            List<ContentPart> decoded = new ArrayList<>(parts.size());
            GeminiPartDecoder.decode(parts, path(contentPath, "parts"), GeminiPartDecoder.Source.CLIENT, ids,
                    decoded);
            // the role may be left out of a single-turn request; "function" is the v1 name of a results turn
            if (role == null || role.equals("user") || role.equals("function")) {
                splitUserTurn(decoded, out);
            } else if (role.equals("model")) {
                out.add(new Message(Role.ASSISTANT, decoded));
            } else {
                throw new JsonShapeException(path(contentPath, "role"),
                        "unsupported role '" + role + "' (expected user or model)");
            }
        }
        return out;
    }

    /** Keeps the order of parts: each run of tool results is a TOOL message, each run of the rest a USER message. */
    private static void splitUserTurn(List<ContentPart> parts, List<Message> out) {
        List<ContentPart> run = new ArrayList<>();
        boolean results = false;
        for (ContentPart part : parts) {
            boolean isResult = part instanceof ToolResult;
            if (isResult != results && !run.isEmpty()) {
                out.add(new Message(results ? Role.TOOL : Role.USER, run));
                run = new ArrayList<>();
            }
            results = isResult;
            run.add(part);
        }
        if (!run.isEmpty() || parts.isEmpty()) {
            out.add(new Message(results ? Role.TOOL : Role.USER, run));
        }
    }
}
