package dev.aiproxy.server.management;

import dev.aiproxy.api.error.ErrorType;
import dev.aiproxy.api.error.GatewayException;

/**
 * The management API's own refusals, beside the client API's errors: a stale or missing {@code If-Match}, a conflict
 * with what exists, a part of the gateway that cannot answer now.
 */
public final class ManagementException extends GatewayException {
    private ManagementException(int status, ErrorType type, String code, String message, String param) {
        super(status, type, message, code, param, null, null);
    }

    /** 409: the change conflicts with what exists (a name taken, the last key of a provider). */
    public static ManagementException conflict(String message, String param) {
        return new ManagementException(409, ErrorType.INVALID_REQUEST, "conflict", message, param);
    }

    /** 412: {@code If-Match} names another version than the one live. */
    public static ManagementException preconditionFailed(String message) {
        return new ManagementException(412, ErrorType.INVALID_REQUEST, "precondition_failed", message, "If-Match");
    }

    /** 428: a change that needs {@code If-Match} came without one. */
    public static ManagementException preconditionRequired(String message) {
        return new ManagementException(428, ErrorType.INVALID_REQUEST, "precondition_required", message, "If-Match");
    }

    /** 503: the part of the gateway that answers this is off or failing. */
    public static ManagementException unavailable(String message) {
        return new ManagementException(503, ErrorType.OVERLOADED, "unavailable", message, null);
    }
}
