package dev.aiproxy.routing.internal;

import dev.aiproxy.api.error.GatewayException;
import dev.aiproxy.api.error.UpstreamException;
import dev.aiproxy.api.error.UpstreamTimeoutException;
import dev.aiproxy.api.spi.Operation;
import dev.aiproxy.api.spi.UpstreamRequest;
import dev.aiproxy.api.spi.UpstreamResponse;
import dev.aiproxy.routing.config.Timeouts;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Makes one upstream call for a candidate and returns only a successful response; an HTTP error is read, classified
 * and thrown. Records each outcome for health. Thread-safe.
 */
public final class UpstreamCaller {
    private static final System.Logger LOG = System.getLogger(UpstreamCaller.class.getName());

    private final HealthTracker health;
    private final RetryAfterParser retryAfter;
    private final ScheduledExecutorService idleAlarms;

    /** @param idleAlarms runs the idle-timeout alarms of every upstream body; owned by the caller's creator */
    public UpstreamCaller(HealthTracker health, RetryAfterParser retryAfter, ScheduledExecutorService idleAlarms) {
        this.health = health;
        this.retryAfter = retryAfter;
        this.idleAlarms = idleAlarms;
    }

    /**
     * Calls the candidate's provider with a body already in its format. Blocks until the headers arrive; reading the
     * body then fails once the upstream stays silent longer than the idle timeout.
     *
     * @return a 2xx response; the caller must close it
     * @throws GatewayException for a transport failure or an HTTP error status, or when the provider refuses the
     *     request itself (a local provider may read the body)
     */
    public UpstreamResponse call(Candidate candidate, byte[] body, boolean stream, Operation operation,
            Timeouts timeouts) {
        UpstreamResponse response;
        try {
            UpstreamResponse sent = candidate.provider().send(new UpstreamRequest(candidate.credential(),
                    candidate.upstreamModel(), body, stream, Map.of(), timeouts.firstByte(), operation));
            response = new UpstreamResponse(sent.status(), sent.headers(),
                    new IdleTimeoutInputStream(sent.body(), timeouts.idle(), idleAlarms));
        } catch (UpstreamException | UpstreamTimeoutException e) {
            health.failure(candidate);
            LOG.log(System.Logger.Level.WARNING, () -> candidate.credential().id() + " failed: " + e.getMessage());
            throw e;
        }
        if (response.isSuccess()) {
            health.success(candidate);
            return response;
        }
        UpstreamException error;
        try (response) {
            byte[] errorBody = BoundedReader.readPrefix(response.body(), BoundedReader.MAX_ERROR_BYTES);
            error = UpstreamErrors.of(candidate, response.status(), errorBody,
                    retryAfter.parse(response).orElse(null));
        }
        if (error.retryable()) {
            health.failure(candidate);
        }
        LOG.log(System.Logger.Level.DEBUG, () -> candidate.credential().id() + " answered " + response.status()
                + ": " + error.getMessage());
        throw error;
    }
}
