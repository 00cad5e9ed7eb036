package dev.aiproxy.translate.internal.anthropic;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.model.ContentPart;
import dev.aiproxy.api.model.Extensions;
import dev.aiproxy.api.model.Image;
import dev.aiproxy.api.model.Message;
import dev.aiproxy.api.model.Role;
import dev.aiproxy.api.model.Text;
import dev.aiproxy.api.model.Thinking;
import dev.aiproxy.api.model.ToolCall;
import dev.aiproxy.api.model.ToolResult;
import dev.aiproxy.translate.internal.Signatures;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Writes canonical messages as Anthropic's top-level {@code system} and its {@code messages}. Anthropic has only user
 * and assistant turns, so: every system message, wherever it stands, joins the top-level {@code system}; tool results
 * (tool messages, or results inside a user message) become {@code tool_result} blocks of a user turn; consecutive
 * turns of one role merge into one, since all results of an assistant turn must come in the next user message, and
 * "tool_result blocks must come first in the content array" of that message
 * (https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/implement-tool-use). Thinking blocks go only where
 * they were signed; empty text blocks, which Anthropic rejects, are left out, and so is a turn left empty.
 */
final class AnthropicMessagesEncoder {
    private static final Set<String> TEXT_FIELDS = Set.of("type", "text");
    private static final Set<String> IMAGE_FIELDS = Set.of("type", "source");
    private static final Set<String> TOOL_USE_FIELDS = Set.of("type", "id", "name", "input");
    private static final Set<String> TOOL_RESULT_FIELDS = Set.of("type", "tool_use_id", "content", "is_error");
    private static final Set<String> THINKING_FIELDS = Set.of("type", "thinking", "signature", "data");
    private static final Set<String> MESSAGE_FIELDS = Set.of("role", "content");

    /** One block to write, with the extensions and path under which its extras are kept. */
    private record Block(ContentPart part, Extensions extensions, String path) {
    }

    /** One Anthropic turn; {@code source} is the first message merged into it, whose message-level extras it keeps. */
    private record Turn(String role, List<Block> blocks, Message source) {
    }

    private AnthropicMessagesEncoder() {
    }

    /** Writes {@code system} (when there is a system prompt) and {@code messages}. */
    static void write(JsonGenerator gen, List<Message> messages) throws IOException {
        writeSystem(gen, messages);
        gen.writeArrayFieldStart("messages");
        for (Turn turn : turns(messages)) {
            gen.writeStartObject();
            gen.writeStringField("role", turn.role());
            gen.writeArrayFieldStart("content");
            for (Block block : turn.blocks()) {
                writeBlock(gen, block);
            }
            gen.writeEndArray();
            AnthropicExtras.write(gen, turn.source().extensions(), "", MESSAGE_FIELDS);
            gen.writeEndObject();
        }
        gen.writeEndArray();
    }

    /** A plain string when there is one system text with no extras, else an array of text blocks. */
    private static void writeSystem(JsonGenerator gen, List<Message> messages) throws IOException {
        List<Block> blocks = new ArrayList<>();
        for (Message message : messages) {
            if (message.role() == Role.SYSTEM) {
                for (int i = 0; i < message.content().size(); i++) {
                    if (message.content().get(i) instanceof Text t && !t.text().isEmpty()) {
                        blocks.add(new Block(t, message.extensions(), "content[" + i + "]"));
                    }
                }
            }
        }
        if (blocks.isEmpty()) {
            return;
        }
        Block first = blocks.getFirst();
        if (blocks.size() == 1 && !AnthropicExtras.any(first.extensions(), first.path())) {
            gen.writeStringField("system", ((Text) first.part()).text());
            return;
        }
        gen.writeArrayFieldStart("system");
        for (Block block : blocks) {
            writeBlock(gen, block);
        }
        gen.writeEndArray();
    }

