package dev.aiproxy.api.spi;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;

/**
 * One call to an upstream.
 *
 * @param credential the key to use
 * @param model the upstream's model id (some formats put it in the URL)
 * @param body the request body, already in the provider's format; not copied, never modified
 * @param stream whether to ask for a streamed answer
 * @param headers extra headers for this call only
 * @param firstByteTimeout how long to wait for the status line and headers
 * @param operation what the call asks for; only {@link Operation#GENERATE} may stream
 */
public record UpstreamRequest(Credential credential, String model, byte[] body, boolean stream,
        Map<String, String> headers, Duration firstByteTimeout, Operation operation) {
    public UpstreamRequest {
        requireNonNull(credential, "credential");
        requireNonNull(model, "model");
        requireNonNull(body, "body");
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        requireNonNull(firstByteTimeout, "firstByteTimeout");
        requireNonNull(operation, "operation");
        if (stream && operation != Operation.GENERATE) {
            throw new IllegalArgumentException("only GENERATE can stream, not " + operation);
        }
    }

    /** A {@link Operation#GENERATE} call. */
    public UpstreamRequest(Credential credential, String model, byte[] body, boolean stream,
            Map<String, String> headers, Duration firstByteTimeout) {
        this(credential, model, body, stream, headers, firstByteTimeout, Operation.GENERATE);
    }
}
