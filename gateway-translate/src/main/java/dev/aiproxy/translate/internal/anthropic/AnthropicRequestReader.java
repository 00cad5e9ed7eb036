package dev.aiproxy.translate.internal.anthropic;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.ContentPart;
import dev.aiproxy.api.model.Extensions;
import dev.aiproxy.api.model.Message;
import dev.aiproxy.api.model.Role;
import dev.aiproxy.translate.internal.json.Json;
import dev.aiproxy.translate.internal.json.StreamedFields;
import dev.aiproxy.translate.internal.json.StreamedObject;
import dev.aiproxy.translate.internal.json.StreamedTextMessages;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the common shape of an Anthropic Messages request (https://docs.anthropic.com/en/api/messages) with Jackson's
 * streaming parser instead of a tree: {@code model}, a {@code system} string or text blocks, {@code messages} whose
 * content is a string or text blocks, and the scalar settings ({@code top_k} and {@code metadata.user_id} kept as
 * extensions, as the tree path keeps them). The tree of a parsed body was a large part of what a translated request
 * cost. Anything else, or anything unusual about it (another field, a field twice, a value of another kind, tools,
 * images, {@code cache_control}, malformed JSON), gives null, and {@link AnthropicRequestDecoder} reads the same
 * bytes with the tree, so the request and the errors are the same.
 */
final class AnthropicRequestReader {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AnthropicRequestReader() {
    }

    /** The request, or null when it is not exactly of the common shape. */
    static ChatRequest read(byte[] body, AnthropicEndpoint endpoint) {
        return StreamedObject.read(body, p -> new Request().read(p, endpoint));
    }

    /** The top-level fields seen so far; single use. */
    private static final class Request {
        private int seen;
        private String model;
        private List<Message> system = List.of();
        private List<Message> messages;
        private Integer maxTokens;
        private Double temperature;
        private Double topP;
        private List<String> stopSequences = List.of();
        private boolean stream;
        /** The fields the tree path keeps as {@code anthropic.<field>}, as it writes them; null while there are none. */
        private Map<String, String> extensions;

        ChatRequest read(JsonParser p, AnthropicEndpoint endpoint) throws IOException {
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (!field(name, p)) {
                    return null;
                }
            }
            if (t != JsonToken.END_OBJECT || model == null || messages == null
                    || maxTokens == null && endpoint == AnthropicEndpoint.MESSAGES) {
                return null;
            }
            List<Message> all = messages;
            if (!system.isEmpty()) {
                all = new ArrayList<>(system.size() + messages.size());
                all.addAll(system);
                all.addAll(messages);
            }
            return new ChatRequest(model, all, List.of(), null, null, null, null, temperature, topP, maxTokens,
                    stopSequences, endpoint == AnthropicEndpoint.MESSAGES && stream,
                    extensions == null ? Extensions.EMPTY : new Extensions(extensions));
        }

        /** Reads one field's value; false to give up. JSON null is an absent field, as the tree path reads it. */
        private boolean field(String name, JsonParser p) throws IOException {
            int bit = switch (name) {
                case "model" -> 1;
                case "messages" -> 1 << 1;
                case "system" -> 1 << 2;
                case "max_tokens" -> 1 << 3;
                case "temperature" -> 1 << 4;
                case "top_p" -> 1 << 5;
                case "stop_sequences" -> 1 << 6;
                case "stream" -> 1 << 7;
                case "top_k" -> 1 << 8;
                case "metadata" -> 1 << 9;
                default -> 0;
            };
            if (bit == 0 || (seen & bit) != 0) {
                return false;
            }
            seen |= bit;
            boolean isNull = p.currentToken() == JsonToken.VALUE_NULL;
            return switch (name) {
                case "model" -> (model = StreamedFields.text(p)) != null;
                case "messages" -> (messages = StreamedTextMessages.read(p, AnthropicRequestReader::message)) != null;
                case "system" -> isNull || (system = system(p)) != null;
                case "max_tokens" -> isNull || (maxTokens = StreamedFields.integer(p)) != null;
                case "temperature" -> isNull || (temperature = StreamedFields.number(p)) != null;
                case "top_p" -> isNull || (topP = StreamedFields.number(p)) != null;
                case "stop_sequences" -> isNull || (stopSequences = StreamedFields.texts(p)) != null;
                case "stream" -> isNull || stream(p);
                case "top_k" -> keep(name, topK(p));
                case "metadata" -> keep(name, metadata(p));
                default -> false;
            };
        }

        private boolean stream(JsonParser p) {
            Boolean value = StreamedFields.bool(p);
            stream = Boolean.TRUE.equals(value);
            return value != null;
        }

        /** An extension, written from the same node the tree would hold, so its text is the same. */
        private boolean keep(String name, JsonNode value) {
            if (value == null) {
                return false;
            }
            if (extensions == null) {
                extensions = new LinkedHashMap<>();
            }
            extensions.put(AnthropicExtras.key("", name), Json.toText(value));
            return true;
        }
    }

    private static JsonNode topK(JsonParser p) throws IOException {
        Integer value = StreamedFields.integer(p);
        return value == null ? null : NODES.numberNode(value);
    }

    /** {@code {"user_id": "..."}} and nothing else. */
    private static JsonNode metadata(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT || p.nextToken() != JsonToken.FIELD_NAME
                || !p.currentName().equals("user_id")) {
            return null;
        }
        p.nextToken();
        String userId = StreamedFields.text(p);
        return userId == null || p.nextToken() != JsonToken.END_OBJECT ? null
                : NODES.objectNode().put("user_id", userId);
    }

    /** A string as one system message, or a non-empty array of text blocks as one system message each; or null. */
    private static List<Message> system(JsonParser p) throws IOException {
        String text = StreamedFields.text(p);
        if (text != null) {
            return List.of(Message.system(text));
        }
        List<ContentPart> blocks = StreamedTextMessages.textParts(p);
        if (blocks == null) {
            return null;
        }
        List<Message> out = new ArrayList<>(blocks.size());
        for (ContentPart block : blocks) {
            out.add(new Message(Role.SYSTEM, List.of(block), Extensions.EMPTY));
        }
        return out;
    }

    /** The roles an Anthropic request's messages take. */
    private static Message message(String role, List<ContentPart> content) {
        return switch (role) {
            case "user" -> new Message(Role.USER, content, Extensions.EMPTY);
            case "assistant" -> new Message(Role.ASSISTANT, content, Extensions.EMPTY);
            default -> null;
        };
    }
}
