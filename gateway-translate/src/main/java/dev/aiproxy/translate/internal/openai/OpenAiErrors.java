package dev.aiproxy.translate.internal.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiproxy.api.error.ErrorType;
import dev.aiproxy.api.error.GatewayException;
import dev.aiproxy.translate.UpstreamErrorBody;
import dev.aiproxy.translate.internal.json.Json;
import dev.aiproxy.translate.internal.json.JsonShapeException;
import java.nio.charset.StandardCharsets;

/**
 * OpenAI's error body, {@code {"error":{"message","type","param","code"}}}, both ways. OpenAI-compatible upstreams
 * vary: some send {@code {"error":"text"}}, Gemini's compatibility layer wraps the object in a list, Azure OpenAI adds
 * the content filter's verdict and says in the message when to retry ({@link AzureErrorDetails}).
 */
public final class OpenAiErrors {
    private static final int MAX_RAW_MESSAGE = 1000;

    private OpenAiErrors() {
    }

    /** Reads an OpenAI-shaped error body; never throws, falls back to the raw text. */
    public static UpstreamErrorBody decode(int status, byte[] body) {
        try {
            JsonNode root = Json.parse(body);
            if (root.isArray() && !root.isEmpty()) {
                root = root.get(0);
            }
            JsonNode error = root.get("error");
            if (error != null && error.isTextual()) {
                return new UpstreamErrorBody(error.textValue(), null, null);
            }
            if (error != null && error.isObject()) {
                JsonNode message = error.get("message");
                String text = message != null && message.isTextual() ? message.textValue() : "upstream error " + status;
                return new UpstreamErrorBody(text + AzureErrorDetails.filtered(error), text(error.get("type")),
                        text(error.get("code")), status == 429 ? AzureErrorDetails.retryAfter(text) : null, false);
            }
            JsonNode message = root.get("message");
            if (message != null && message.isTextual()) {
                return new UpstreamErrorBody(message.textValue(), null, null);
            }
        } catch (JsonShapeException notJson) {
            // fall through: a proxy's HTML page or plain text, reported raw
        }
        return raw(status, body);
    }

    static UpstreamErrorBody raw(int status, byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.length() > MAX_RAW_MESSAGE) {
            text = text.substring(0, MAX_RAW_MESSAGE) + "...";
        }
        return new UpstreamErrorBody(text.isEmpty() ? "upstream answered HTTP " + status : text, null, null);
    }

    private static String text(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        return node.isTextual() ? node.textValue() : node.toString();
    }

    /** Renders {@code error} as {@code {"error":{"message","type","param","code"}}}. */
    public static byte[] encode(GatewayException error) {
        return Json.write(gen -> {
            gen.writeStartObject();
            gen.writeObjectFieldStart("error");
            gen.writeStringField("message", error.getMessage());
            gen.writeStringField("type", type(error.errorType()));
            if (error.param().isPresent()) {
                gen.writeStringField("param", error.param().get());
            } else {
                gen.writeNullField("param");
            }
            if (error.code().isPresent()) {
                gen.writeStringField("code", error.code().get());
            } else {
                gen.writeNullField("code");
            }
            gen.writeEndObject();
            gen.writeEndObject();
        });
    }

    /** OpenAI's error {@code type} names, as its API sends them. */
    public static String type(ErrorType type) {
        return switch (type) {
            case INVALID_REQUEST, NOT_FOUND, REQUEST_TOO_LARGE, AUTHENTICATION -> "invalid_request_error";
            case PERMISSION -> "permission_error";
            case RATE_LIMITED -> "rate_limit_error";
            case BUDGET_EXCEEDED -> "insufficient_quota";
            case UPSTREAM, INTERNAL -> "server_error";
            case OVERLOADED -> "overloaded_error";
            case TIMEOUT -> "timeout_error";
        };
    }
}
