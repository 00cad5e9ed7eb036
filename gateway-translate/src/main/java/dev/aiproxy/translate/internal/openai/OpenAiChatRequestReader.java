package dev.aiproxy.translate.internal.openai;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.ContentPart;
import dev.aiproxy.api.model.Extensions;
import dev.aiproxy.api.model.Message;
import dev.aiproxy.api.model.Reasoning;
import dev.aiproxy.api.model.Role;
import dev.aiproxy.translate.internal.json.Json;
import dev.aiproxy.translate.internal.json.StreamedFields;
import dev.aiproxy.translate.internal.json.StreamedObject;
import dev.aiproxy.translate.internal.json.StreamedTextMessages;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the common shape of an OpenAI Chat Completions request (https://platform.openai.com/docs/api-reference/chat)
 * with Jackson's streaming parser instead of a tree: {@code model}, {@code messages} of role system, developer, user
 * or assistant whose content is a string or an array of text parts, and the scalar settings. The tree of a parsed
 * body was a large part of what a translated request cost. Anything else, or anything unusual about it (another
 * field, a field twice, a value of another kind, tools, images, tool calls, malformed JSON), gives null, and
 * {@link OpenAiChatRequestDecoder} reads the same bytes with the tree, so the request and the errors are the same.
 */
final class OpenAiChatRequestReader {
    private static final Extensions DEVELOPER = Extensions.EMPTY.with("openai.role", "\"developer\"");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private OpenAiChatRequestReader() {
    }

    /** The request, or null when it is not exactly of the common shape. */
    static ChatRequest read(byte[] body) {
        return StreamedObject.read(body, p -> new Request().read(p));
    }

    /** The top-level fields seen so far; single use. */
    private static final class Request {
        private int seen;
        private String model;
        private List<Message> messages;
        private Double temperature;
        private Double topP;
        private Integer maxTokens;
        private Integer maxCompletionTokens;
        private List<String> stop = List.of();
        private boolean stream;
        private Boolean parallelToolCalls;
        private Reasoning reasoning;
        /** The fields the tree path keeps as {@code openai.<field>}, as it writes them; null while there are none. */
        private Map<String, String> extensions;

        ChatRequest read(JsonParser p) throws IOException {
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (!field(name, p)) {
                    return null;
                }
            }
            if (t != JsonToken.END_OBJECT || model == null || messages == null) {
                return null;
            }
            return new ChatRequest(model, messages, List.of(), null, parallelToolCalls, null, reasoning, temperature,
                    topP, maxCompletionTokens != null ? maxCompletionTokens : maxTokens, stop, stream,
                    extensions == null ? Extensions.EMPTY : new Extensions(extensions));
        }

        /** Reads one field's value; false to give up. JSON null is an absent field, as the tree path reads it. */
        private boolean field(String name, JsonParser p) throws IOException {
            int bit = switch (name) {
                case "model" -> 1;
                case "messages" -> 1 << 1;
                case "temperature" -> 1 << 2;
                case "top_p" -> 1 << 3;
                case "max_tokens" -> 1 << 4;
                case "max_completion_tokens" -> 1 << 5;
                case "stop" -> 1 << 6;
                case "stream" -> 1 << 7;
                case "parallel_tool_calls" -> 1 << 8;
                case "reasoning_effort" -> 1 << 9;
                case "n" -> 1 << 10;
                case "seed" -> 1 << 11;
                case "user" -> 1 << 12;
                case "stream_options" -> 1 << 13;
                default -> 0;
            };
            if (bit == 0 || (seen & bit) != 0) {
                return false;
            }
            seen |= bit;
            boolean isNull = p.currentToken() == JsonToken.VALUE_NULL;
            return switch (name) {
                case "model" -> (model = StreamedFields.text(p)) != null;
                case "messages" -> (messages = StreamedTextMessages.read(p, OpenAiChatRequestReader::message)) != null;
                case "temperature" -> isNull || (temperature = StreamedFields.number(p)) != null;
                case "top_p" -> isNull || (topP = StreamedFields.number(p)) != null;
                case "max_tokens" -> isNull || (maxTokens = StreamedFields.integer(p)) != null;
                case "max_completion_tokens" -> isNull || (maxCompletionTokens = StreamedFields.integer(p)) != null;
                case "stop" -> isNull || (stop = stop(p)) != null;
                case "stream" -> isNull || stream(p);
                case "parallel_tool_calls" -> isNull || (parallelToolCalls = StreamedFields.bool(p)) != null;
                case "reasoning_effort" -> isNull || reasoningEffort(p);
                case "n", "seed" -> keep(name, integerNode(p));
                case "user" -> keep(name, textNode(p));
                case "stream_options" -> keep(name, streamOptions(p));
                default -> false;
            };
        }

        private boolean stream(JsonParser p) {
            Boolean value = StreamedFields.bool(p);
            stream = Boolean.TRUE.equals(value);
            return value != null;
        }

        private boolean reasoningEffort(JsonParser p) throws IOException {
            String effort = StreamedFields.text(p);
            reasoning = effort == null ? null : new Reasoning(effort, null, null);
            return effort != null;
        }

        /** An extension, written from the same node the tree would hold, so its text is the same. */
        private boolean keep(String name, JsonNode value) {
            if (value == null) {
                return false;
            }
            if (extensions == null) {
                extensions = new LinkedHashMap<>();
            }
            extensions.put("openai." + name, Json.toText(value));
            return true;
        }
    }

    private static List<String> stop(JsonParser p) throws IOException {
        String one = StreamedFields.text(p);
        return one != null ? List.of(one) : StreamedFields.texts(p);
    }

    private static JsonNode integerNode(JsonParser p) throws IOException {
        Integer value = StreamedFields.integer(p);
        return value == null ? null : NODES.numberNode(value);
    }

    private static JsonNode textNode(JsonParser p) throws IOException {
        String value = StreamedFields.text(p);
        return value == null ? null : NODES.textNode(value);
    }

    /** {@code {"include_usage": true|false}} and nothing else. */
    private static JsonNode streamOptions(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT || p.nextToken() != JsonToken.FIELD_NAME
                || !p.currentName().equals("include_usage")) {
            return null;
        }
        p.nextToken();
        Boolean include = StreamedFields.bool(p);
        return include == null || p.nextToken() != JsonToken.END_OBJECT ? null
                : NODES.objectNode().put("include_usage", include);
    }

    /** The roles a Chat Completions request's text messages take; a developer message is a system one, marked. */
    private static Message message(String role, List<ContentPart> content) {
        return switch (role) {
            case "system" -> new Message(Role.SYSTEM, content, Extensions.EMPTY);
            case "developer" -> new Message(Role.SYSTEM, content, DEVELOPER);
            case "user" -> new Message(Role.USER, content, Extensions.EMPTY);
            case "assistant" -> new Message(Role.ASSISTANT, content, Extensions.EMPTY);
            default -> null;
        };
    }
}
