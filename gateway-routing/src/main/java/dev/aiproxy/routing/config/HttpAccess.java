package dev.aiproxy.routing.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * Which {@code Host} names and which browser origins the server answers, beyond its own. A web page must not reach a
 * gateway on the user's machine: the server refuses a {@code Host} that names none of its addresses (DNS rebinding
 * sends the attacker's name) and any request that carries an {@code Origin} (only browsers send one), unless listed
 * here.
 *
 * @param allowedHosts more names the server answers to, besides {@code localhost}, IP addresses and its configured
 *     host: the DNS names clients and proxies reach it by; lower case, without a port; {@code *} allows any
 * @param allowedOrigins the web origins ({@code https://app.example.com}) whose pages may call the gateway, CORS
 *     preflight included; lower case, without a path; {@code *} allows any page on the web. None by default
 */
public record HttpAccess(List<String> allowedHosts, List<String> allowedOrigins) {
    /** Only the gateway's own names, and no browser origin. */
    public static final HttpAccess DEFAULTS = new HttpAccess(List.of(), List.of());

    /** The entry that allows every host or every origin. */
    public static final String ANY = "*";

    public HttpAccess {
        allowedHosts = allowedHosts.stream().map(HttpAccess::host).distinct().toList();
        allowedOrigins = allowedOrigins.stream().map(HttpAccess::origin).distinct().toList();
    }

    /**
     * A host name as {@code allowed-hosts} takes it, in lower case.
     *
     * @throws IllegalArgumentException when it has a port, a scheme, a path or a space
     */
    public static String host(String name) {
        String h = name.strip().toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.isEmpty() || h.chars().anyMatch(c -> c == ':' || c == '/' || c <= ' ' || c == '@')) {
            throw new IllegalArgumentException("not a host name: \"" + name + "\"; write the name alone, without a "
                    + "scheme or a port (such as gateway.internal), or * for any");
        }
        return h;
    }

    /**
     * An origin as {@code allowed-origins} takes it and browsers send it: {@code scheme://host[:port]} in lower case,
     * without a path or a default port.
     *
     * @throws IllegalArgumentException when it is not an http(s) origin
     */
    public static String origin(String value) {
        String v = value.strip();
        if (v.equals(ANY)) {
            return v;
        }
        String problem = "not a web origin: \"" + value + "\"; write the scheme, host and port only, as the browser "
                + "shows it (such as https://app.example.com or http://localhost:3000), or * for any";
        URI uri;
        try {
            uri = new URI(v.endsWith("/") ? v.substring(0, v.length() - 1) : v);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(problem, e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null
                || uri.getRawUserInfo() != null || !uri.getRawPath().isEmpty() || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(problem);
        }
        int port = uri.getPort();
        boolean defaultPort = port == -1 || scheme.equals("http") && port == 80
                || scheme.equals("https") && port == 443;
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }
}
