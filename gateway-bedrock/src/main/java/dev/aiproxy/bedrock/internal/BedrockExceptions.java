package dev.aiproxy.bedrock.internal;

import java.util.Locale;

/**
 * Bedrock's exception names (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InvokeModel.html,
 * "Errors"; in a stream, API_runtime_ResponseStream.html), as the {@code x-amzn-ErrorType} header and a stream's
 * {@code :exception-type} header spell them.
 */
final class BedrockExceptions {
    private BedrockExceptions() {
    }

    /**
     * The exception's name alone: {@code ValidationException} of {@code ValidationException:http://internal.amazon.com/...}
     * or of {@code com.amazon.coral.validate#ValidationException}; null for null.
     */
    static String name(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        int colon = header.indexOf(':');
        String name = (colon >= 0 ? header.substring(0, colon) : header).strip();
        return name.substring(name.lastIndexOf('#') + 1);
    }

    /**
     * The Anthropic error type (https://docs.anthropic.com/en/api/errors) an Anthropic client reads for a Bedrock
     * exception, named either way ({@code ThrottlingException} or {@code throttlingException}).
     */
    static String anthropicType(String exception) {
        if (exception == null) {
            return "api_error";
        }
        return switch (exception.toLowerCase(Locale.ROOT)) {
            case "validationexception" -> "invalid_request_error";
            case "accessdeniedexception", "unrecognizedclientexception" -> "permission_error";
            case "resourcenotfoundexception" -> "not_found_error";
            case "throttlingexception", "servicequotaexceededexception" -> "rate_limit_error";
            case "serviceunavailableexception", "modelnotreadyexception" -> "overloaded_error";
            case "modeltimeoutexception" -> "timeout_error";
            default -> "api_error";
        };
    }
}
