package dev.aiproxy.api.error;

import java.time.Duration;
import java.util.Map;

/**
 * A spending budget is used up (HTTP 429): the client's own, or the gateway's. Each client format names it as its API
 * names a spent quota: OpenAI {@code insufficient_quota}, Anthropic {@code billing_error}, Gemini
 * {@code RESOURCE_EXHAUSTED}. It carries {@code x-should-retry: false}, which the OpenAI and Anthropic SDKs obey, so
 * they do not retry a refusal that lasts until the budget resets; the message says when that is.
 */
public final class BudgetExceededException extends GatewayException {
    /** Tells the official SDKs not to retry: a budget does not come back within their retry window. */
    public static final Map<String, String> NO_RETRY = Map.of("x-should-retry", "false");

    /** @param untilReset how long until the budget's period ends, sent as {@code Retry-After}; null when unknown */
    public BudgetExceededException(String message, Duration untilReset) {
        super(429, ErrorType.BUDGET_EXCEEDED, message, "insufficient_quota", null, untilReset, NO_RETRY, null);
    }
}
