package dev.aiproxy.server.dashboard;

import com.sun.net.httpserver.HttpExchange;
import dev.aiproxy.api.error.MethodNotAllowedException;
import dev.aiproxy.api.error.NotFoundException;
import dev.aiproxy.api.error.PermissionDeniedException;
import dev.aiproxy.routing.GatewayResponse;
import dev.aiproxy.routing.config.Management;
import dev.aiproxy.server.management.ManagementApi;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The operators' dashboard at {@value #PATH}: static files from the jar ({@link DashboardFiles}), which hold no secret
 * and need none. Every figure they show and every change they make goes through the management API and its event
 * feed, with the management secret the login form keeps in the browser's session storage. It exists while the
 * management API does and {@code remote-management.disable-control-panel} is not set; {@code /} then leads to it.
 * Beyond loopback it answers as the API does: only with {@code allow-remote}.
 */
public final class Dashboard {
    public static final String PATH = "/dashboard";
    /** Self only, no inline script or style element, never framed; uPlot sets element styles through the CSSOM. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; "
            + "frame-ancestors 'none'";

    private final DashboardFiles files;

    public Dashboard() {
        this(DashboardFiles.load());
    }

    Dashboard(DashboardFiles files) {
        this.files = files;
    }

    /** Whether the path is the dashboard's, or {@code /} (which leads to it when it is on). */
    public static boolean owns(String path) {
        return path.equals("/") || path.equals(PATH) || path.startsWith(PATH + "/");
    }

    /** Whether the dashboard is served under this config. */
    public static boolean on(Management management) {
        return management.enabled() && management.controlPanel();
    }

    /**
     * Whether a request with an {@code Origin} comes from the dashboard's own page: the dashboard is on, the request is
     * for its files or the management API, and the origin is the gateway itself (the {@code Host} it was reached at,
     * which the Host check has admitted; {@code https} behind a TLS proxy). Browsers send {@code Origin} with module
     * scripts and with every write, and the gateway refuses origins that {@code allowed-origins} does not list, so
     * that a page cannot spend its provider keys; its own page, which needs the management secret for every call,
     * is let through without CORS. The client API stays closed to it.
     */
    public static boolean isOwnPage(Management management, String path, String origin, String host) {
        if (!on(management) || host == null || !(owns(path) || ManagementApi.owns(path))) {
            return false;
        }
        return origin.equalsIgnoreCase("http://" + host) || origin.equalsIgnoreCase("https://" + host);
    }

    /**
     * Serves one request for a path it {@link #owns}.
     *
     * @throws NotFoundException when the dashboard is off, or for a file it does not have
     */
    public GatewayResponse serve(HttpExchange exchange, Management management) {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        if (!on(management)) {
            throw new NotFoundException("Invalid URL (" + method + " " + path + ")" + (management.enabled()
                    ? ": the dashboard is off (remote-management.disable-control-panel)"
                    : ": the dashboard needs remote-management.secret-key"));
        }
        if (!exchange.getRemoteAddress().getAddress().isLoopbackAddress() && !management.allowRemote()) {
            throw new PermissionDeniedException("the dashboard answers this machine only; set "
                    + "remote-management.allow-remote: true to reach it from "
                    + exchange.getRemoteAddress().getAddress().getHostAddress());
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            throw new MethodNotAllowedException("Method " + method + " is not allowed on " + path + "; use GET");
        }
        if (path.equals("/") || path.equals(PATH)) {
            return new GatewayResponse(302, Map.of("Location", PATH + "/", "Cache-Control", "no-store"),
                    new GatewayResponse.Bytes(new byte[0]));
        }
        String name = path.substring(PATH.length() + 1);
        DashboardFiles.File file = files.find(name.isEmpty() ? "index.html" : name);
        if (file == null) {
            throw new NotFoundException("the dashboard has no file " + path);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", file.contentType());
        headers.put("ETag", file.etag());
        // revalidated on every load (a cheap 304), so a new jar's files are never mixed with an old one's
        headers.put("Cache-Control", "no-cache");
        headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("X-Frame-Options", "DENY");
        headers.put("Referrer-Policy", "no-referrer");
        if (file.etag().equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
            return new GatewayResponse(304, headers, new GatewayResponse.Bytes(new byte[0]));
        }
        return new GatewayResponse(200, headers, new GatewayResponse.Bytes(method.equals("HEAD") ? new byte[0]
                : file.bytes()));
    }
}
