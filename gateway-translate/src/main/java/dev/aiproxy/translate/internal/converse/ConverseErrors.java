package dev.aiproxy.translate.internal.converse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiproxy.api.error.ErrorType;
import dev.aiproxy.api.error.UpstreamException;
import dev.aiproxy.translate.UpstreamErrorBody;
import dev.aiproxy.translate.internal.json.Fields;
import dev.aiproxy.translate.internal.json.Json;
import dev.aiproxy.translate.internal.json.JsonShapeException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Bedrock's errors (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html, "Errors";
 * API_runtime_ConverseStream.html for those inside a stream). An HTTP error's body is {@code {"message": ...}} and
 * its type is in the {@code x-amzn-ErrorType} header, which the Bedrock provider copies into the body as
 * {@code __type}, as AWS's JSON protocols write it. Inside a stream an error is an event named for its exception
 * ({@code modelStreamErrorException}, {@code throttlingException}, ...) whose data is {@code {"message": ...}}.
 */
final class ConverseErrors {
    private static final int MAX_RAW_MESSAGE = 1000;

    private ConverseErrors() {
    }

    /** Never throws: a body of another shape is reported raw. */
    static UpstreamErrorBody decode(int status, byte[] body) {
        try {
            JsonNode root = Json.parse(body);
            if (root.isObject()) {
                String message = text(root, "message", "Message");
                String type = shortName(text(root, "__type", "type"));
                if (message != null || type != null) {
                    return new UpstreamErrorBody(message != null ? message : "upstream error " + status, type, type);
                }
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

    private static String text(JsonNode root, String name, String otherName) {
        JsonNode v = Fields.field(root, name);
        if (v == null) {
            v = Fields.field(root, otherName);
        }
        return v != null && v.isTextual() ? v.textValue() : null;
    }

    /** {@code ValidationException} of {@code com.amazon.coral.validate#ValidationException:http://...}. */
    static String shortName(String type) {
        if (type == null) {
            return null;
        }
        int colon = type.indexOf(':');
        String name = colon >= 0 ? type.substring(0, colon) : type;
        return name.substring(name.lastIndexOf('#') + 1);
    }

    /** Whether a stream event's name is one of Bedrock's exceptions rather than a Converse event. */
    static boolean isException(String event) {
        return event != null && event.endsWith("Exception");
    }

    /** A stream's exception event: the stream failed after its 200 status. */
    static UpstreamException midStream(String event, JsonNode data) {
        String message = data != null && data.isObject() ? text(data, "message", "Message") : null;
        ErrorType type = errorType(event);
        return UpstreamException.midStream(type, message != null ? message : event, event,
                type == ErrorType.OVERLOADED || type == ErrorType.RATE_LIMITED || type == ErrorType.TIMEOUT);
    }

    /** The canonical kind of a Bedrock exception, named either way ({@code ThrottlingException} or camel case). */
    static ErrorType errorType(String exception) {
        return switch (exception.toLowerCase(Locale.ROOT)) {
            case "throttlingexception", "servicequotaexceededexception" -> ErrorType.RATE_LIMITED;
            case "serviceunavailableexception", "modelnotreadyexception" -> ErrorType.OVERLOADED;
            case "modeltimeoutexception" -> ErrorType.TIMEOUT;
            case "validationexception" -> ErrorType.INVALID_REQUEST;
            case "accessdeniedexception" -> ErrorType.PERMISSION;
            case "resourcenotfoundexception" -> ErrorType.NOT_FOUND;
            default -> ErrorType.UPSTREAM;
        };
    }
}
