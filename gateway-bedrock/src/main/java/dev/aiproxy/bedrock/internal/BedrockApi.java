package dev.aiproxy.bedrock.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.error.InvalidRequestException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The two Bedrock runtime APIs a model is called through, each with its body, its paths and its stream events:
 * Anthropic models through InvokeModel with the Anthropic Messages body
 * (https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-anthropic-claude-messages.html), every other
 * model through Converse (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html).
 */
enum BedrockApi {
    /**
     * {@code /model/{id}/invoke} and {@code /invoke-with-response-stream}
     * (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InvokeModelWithResponseStream.html): the
     * body is Anthropic's without {@code model} (in the URL) and {@code stream} (in the path), with
     * {@code anthropic_version: bedrock-2023-05-31}; each stream frame's {@code bytes} is one Anthropic stream event.
     */
    MESSAGES(ApiFormat.ANTHROPIC_MESSAGES, "invoke", "invoke-with-response-stream") {
        @Override
        byte[] body(byte[] encoded) {
            ObjectNode body;
            try {
                JsonNode tree = JSON.readTree(encoded);
                if (!(tree instanceof ObjectNode object)) {
                    throw new InvalidRequestException("an Anthropic Messages body is a JSON object", null, null);
                }
                body = object;
            } catch (IOException e) {
                throw new InvalidRequestException("the request body is not JSON: " + e.getMessage(), null, e);
            }
            body.remove("model");
            body.remove("stream");
            body.put("anthropic_version", ANTHROPIC_VERSION);
            return write(body);
        }

        @Override
        SseFrame event(String eventType, byte[] payload) throws IOException {
            if (!eventType.equals("chunk")) {
                return null;
            }
            JsonNode chunk = JSON.readTree(payload);
            JsonNode bytes = chunk == null ? null : chunk.get("bytes");
            if (bytes == null || !bytes.isTextual()) {
                throw new IOException("a Bedrock 'chunk' frame without 'bytes'");
            }
            JsonNode event = JSON.readTree(Base64.getDecoder().decode(bytes.textValue()));
            JsonNode type = event == null ? null : event.get("type");
            if (type == null || !type.isTextual()) {
                throw new IOException("a Bedrock 'chunk' whose event has no 'type'");
            }
            return new SseFrame(type.textValue(), write(event));
        }

        @Override
        SseFrame exception(String exception, String message) {
            return new SseFrame("error", errorBody(exception, message));
        }

        @Override
        byte[] errorBody(String exception, String message) {
            ObjectNode root = JSON.createObjectNode().put("type", "error");
            root.putObject("error").put("type", BedrockExceptions.anthropicType(exception)).put("message", message);
            return write(root);
        }
    },

    /**
     * {@code /model/{id}/converse} and {@code /converse-stream}: the body is the Converse codec's; each stream frame is
     * one event named in its {@code :event-type} header, with its JSON as payload.
     */
    CONVERSE(ApiFormat.BEDROCK_CONVERSE, "converse", "converse-stream") {
        @Override
        byte[] body(byte[] encoded) {
            return encoded;
        }

        @Override
        SseFrame event(String eventType, byte[] payload) throws IOException {
            // read and written again: one line of JSON, whatever whitespace the frame had
            return new SseFrame(eventType, write(JSON.readTree(payload)));
        }

        @Override
        SseFrame exception(String exception, String message) {
            return new SseFrame(exception, write(JSON.createObjectNode().put("message", message)));
        }

        @Override
        byte[] errorBody(String exception, String message) {
            ObjectNode root = JSON.createObjectNode().put("message", message);
            if (exception != null) {
                root.put("__type", exception);
            }
            return write(root);
        }
    };

    /** The version Bedrock's Anthropic models take in the body, instead of an {@code anthropic-version} header. */
    static final String ANTHROPIC_VERSION = "bedrock-2023-05-31";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_TYPE = "application/json";
    private static final String EVENT_STREAM = "application/vnd.amazon.eventstream";

    private final ApiFormat format;
    private final String action;
    private final String streamAction;

    BedrockApi(ApiFormat format, String action, String streamAction) {
        this.format = format;
        this.action = action;
        this.streamAction = streamAction;
    }

    /**
     * The API of a Bedrock model id: Anthropic's models ({@code anthropic.claude-...}, the inference profiles
     * {@code us.anthropic.claude-...}, {@code global.anthropic...}, and ARNs that name them) through InvokeModel, the
     * others through Converse.
     */
    static BedrockApi of(String modelId) {
        return modelId.contains("anthropic.") ? MESSAGES : CONVERSE;
    }

    /** The wire format of the bodies the gateway's codecs write and read for this API. */
    ApiFormat format() {
        return format;
    }

    /**
     * The headers a call sends and signs besides {@code Host}: the body's type, and the answer's. InvokeModel takes
     * the inference body's type in {@code Accept}, InvokeModelWithResponseStream in {@code X-Amzn-Bedrock-Accept}
     * (its answer is the event stream); Converse answers JSON, ConverseStream an event stream.
     */
    Map<String, String> headers(boolean stream) {
        Map<String, String> headers = new LinkedHashMap<>(4);
        headers.put("Content-Type", JSON_TYPE);
        headers.put("Accept", stream ? EVENT_STREAM : JSON_TYPE);
        if (stream && this == MESSAGES) {
            headers.put("X-Amzn-Bedrock-Accept", JSON_TYPE);
        }
        return headers;
    }

    /** The last path segment of a call: {@code invoke}, {@code converse-stream}, ... */
    String action(boolean stream) {
        return stream ? streamAction : action;
    }

    /**
     * The body Bedrock takes, from the body the codec of {@link #format()} wrote (or a client sent, passed through).
     *
     * @throws InvalidRequestException when a body to rewrite is not a JSON object
     */
    abstract byte[] body(byte[] encoded);

    /**
     * The server-sent event one stream frame of type {@code eventType} becomes, or null for a frame that means nothing
     * to the codec.
     *
     * @throws IOException when the frame's payload is not what Bedrock documents
     */
    abstract SseFrame event(String eventType, byte[] payload) throws IOException;

    /** The server-sent event an exception frame becomes, one the codec reads as the stream's failure. */
    abstract SseFrame exception(String exception, String message);

    /** An HTTP error's body, in the shape the codec of {@link #format()} reads. */
    abstract byte[] errorBody(String exception, String message);

    private static byte[] write(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory", e);
        }
    }

    /** One server-sent event: its name and its one-line JSON data. */
    record SseFrame(String event, byte[] data) {
    }
}
