package dev.aiproxy.server;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * What a server's {@linkplain GatewayServer#stop(Duration) stop} did.
 *
 * @param requests the client requests in flight when the stop began, each of which it let finish (or ended)
 * @param streamsEnded the streams still running when the grace ran out, ended with an error event in their client's
 *     format (or, caught in the middle of an event, by closing their connection)
 * @param refused the requests that arrived during the stop and were refused with 503
 * @param took from the stop's start until the server had stopped
 */
public record Drained(long requests, int streamsEnded, long refused, Duration took) {
    public Drained {
        requireNonNull(took, "took");
    }

    /**
     * One line for the log: {@code stopped after draining 2 requests in 1412 ms}, with the streams ended and the
     * requests refused when there were any.
     */
    public String describe() {
        StringBuilder line = new StringBuilder("stopped after draining ").append(requests)
                .append(requests == 1 ? " request" : " requests").append(" in ").append(took.toMillis()).append(" ms");
        if (streamsEnded > 0) {
            line.append("; ").append(streamsEnded).append(streamsEnded == 1 ? " stream" : " streams")
                    .append(" still running at the end of the shutdown grace ended with an error event");
        }
        if (refused > 0) {
            line.append("; ").append(refused).append(refused == 1 ? " new request" : " new requests")
                    .append(" refused with 503");
        }
        return line.toString();
    }
}
