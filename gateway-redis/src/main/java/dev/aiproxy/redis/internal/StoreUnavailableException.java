package dev.aiproxy.redis.internal;

/** A call to Redis failed or took longer than the timeout: the caller answers from its local state. */
final class StoreUnavailableException extends RuntimeException {
    StoreUnavailableException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
