package dev.aiproxy.routing.internal.dispatch;

import dev.aiproxy.api.error.GatewayException;
import dev.aiproxy.api.error.UpstreamException;
import dev.aiproxy.api.spi.Credential;
import dev.aiproxy.api.spi.Operation;
import dev.aiproxy.api.spi.UpstreamRequest;
import dev.aiproxy.api.spi.UpstreamResponse;
import dev.aiproxy.routing.RequestContext;
import dev.aiproxy.routing.config.Timeouts;
import dev.aiproxy.routing.internal.debug.DebugTrace;
import dev.aiproxy.routing.internal.health.HealthTracker;
import dev.aiproxy.routing.internal.health.TrafficStats;
import dev.aiproxy.routing.internal.route.Candidate;
import dev.aiproxy.routing.internal.table.RoutingTable;
import java.time.Duration;
import java.util.Map;

/**
 * Makes one upstream call for a candidate and returns only a successful response; an HTTP error is read, turned into
 * the error a client would see, classified for routing, and thrown as {@link AttemptFailed}. Records each outcome for
 * health. Thread-safe.
 */
public final class UpstreamCaller {
    private static final System.Logger LOG = System.getLogger(UpstreamCaller.class.getName());

    private final HealthTracker health;
    private final TrafficStats traffic;
    private final RetryAfterParser retryAfter;

    public UpstreamCaller(HealthTracker health, TrafficStats traffic, RetryAfterParser retryAfter) {
        this.health = health;
        this.traffic = traffic;
        this.retryAfter = retryAfter;
    }

    /**
     * Calls the candidate's provider with a body already in its format, with the client headers its credential copies
     * ({@code $} values). Blocks until the headers arrive.
     *
     * @param table the config snapshot: timeouts and copied headers
     * @param context the client's request, whose headers may be copied
     * @param extraHeaders headers the request's interceptors add, after the config's
     * @param firstByte how long the status and headers may take: {@code timeouts.first-byte}, or less when the
     *     request's {@code timeouts.total} has less left
     * @return a 2xx response; the caller must close it; its body fails after {@code timeouts.idle} of silence
     * @throws AttemptFailed for a transport failure, an HTTP error status, or a provider that refuses the request
     *     itself (a local provider may read the body)
     */
    UpstreamResponse call(Candidate candidate, byte[] body, boolean stream, Operation operation, RoutingTable table,
            RequestContext context, Map<String, String> extraHeaders, DebugTrace trace, Duration firstByte) {
        Timeouts timeouts = table.config().timeouts();
        UpstreamResponse response;
        Map<String, String> headers = table.copiedHeaders().resolve(candidate, context.headers());
        if (!extraHeaders.isEmpty()) {
            Map<String, String> merged = new java.util.LinkedHashMap<>(headers);
            merged.putAll(extraHeaders);
            headers = merged;
        }
        trace.upstreamRequest(candidate, headers, body, stream);
        String key = candidate.credential().identity(candidate.providerName());
        long start = System.nanoTime();
        try {
            response = candidate.provider().send(new UpstreamRequest(credential(candidate, context),
                    candidate.upstreamModel(), body, stream, headers, firstByte, operation));
        } catch (GatewayException e) {
            Verdict verdict = ErrorClassifier.classify(candidate, e, 0, "");
            if (verdict.moveOn()) {
                health.failure(candidate);
                traffic.record(key, false, System.nanoTime() - start);
                LOG.log(System.Logger.Level.WARNING, () -> candidate.credential().id() + " failed: " + e.getMessage());
            }
            throw new AttemptFailed(e, verdict);
        }
        long latency = System.nanoTime() - start;
        if (response.isSuccess()) {
            health.success(candidate);
            traffic.record(key, true, latency);
            return IdleWatchdog.watch(response, timeouts.idle());
        }
        UpstreamException error;
        String errorText;
        try (response) {
            byte[] errorBody = BoundedReader.readPrefix(response.body(), BoundedReader.MAX_ERROR_BYTES);
            errorText = new String(errorBody, java.nio.charset.StandardCharsets.UTF_8);
            trace.upstreamAnswer(candidate, response.status(), errorBody);
            error = UpstreamErrors.of(candidate, response.status(), errorBody,
                    retryAfter.parse(response).orElse(null));
        }
        Verdict verdict = ErrorClassifier.classify(candidate, error, response.status(), errorText);
        if (verdict.moveOn()) {
            health.failure(candidate);
            traffic.record(key, false, latency);
        }
        LOG.log(System.Logger.Level.DEBUG, () -> candidate.credential().id() + " answered " + response.status()
                + ": " + error.getMessage());
        throw new AttemptFailed(error, verdict);
    }

    /** The candidate's key, aimed at the client's own base URL when it has one. */
    private static Credential credential(Candidate candidate, RequestContext context) {
        Credential c = candidate.credential();
        java.net.URI override = context.client().baseUrl();
        return override == null ? c : new Credential(c.id(), c.apiKey(), override, c.proxy(), c.headers(), c.models(),
                c.excludedModels(), c.policy());
    }

    /**
     * One attempt, with no routing around failure (token counts).
     *
     * @throws GatewayException as the client should see it
     */
    public UpstreamResponse callOnce(Candidate candidate, byte[] body, Operation operation, RoutingTable table,
            RequestContext context, Map<String, String> extraHeaders) {
        try {
            return call(candidate, body, false, operation, table, context, extraHeaders, DebugTrace.OFF,
                    table.config().timeouts().firstByte());
        } catch (AttemptFailed failed) {
            throw failed.error();
        }
    }
}