    private static List<Turn> turns(List<Message> messages) {
        List<Turn> turns = new ArrayList<>();
        for (Message message : messages) {
            if (message.role() == Role.SYSTEM) {
                continue;
            }
            String role = message.role() == Role.ASSISTANT ? "assistant" : "user";
            List<Block> blocks = blocks(message);
            if (blocks.isEmpty()) {
                continue;
            }
            if (!turns.isEmpty() && turns.getLast().role().equals(role)) {
                turns.getLast().blocks().addAll(blocks);
            } else {
                turns.add(new Turn(role, blocks, message));
            }
        }
        for (Turn turn : turns) {
            if (turn.role().equals("user")) {
                // stable: results keep their order, and so does the rest
                turn.blocks().sort(Comparator.comparingInt(b -> b.part() instanceof ToolResult ? 0 : 1));
            }
        }
        return turns;
    }

    private static List<Block> blocks(Message message) {
        List<Block> out = new ArrayList<>(message.content().size());
        boolean assistant = message.role() == Role.ASSISTANT;
        for (int i = 0; i < message.content().size(); i++) {
            ContentPart part = message.content().get(i);
            boolean keep = switch (part) {
                case Text t -> !t.text().isEmpty();
                case Image ignored -> true;
                case ToolCall ignored -> assistant;
                case ToolResult ignored -> !assistant;
                case Thinking t -> assistant && Signatures.sendableTo(t, ApiFormat.ANTHROPIC_MESSAGES);
            };
            if (keep) {
                out.add(new Block(part, message.extensions(), "content[" + i + "]"));
            }
        }
        return out;
    }

    private static void writeBlock(JsonGenerator gen, Block block) throws IOException {
        gen.writeStartObject();
        Set<String> written = switch (block.part()) {
            case Text t -> {
                gen.writeStringField("type", "text");
                gen.writeStringField("text", t.text());
                yield TEXT_FIELDS;
            }
            case Image image -> {
                AnthropicBlocks.writeImage(gen, image);
                yield IMAGE_FIELDS;
            }
            case ToolCall call -> {
                gen.writeStringField("type", "tool_use");
                // a signature another provider put on the call stays behind: Anthropic knows only the id
                gen.writeStringField("id", AnthropicBlocks.toolId(call.id()));
                gen.writeStringField("name", call.name());
                AnthropicBlocks.writeToolInput(gen, call.argumentsJson());
                yield TOOL_USE_FIELDS;
            }
            case ToolResult result -> {
                writeToolResult(gen, result, block);
                yield TOOL_RESULT_FIELDS;
            }
            case Thinking thinking -> {
                AnthropicBlocks.writeThinking(gen, thinking, thinking.signature());
                yield THINKING_FIELDS;
            }
        };
        AnthropicExtras.write(gen, block.extensions(), block.path(), written);
        gen.writeEndObject();
    }

    private static void writeToolResult(JsonGenerator gen, ToolResult result, Block block) throws IOException {
        gen.writeStringField("type", "tool_result");
        gen.writeStringField("tool_use_id", AnthropicBlocks.toolId(Signatures.plainToolCallId(result.toolCallId())));
        List<Block> content = new ArrayList<>();
        for (int i = 0; i < result.content().size(); i++) {
            ContentPart part = result.content().get(i);
            if (part instanceof Text t && !t.text().isEmpty() || part instanceof Image) {
                content.add(new Block(part, block.extensions(), block.path() + ".content[" + i + "]"));
            }
        }
        boolean plain = content.size() == 1 && content.getFirst().part() instanceof Text
                && !AnthropicExtras.any(block.extensions(), content.getFirst().path());
        if (plain) {
            gen.writeStringField("content", ((Text) content.getFirst().part()).text());
        } else if (!content.isEmpty()) {
            gen.writeArrayFieldStart("content");
            for (Block item : content) {
                writeBlock(gen, item);
            }
            gen.writeEndArray();
        }
        if (result.isError()) {
            gen.writeBooleanField("is_error", true);
        }
    }
}
