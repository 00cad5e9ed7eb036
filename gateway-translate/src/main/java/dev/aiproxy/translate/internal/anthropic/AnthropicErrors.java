package dev.aiproxy.translate.internal.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiproxy.api.error.ErrorType;
import dev.aiproxy.api.error.GatewayException;
import dev.aiproxy.translate.UpstreamErrorBody;
import dev.aiproxy.translate.internal.json.Json;
import dev.aiproxy.translate.internal.json.JsonShapeException;
import java.nio.charset.StandardCharsets;

/**
 * Anthropic's error body, {@code {"type":"error","error":{"type","message"}}}, both ways, with the error types of
 * https://docs.anthropic.com/en/api/errors.
 */
final class AnthropicErrors {
    private static final int MAX_RAW_MESSAGE = 1000;

    private AnthropicErrors() {
    }

    /** Never throws: a body of another shape (a proxy's HTML page) is reported raw. */
    static UpstreamErrorBody decode(int status, byte[] body) {
        try {
            JsonNode error = Json.parse(body).get("error");
            if (error != null && error.isObject()) {
                JsonNode message = error.get("message");
                JsonNode type = error.get("type");
                return new UpstreamErrorBody(message != null && message.isTextual() ? message.textValue()
                        : "upstream error " + status, type != null && type.isTextual() ? type.textValue() : null,
                        null);
            }
            if (error != null && error.isTextual()) {
                return new UpstreamErrorBody(error.textValue(), null, null);
            }
        } catch (JsonShapeException notJson) {
            // fall through: reported raw
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.length() > MAX_RAW_MESSAGE) {
            text = text.substring(0, MAX_RAW_MESSAGE) + "...";
        }
        return new UpstreamErrorBody(text.isEmpty() ? "upstream answered HTTP " + status : text, null, null);
    }

    static byte[] encode(GatewayException error) {
        return Json.write(gen -> {
            gen.writeStartObject();
            gen.writeStringField("type", "error");
            gen.writeObjectFieldStart("error");
            gen.writeStringField("type", type(error.errorType()));
            gen.writeStringField("message", error.getMessage() == null ? "" : error.getMessage());
            gen.writeEndObject();
            gen.writeEndObject();
        });
    }

    /** Anthropic's error {@code type} names, as its API sends them. */
    static String type(ErrorType type) {
        return switch (type) {
            case INVALID_REQUEST -> "invalid_request_error";
            case REQUEST_TOO_LARGE -> "request_too_large";
            case AUTHENTICATION -> "authentication_error";
            case PERMISSION -> "permission_error";
            case NOT_FOUND -> "not_found_error";
            case RATE_LIMITED -> "rate_limit_error";
            case BUDGET_EXCEEDED -> "billing_error";
            case OVERLOADED -> "overloaded_error";
            case TIMEOUT -> "timeout_error";
            case UPSTREAM, INTERNAL -> "api_error";
        };
    }

    /** The canonical kind of an Anthropic error type, for errors that arrive inside a stream. */
    static ErrorType errorType(String type) {
        if (type == null) {
            return ErrorType.UPSTREAM;
        }
        return switch (type) {
            case "overloaded_error" -> ErrorType.OVERLOADED;
            case "rate_limit_error" -> ErrorType.RATE_LIMITED;
            case "timeout_error" -> ErrorType.TIMEOUT;
            default -> ErrorType.UPSTREAM;
        };
    }
}
