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
import dev.aiproxy.routing.config.ClientConfig;
import dev.aiproxy.routing.config.GatewayConfig;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The server's one handler: finds the endpoint for the path, checks the client key, and writes the endpoint's answer
 * or its error in the endpoint's format. Runs on a virtual thread per request.
 */
public final class ApiHandler implements HttpHandler {
    private static final System.Logger LOG = System.getLogger(ApiHandler.class.getName());
    /** Carries the management secret to log one request's bodies, redacted. */
    public static final String DEBUG_HEADER = "X-Gateway-Debug";

    private final Gateway gateway;
    private final EndpointTable endpoints;
    private final AtomicReference<Keys> keys = new AtomicReference<>();

    /** The authenticator of one config snapshot, rebuilt when the config changes. */
    private record Keys(GatewayConfig config, ClientAuthenticator authenticator) {
    }

    public ApiHandler(Gateway gateway) {
        this.gateway = gateway;
        this.endpoints = new EndpointTable(gateway);
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
        try {
            ResponseWriter.write(exchange, answer(exchange));
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
        }
    }

    /** The endpoint's answer, or its error in the endpoint's format; never throws. */
    private GatewayResponse answer(HttpExchange exchange) {
        String path = exchange.getRequestURI().getPath();
        Endpoint endpoint = endpoints.find(path, exchange.getRequestHeaders(), exchange.getRequestURI());
        ApiFormat errorFormat = endpoint != null ? endpoint.errorFormat() : EndpointTable.errorFormatFor(path);
        try {
            return serve(exchange, path, endpoint);
        } catch (GatewayException e) {
            return GatewayResponse.error(errorFormat, e);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "unexpected failure serving " + exchange.getRequestMethod() + " "
                    + path, e);
            return GatewayResponse.error(errorFormat, new InternalGatewayException(
                    "the gateway failed unexpectedly: " + e.getClass().getSimpleName(), e));
        }
    }

    private GatewayResponse serve(HttpExchange exchange, String path, Endpoint endpoint) {
        String method = exchange.getRequestMethod();
        HeaderLimits.check(exchange.getRequestHeaders());
        if (endpoint == null) {
            throw new NotFoundException("Invalid URL (" + method + " " + path + ")");
        }
        if (!endpoint.method().equals(method)) {
            exchange.getResponseHeaders().set("Allow", endpoint.method());
            throw new MethodNotAllowedException("Method " + method + " is not allowed on " + path + "; use "
                    + endpoint.method());
        }
        GatewayConfig config = gateway.config();
        ClientConfig client = endpoint.authenticated()
                ? authenticator(config).authenticate(exchange.getRequestHeaders(), exchange.getRequestURI())
                : ClientConfig.ANONYMOUS;
        Headers headers = exchange.getRequestHeaders();
        return endpoint.handler().handle(exchange, config,
                new RequestContext(client, headers::getFirst, debugRequested(headers, config)));
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

    private ClientAuthenticator authenticator(GatewayConfig config) {
        Keys current = keys.get();
        if (current == null || current.config() != config) {
            current = new Keys(config, ClientAuthenticator.of(config.clients()));
            keys.set(current);
        }
        return current.authenticator();
    }
}
