package dev.aiproxy.routing.internal.dispatch;

import dev.aiproxy.api.Secret;
import dev.aiproxy.api.error.ErrorType;
import dev.aiproxy.api.error.UpstreamException;
import dev.aiproxy.routing.Redactor;
import dev.aiproxy.routing.internal.route.Candidate;
import dev.aiproxy.translate.Codecs;
import dev.aiproxy.translate.UpstreamErrorBody;
import java.time.Duration;
import java.util.List;

/**
 * Turns an upstream's HTTP error into the {@link UpstreamException} the client sees. The status is relayed, except
 * 401 and 403 and any other error whose body says the key was rejected (Gemini's 400 {@code API_KEY_INVALID}): those
 * judge the gateway's own upstream key, not the client's, so the client gets 502 (an SDK would otherwise tell its
 * user their key or request is wrong). The message is the upstream's, with every secret masked.
 */
final class UpstreamErrors {
    /** The code of an error that says the upstream rejected the gateway's key. */
    static final String CREDENTIAL_REJECTED = "upstream_credential_rejected";

    private UpstreamErrors() {
    }

    /** @param retryAfter the delay the upstream's headers asked for, or null to use the one its body names, if any */
    static UpstreamException of(Candidate candidate, int status, byte[] body, Duration retryAfter) {
        UpstreamErrorBody error = Codecs.of(candidate.format()).decodeError(status, body);
        if (retryAfter == null) {
            retryAfter = error.retryAfter();
        }
        List<Secret> secrets = candidate.credential().apiKey() == null ? List.of()
                : List.of(candidate.credential().apiKey());
        String message = Redactor.redact(error.message(), secrets);
        String code = error.code() == null ? null : Redactor.redact(error.code(), secrets);
        String where = "upstream " + candidate.credential().id() + " answered " + status + ": ";
        if (status == 401 || status == 403 || error.keyRejected()) {
            return new UpstreamException(502, ErrorType.UPSTREAM, where + message, CREDENTIAL_REJECTED,
                    status, true, null, null);
        }
        return switch (status) {
            case 400, 422 -> new UpstreamException(400, ErrorType.INVALID_REQUEST, message, code, status, false,
                    null, null);
            case 404 -> new UpstreamException(404, ErrorType.NOT_FOUND, message, code, status, false, null, null);
            case 413 -> new UpstreamException(413, ErrorType.REQUEST_TOO_LARGE, message, code, status, false, null,
                    null);
            case 408 -> new UpstreamException(504, ErrorType.TIMEOUT, where + message, code, status, true, null,
                    null);
            case 429 -> new UpstreamException(429, ErrorType.RATE_LIMITED, message, code, status, true, retryAfter,
                    null);
            case 503, 529 -> new UpstreamException(status, ErrorType.OVERLOADED, where + message, code, status, true,
                    retryAfter, null);
            default -> {
                if (status >= 500) {
                    yield new UpstreamException(status, ErrorType.UPSTREAM, where + message, code, status, true,
                            retryAfter, null);
                }
                if (status < 400) {
                    // redirects are not followed: an upstream that moved is misconfigured
                    yield new UpstreamException(502, ErrorType.UPSTREAM, where + message, code, status, false, null,
                            null);
                }
                yield new UpstreamException(status, ErrorType.INVALID_REQUEST, message, code, status, false, null,
                        null);
            }
        };
    }
}
