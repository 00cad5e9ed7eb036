package dev.aiproxy.server.internal;

import com.sun.net.httpserver.Headers;
import dev.aiproxy.api.error.ErrorType;
import dev.aiproxy.api.error.GatewayException;
import dev.aiproxy.api.error.NotFoundException;
import dev.aiproxy.routing.GatewayResponse;
import dev.aiproxy.routing.config.HttpAccess;
import java.util.Map;

/**
 * Which web pages may call the gateway. Only browsers send {@code Origin}, and a page's request must not spend the
 * provider keys of a gateway on the user's machine, so a request with an {@code Origin} is refused unless
 * {@code allowed-origins} lists it (none by default). An allowed origin gets CORS: its preflight {@code OPTIONS} is
 * answered, and every answer, errors included, carries {@code Access-Control-Allow-Origin} so the page can read it.
 * The page still needs a client key when the gateway has them. Immutable; built per config snapshot.
 *
 * @see <a href="https://fetch.spec.whatwg.org/#http-cors-protocol">Fetch, the CORS protocol</a>
 */
final class CorsPolicy {
    /** Preflight answers are cached this long, in seconds (Chrome caps it at 7,200). */
    static final String MAX_AGE = "600";
    /** Answer headers a page may read besides the CORS-safelisted ones. */
    private static final String EXPOSED = "Retry-After, retry-after-ms, X-Gateway-Model, x-ratelimit-limit-requests, "
            + "x-ratelimit-remaining-requests, x-ratelimit-reset-requests, x-ratelimit-limit-tokens, "
            + "x-ratelimit-remaining-tokens, x-ratelimit-reset-tokens, x-request-id";

    private final String[] origins;
    private final boolean any;

    private CorsPolicy(HttpAccess access) {
        this.origins = access.allowedOrigins().toArray(String[]::new);
        this.any = access.allowedOrigins().contains(HttpAccess.ANY);
    }

    static CorsPolicy of(HttpAccess access) {
        return new CorsPolicy(access);
    }

    /**
     * Lets a request from a web page through, marking the answer as readable by it.
     *
     * @param origin the request's {@code Origin}
     * @throws Refused when the origin is not allowed
     */
    void admit(String origin, Headers answer) {
        if (!allows(origin)) {
            throw new Refused(origin);
        }
        answer.set("Access-Control-Allow-Origin", origin);
        answer.add("Vary", "Origin");
        answer.set("Access-Control-Expose-Headers", EXPOSED);
    }

    private boolean allows(String origin) {
        if (any) {
            return true;
        }
        for (String allowed : origins) {
            if (allowed.equalsIgnoreCase(origin)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a request is a CORS preflight: {@code OPTIONS} with {@code Access-Control-Request-Method}. */
    static boolean isPreflight(String method, Headers request) {
        return method.equals("OPTIONS") && request.getFirst("Access-Control-Request-Method") != null;
    }

    /**
     * The answer to an admitted origin's preflight: the endpoint's method, and the headers the page asked to send.
     *
     * @throws NotFoundException when no endpoint serves the path
     */
    static GatewayResponse preflight(Endpoint endpoint, String path, Headers request) {
        if (endpoint == null) {
            throw new NotFoundException("Invalid URL (OPTIONS " + path + ")");
        }
        String asked = request.getFirst("Access-Control-Request-Headers");
        // Authorization is never covered by a "*" answer, so the names the page asked for are listed back
        String vary = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers";
        Map<String, String> headers = asked != null && isNameList(asked)
                ? Map.of("Access-Control-Allow-Methods", endpoint.method(), "Access-Control-Allow-Headers", asked,
                        "Access-Control-Max-Age", MAX_AGE, "Vary", vary)
                : Map.of("Access-Control-Allow-Methods", endpoint.method(), "Access-Control-Max-Age", MAX_AGE,
                        "Vary", vary);
        return new GatewayResponse(204, headers, new GatewayResponse.Bytes(new byte[0]));
    }

    /** A comma-separated list of header names: RFC 9110 token characters, commas and spaces only. */
    private static boolean isNameList(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == ',' || c == ' ' || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** HTTP 403: a web page the config does not allow. */
    static final class Refused extends GatewayException {
        Refused(String origin) {
            super(403, ErrorType.PERMISSION, "requests from web pages are refused (Origin '" + origin + "'): a page "
                    + "must not spend this gateway's provider keys. List the origin in 'allowed-origins' to let it "
                    + "call the gateway", "origin_not_allowed", null, null, null);
        }
    }
}
