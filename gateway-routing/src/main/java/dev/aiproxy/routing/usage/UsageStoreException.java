package dev.aiproxy.routing.usage;

/** A usage store could not be opened, written or read; the message names the store (never a password). */
public final class UsageStoreException extends RuntimeException {
    public UsageStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
