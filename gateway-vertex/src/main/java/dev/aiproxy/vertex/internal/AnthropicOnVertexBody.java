package dev.aiproxy.vertex.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiproxy.api.error.InvalidRequestException;

/**
 * The Messages body as Claude on Vertex takes it (https://docs.anthropic.com/en/api/claude-on-vertex-ai): the model
 * is in the URL, not in the body, and the API version is the body's {@code anthropic_version}, not a header.
 */
final class AnthropicOnVertexBody {
    /** The only version Vertex accepts for Claude's Messages API. */
    static final String VERSION = "vertex-2023-10-16";
    private static final ObjectMapper JSON = new ObjectMapper();

    private AnthropicOnVertexBody() {
    }

    /**
     * The body without {@code model} and with {@code anthropic_version} (a version the client set is kept).
     *
     * @throws InvalidRequestException when the body is not a JSON object
     */
    static byte[] of(byte[] messagesBody) {
        JsonNode root;
        try {
            root = JSON.readTree(messagesBody);
        } catch (java.io.IOException e) {
            throw new InvalidRequestException("the request body is not JSON: " + e.getMessage(), null, e);
        }
        if (!(root instanceof ObjectNode body)) {
            throw new InvalidRequestException("the request body must be a JSON object", null, null);
        }
        body.remove("model");
        if (!body.hasNonNull("anthropic_version")) {
            body.put("anthropic_version", VERSION);
        }
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("writing a JSON tree cannot fail", e);
        }
    }
}
