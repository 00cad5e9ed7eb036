package dev.aiproxy.translate.internal.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiproxy.api.error.ErrorType;
import dev.aiproxy.api.error.GatewayException;
import dev.aiproxy.translate.UpstreamErrorBody;
import dev.aiproxy.translate.internal.json.Json;
import dev.aiproxy.translate.internal.json.JsonShapeException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Gemini's error body, a {@code google.rpc.Status} in JSON: {@code {"error":{"code","message","status","details"}}}
 * (https://ai.google.dev/gemini-api/docs/troubleshooting). {@code code} is the HTTP status, {@code status} the
 * canonical gRPC code name.
 */
final class GeminiErrors {
    private static final int MAX_RAW_MESSAGE = 1000;
    private static final String ERROR_INFO = "type.googleapis.com/google.rpc.ErrorInfo";
    private static final String RETRY_INFO = "type.googleapis.com/google.rpc.RetryInfo";
    /** The {@code ErrorInfo} reason of a bad, expired or deleted key, sent with status 400. */
    private static final String KEY_INVALID = "API_KEY_INVALID";
    /** A day: longer delays are nonsense, and this keeps the nanoseconds inside a long. */
    private static final BigDecimal MAX_RETRY_DELAY_SECONDS = BigDecimal.valueOf(86_400);

    private GeminiErrors() {
    }

    /**
     * Reads an error body; {@code type} is the gRPC status name, {@code code} the {@code ErrorInfo} reason when there
     * is one ({@code API_KEY_INVALID}, which also sets {@code keyRejected}), {@code retryAfter} the {@code RetryInfo}
     * delay. A stream sent with {@code alt=json} wraps the body in a list.
     */
    static UpstreamErrorBody decode(int status, byte[] body) {
        try {
            JsonNode root = Json.parse(body);
            if (root.isArray() && !root.isEmpty()) {
                root = root.get(0);
            }
            JsonNode error = root.get("error");
            if (error != null && error.isObject()) {
                JsonNode message = error.get("message");
                String reason = reason(error.get("details"));
                return new UpstreamErrorBody(message != null && message.isTextual() ? message.textValue()
                        : "upstream error " + status, text(error.get("status")), reason,
                        retryDelay(error.get("details")), KEY_INVALID.equals(reason));
            }
            if (error != null && error.isTextual()) {
                return new UpstreamErrorBody(error.textValue(), null, null);
            }
        } catch (JsonShapeException notJson) {
            // fall through: a proxy's HTML page or plain text, reported raw
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.length() > MAX_RAW_MESSAGE) {
            text = text.substring(0, MAX_RAW_MESSAGE) + "...";
        }
        return new UpstreamErrorBody(text.isEmpty() ? "upstream answered HTTP " + status : text, null, null);
    }

    private static String reason(JsonNode details) {
        if (details == null || !details.isArray()) {
            return null;
        }
        for (JsonNode detail : details) {
            if (detail.isObject() && ERROR_INFO.equals(text(detail.get("@type")))) {
                return text(detail.get("reason"));
            }
        }
        return null;
    }

    /**
     * The {@code RetryInfo} delay Gemini sends with a 429 instead of a {@code Retry-After} header, a protobuf
     * {@code Duration} in JSON: seconds with an {@code s} suffix and up to nine fractional digits ({@code "17s"},
     * {@code "0.5s"}). Null when absent, negative or unreadable.
     */
    private static Duration retryDelay(JsonNode details) {
        if (details == null || !details.isArray()) {
            return null;
        }
        for (JsonNode detail : details) {
            String delay = detail.isObject() && RETRY_INFO.equals(text(detail.get("@type")))
                    ? text(detail.get("retryDelay")) : null;
            if (delay != null && delay.endsWith("s")) {
                try {
                    BigDecimal seconds = new BigDecimal(delay.substring(0, delay.length() - 1));
                    if (seconds.signum() >= 0 && seconds.compareTo(MAX_RETRY_DELAY_SECONDS) <= 0) {
                        return Duration.ofNanos(seconds.movePointRight(9).longValue());
                    }
                } catch (NumberFormatException unreadable) {
                    // ignored like an unreadable Retry-After header
                }
            }
        }
        return null;
    }

    /** A protobuf {@code Duration} in JSON, to the millisecond: {@code "17s"}, {@code "0.12s"}, never rounded to 0. */
    private static String retryDelay(Duration delay) {
        return BigDecimal.valueOf(Math.max(0, delay.toMillis()), 3).stripTrailingZeros().toPlainString() + "s";
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.textValue() : null;
    }

    /** Renders an error; a retry delay goes into a {@code RetryInfo} detail, as Gemini sends it with a 429. */
    static byte[] encode(GatewayException error) {
        return Json.write(gen -> {
            gen.writeStartObject();
            gen.writeObjectFieldStart("error");
            gen.writeNumberField("code", error.status());
            gen.writeStringField("message", error.getMessage() == null ? status(error.errorType())
                    : error.getMessage());
            gen.writeStringField("status", status(error.errorType()));
            if (error.retryAfter().isPresent()) {
                gen.writeArrayFieldStart("details");
                gen.writeStartObject();
                gen.writeStringField("@type", RETRY_INFO);
                gen.writeStringField("retryDelay", retryDelay(error.retryAfter().get()));
                gen.writeEndObject();
                gen.writeEndArray();
            }
            gen.writeEndObject();
            gen.writeEndObject();
        });
    }

    /**
     * The gRPC status names Google APIs use for each kind of error. An oversized request is INVALID_ARGUMENT, as
     * Gemini itself answers one; the HTTP status stays the gateway's own (413).
     */
    static String status(ErrorType type) {
        return switch (type) {
            case INVALID_REQUEST, REQUEST_TOO_LARGE -> "INVALID_ARGUMENT";
            case AUTHENTICATION -> "UNAUTHENTICATED";
            case PERMISSION -> "PERMISSION_DENIED";
            case NOT_FOUND -> "NOT_FOUND";
            case RATE_LIMITED, BUDGET_EXCEEDED -> "RESOURCE_EXHAUSTED";
            case OVERLOADED -> "UNAVAILABLE";
            case TIMEOUT -> "DEADLINE_EXCEEDED";
            case UPSTREAM, INTERNAL -> "INTERNAL";
        };
    }
}
