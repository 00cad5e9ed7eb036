package dev.aiproxy.server.internal;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.error.GatewayException;
import dev.aiproxy.api.error.InternalGatewayException;
import dev.aiproxy.api.error.MethodNotAllowedException;
import dev.aiproxy.api.error.NotFoundException;
import dev.aiproxy.api.error.PermissionDeniedException;
import dev.aiproxy.api.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.GatewayResponse;
import dev.aiproxy.routing.RequestContext;
import dev.aiproxy.routing.RequestIds;
import dev.aiproxy.routing.config.ClientConfig;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.server.dashboard.Dashboard;
import dev.aiproxy.server.management.ManagementApi;
import dev.aiproxy.server.feed.RequestsInFlight;
import dev.aiproxy.server.management.MetricsEndpoint;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The server's one handler: checks the request is meant for this gateway and not sent by a web page it does not
 * allow ({@link HostCheck}, {@link CorsPolicy}, which also answers an allowed page's preflight), finds the endpoint for
 * the path, checks the client key and the header values the config copies upstream, and writes the endpoint's answer
 * or its error in the endpoint's format. The management API's paths go to {@link ManagementApi}, and {@code /metrics}
 * to {@link MetricsEndpoint}, and {@code /dashboard} (and {@code /} while it is on) to {@link Dashboard}, past the same
 * Host and Origin checks. Counts the client requests in flight for the event feed and the server's stop. Once the
 * server stops ({@link Drain}), every request that arrives gets 503 in its format, with {@code Connection: close}.
 * Runs on a virtual thread per request.
 */
public final class ApiHandler implements HttpHandler {
    private static final System.Logger LOG = System.getLogger(ApiHandler.class.getName());
    /** Carries the management secret to log one request's bodies, redacted. */
    public static final String DEBUG_HEADER = "X-Gateway-Debug";
    /** The request's id, on every answer; the same id is in its usage record. */
    public static final String REQUEST_ID_HEADER = "x-request-id";

    private final Gateway gateway;
    private final String boundHost;
    private final EndpointTable endpoints;
    private final ManagementApi management;
    private final MetricsEndpoint metrics;
    private final RequestsInFlight inFlight;
    private final Drain drain;
    private final Dashboard dashboard = new Dashboard();
    private final AtomicReference<Checks> checks = new AtomicReference<>();

    /** What one config snapshot checks requests against, rebuilt when the config changes. */
    private record Checks(GatewayConfig config, ClientAuthenticator authenticator, HostCheck hosts, CorsPolicy cors,
            CopiedHeaderValues copied) {
    }

    /**
     * @param boundHost the host the server listens on, as configured: a name there is one the server answers to
     * @param management serves {@value ManagementApi#PREFIX}
     * @param metrics serves {@value MetricsEndpoint#PATH}
     * @param inFlight counts the client requests being served (the management API's are not: the event feed's
     *     streams would count for ever)
     * @param drain whether the server is stopping, and the streamed answers it ends when it does
     */
    public ApiHandler(Gateway gateway, String boundHost, ManagementApi management, MetricsEndpoint metrics,
            RequestsInFlight inFlight, Drain drain) {
        this.gateway = gateway;
        this.boundHost = boundHost;
        this.endpoints = new EndpointTable(gateway);
        this.management = management;
        this.metrics = metrics;
        this.inFlight = inFlight;
        this.drain = drain;
    }

    /**
     * Serves one exchange and closes it, except when the answer broke off midway: closing would end the body as if it
     * were whole, so the exception goes to the JDK server instead, which drops the connection. So does an
     * {@link Error} (out of memory, a stack overflow) at any point: as an {@link IOException}, since the JDK server
     * drops the connection for an exception but leaves it open, the client waiting, for an error.
     */
    @Override
    public void handle(HttpExchange exchange) throws IOException {
        boolean aborted = false;
        String path = exchange.getRequestURI().getPath();
        // the dashboard's files and the API it calls are not client requests
        boolean counted = !ManagementApi.owns(path) && !Dashboard.owns(path);
        if (counted) {
            inFlight.enter();
        }
        String requestId = RequestIds.next();
        exchange.getResponseHeaders().set(REQUEST_ID_HEADER, requestId);
        try {
            Endpoint endpoint = endpoints.find(exchange.getRequestMethod(), path, exchange.getRequestHeaders(),
                    exchange.getRequestURI());
            ApiFormat format = endpoint != null ? endpoint.errorFormat() : EndpointTable.errorFormatFor(path);
            GatewayResponse response;
            if (drain.draining()) {
                exchange.getResponseHeaders().set("Connection", "close");
                response = GatewayResponse.error(format, drain.refuse());
            } else {
                response = answer(exchange, requestId, endpoint, format);
            }
            ResponseWriter.write(exchange, response, gateway.config().streaming().keepalive(), drain, format);
        } catch (ResponseWriter.Aborted e) {
            aborted = true;
            throw e;
        } catch (Error e) {
            aborted = true;
            LOG.log(System.Logger.Level.ERROR, "serving " + exchange.getRequestMethod() + " "
                    + exchange.getRequestURI().getPath() + " failed; dropping the client connection", e);
            throw new ResponseWriter.Aborted("the gateway failed: " + e, e);
        } finally {
            if (!aborted) {
                exchange.close();
            }
            if (counted) {
                inFlight.exit();
            }
        }
    }

    /** The endpoint's answer, or its error in the endpoint's format; never throws. */
    private GatewayResponse answer(HttpExchange exchange, String requestId, Endpoint endpoint,
            ApiFormat errorFormat) {
        String path = exchange.getRequestURI().getPath();
        try {
            return serve(exchange, path, endpoint, requestId);
        } catch (GatewayException e) {
            return GatewayResponse.error(errorFormat, e);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "unexpected failure serving " + exchange.getRequestMethod() + " "
                    + path, e);
            return GatewayResponse.error(errorFormat, new InternalGatewayException(
                    "the gateway failed unexpectedly: " + e.getClass().getSimpleName(), e));
        }
    }

    private GatewayResponse serve(HttpExchange exchange, String path, Endpoint endpoint, String requestId) {
        String method = exchange.getRequestMethod();
        Headers headers = exchange.getRequestHeaders();
        GatewayConfig config = gateway.config();
        Checks checks = checks(config);
        checks.hosts().check(headers.getFirst("Host"));
        String origin = headers.getFirst("Origin");
        if (origin != null && !Dashboard.isOwnPage(config.management(), path, origin, headers.getFirst("Host"))) {
            checks.cors().admit(origin, exchange.getResponseHeaders());
            if (CorsPolicy.isPreflight(method, headers)) {
                return CorsPolicy.preflight(endpoint, path, headers);
            }
        }
        HeaderLimits.check(headers);
        if (ManagementApi.owns(path)) {
            return management.serve(exchange, config);
        }
        if (MetricsEndpoint.owns(path)) {
            return metrics.serve(exchange, config);
        }
        if (Dashboard.owns(path) && (!path.equals("/") || Dashboard.on(config.management()))) {
            return dashboard.serve(exchange, config.management());
        }
        if (endpoint == null) {
            throw new NotFoundException("Invalid URL (" + method + " " + path + ")");
        }
        if (!endpoint.method().equals(method)) {
            exchange.getResponseHeaders().set("Allow", endpoint.method());
            throw new MethodNotAllowedException("Method " + method + " is not allowed on " + path + "; use "
                    + endpoint.method());
        }
        ClientConfig client = endpoint.authenticated()
                ? checks.authenticator().authenticate(headers, exchange.getRequestURI())
                : ClientConfig.ANONYMOUS;
        checks.copied().check(headers);
        return endpoint.handler().handle(exchange, config,
                new RequestContext(client, headers::getFirst, debugRequested(headers, config), requestId));
    }

    /**
     * Whether the holder of the management secret asked to log this request's bodies ({@value #DEBUG_HEADER}).
     *
     * @throws PermissionDeniedException when the header is sent with another value
     */
    private static boolean debugRequested(Headers headers, GatewayConfig config) {
        String presented = headers.getFirst(DEBUG_HEADER);
        if (presented == null) {
            return false;
        }
        if (config.managementSecretHash() == null || !MessageDigest.isEqual(
                HexFormat.of().parseHex(config.managementSecretHash()),
                Secret.sha256(presented.strip().getBytes(StandardCharsets.UTF_8)))) {
            throw new PermissionDeniedException(DEBUG_HEADER + " needs the management secret");
        }
        return true;
    }

    private Checks checks(GatewayConfig config) {
        Checks current = checks.get();
        if (current == null || current.config() != config) {
            current = new Checks(config, ClientAuthenticator.of(config.clients()),
                    HostCheck.of(boundHost, config.access()), CorsPolicy.of(config.access()),
                    CopiedHeaderValues.of(config));
            checks.set(current);
        }
        return current;
    }
}
