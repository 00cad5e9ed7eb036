package dev.aiproxy.routing.internal.dispatch;

import dev.aiproxy.api.error.GatewayException;

/** One upstream attempt failed: the error a client would see, and the {@link Verdict} on it. Internal control flow. */
final class AttemptFailed extends RuntimeException {
    private final transient GatewayException error;
    private final transient Verdict verdict;

    AttemptFailed(GatewayException error, Verdict verdict) {
        super(error.getMessage(), error, false, false);
        this.error = error;
        this.verdict = verdict;
    }

    GatewayException error() {
        return error;
    }

    Verdict verdict() {
        return verdict;
    }
}
