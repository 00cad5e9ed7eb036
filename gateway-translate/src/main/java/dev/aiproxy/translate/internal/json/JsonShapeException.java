package dev.aiproxy.translate.internal.json;

import dev.aiproxy.api.error.InvalidRequestException;
import dev.aiproxy.api.error.UpstreamException;

/**
 * A JSON document does not have the shape a codec expects. The message names the path and what was found; the codec
 * turns it into a 400 (bad client input) or a 502 (bad upstream answer).
 */
public final class JsonShapeException extends RuntimeException {
    private final String path;

    public JsonShapeException(String path, String problem) {
        super(path.isEmpty() ? problem : path + ": " + problem);
        this.path = path;
    }

    /** The JSON path at fault, such as {@code messages[2].content}; empty for the whole document. */
    public String path() {
        return path;
    }

    /** In a client's request: the client's fault, a 400 naming the path as its {@code param}. */
    public InvalidRequestException clientError() {
        return new InvalidRequestException(getMessage(), path.isEmpty() ? null : path, this);
    }

    /**
     * In an upstream's answer: the upstream's fault, a 502.
     *
     * @param what what the upstream sent, such as "an unreadable chat completion" or "a malformed stream chunk"
     */
    public UpstreamException upstreamError(String what) {
        return UpstreamException.badGateway("upstream sent " + what + ": " + getMessage(), this);
    }

}
