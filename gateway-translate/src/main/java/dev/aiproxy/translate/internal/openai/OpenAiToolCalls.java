package dev.aiproxy.translate.internal.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.aiproxy.api.model.ToolCall;
import dev.aiproxy.translate.internal.Signatures;
import java.io.IOException;
import java.util.List;

/** OpenAI's {@code tool_calls} array: {@code [{"id","type":"function","function":{"name","arguments"}}]}. */
final class OpenAiToolCalls {
    private OpenAiToolCalls() {
    }

    /**
     * Writes the {@code tool_calls} field; nothing when there are no calls.
     *
     * @param forClient whether a client reads it: a call's signature then rides in its id (see {@link Signatures})
     */
    static void writeField(JsonGenerator gen, List<ToolCall> calls, boolean forClient) throws IOException {
        if (calls.isEmpty()) {
            return;
        }
        gen.writeArrayFieldStart("tool_calls");
        for (ToolCall call : calls) {
            write(gen, call, -1, forClient);
        }
        gen.writeEndArray();
    }

    /** One call; a stream chunk also carries its {@code index} (pass -1 to leave it out). */
    static void write(JsonGenerator gen, ToolCall call, int index, boolean forClient) throws IOException {
        gen.writeStartObject();
        if (index >= 0) {
            gen.writeNumberField("index", index);
        }
        gen.writeStringField("id", forClient ? Signatures.toolCallIdForClient(call) : call.id());
        gen.writeStringField("type", "function");
        gen.writeObjectFieldStart("function");
        gen.writeStringField("name", call.name());
        gen.writeStringField("arguments", call.argumentsJson());
        gen.writeEndObject();
        gen.writeEndObject();
    }
}
