package dev.aiproxy.routing.internal.dispatch;

import dev.aiproxy.api.error.GatewayException;
import dev.aiproxy.api.error.UpstreamException;
import dev.aiproxy.api.error.UpstreamTimeoutException;
import dev.aiproxy.api.spi.ErrorRule;
import dev.aiproxy.routing.CredentialCooldowns.Reason;
import dev.aiproxy.routing.internal.route.Candidate;

/**
 * Decides what a failed attempt means for routing. A credential's request-scoped error rules come first; then: no
 * answer at all, a timeout, 408 and 5xx are transient (move on, short cooldown); 429 is a rate limit (move on, cool
 * for {@code Retry-After} or a growing backoff); 401, 403 and an error that says so (Gemini's 400
 * {@code API_KEY_INVALID}) reject the key (move on, out until the config changes);
 * any other answer is about the request itself (stop: another credential would say the same).
 */
final class ErrorClassifier {
    private ErrorClassifier() {
    }

    /**
     * @param upstreamStatus the upstream's HTTP status, or 0 when none came
     * @param body the upstream's error body as text, or empty
     */
    static Verdict classify(Candidate candidate, GatewayException error, int upstreamStatus, String body) {
        if (upstreamStatus > 0) {
            for (ErrorRule rule : candidate.credential().policy().errorRules()) {
                if (rule.matches(upstreamStatus, body)) {
                    return new Verdict(rule.action().moveOn(), rule.action().coolDown() ? Reason.RULE : null,
                            error.retryAfter().orElse(null));
                }
            }
        }
        if (error instanceof UpstreamTimeoutException) {
            return new Verdict(true, Reason.TRANSIENT, null);
        }
        if (!(error instanceof UpstreamException upstream)) {
            // the provider refused the request itself (a local provider reads the body): not the credential's fault
            return new Verdict(false, null, null);
        }
        int status = upstream.upstreamStatus();
        if (status == 0) {
            return new Verdict(upstream.retryable(), upstream.retryable() ? Reason.TRANSIENT : null, null);
        }
        if (status == 429) {
            return new Verdict(true, Reason.RATE_LIMITED, upstream.retryAfter().orElse(null));
        }
        if (status == 401 || status == 403
                || upstream.code().filter(UpstreamErrors.CREDENTIAL_REJECTED::equals).isPresent()) {
            return new Verdict(true, Reason.REJECTED, null);
        }
        if (status == 408 || status >= 500) {
            return new Verdict(true, Reason.TRANSIENT, upstream.retryAfter().orElse(null));
        }
        return new Verdict(false, null, null);
    }
}
