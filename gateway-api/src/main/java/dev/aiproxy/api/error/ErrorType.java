package dev.aiproxy.api.error;

/**
 * What kind of failure an error is, independent of any provider's vocabulary; each codec maps it to its own type
 * names ({@code invalid_request_error}, {@code INVALID_ARGUMENT}, ...).
 */
public enum ErrorType {
    INVALID_REQUEST,
    AUTHENTICATION,
    PERMISSION,
    NOT_FOUND,
    REQUEST_TOO_LARGE,
    RATE_LIMITED,
    BUDGET_EXCEEDED,
    UPSTREAM,
    OVERLOADED,
    TIMEOUT,
    INTERNAL
}
