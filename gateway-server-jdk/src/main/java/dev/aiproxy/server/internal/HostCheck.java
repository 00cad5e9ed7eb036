package dev.aiproxy.server.internal;

import dev.aiproxy.api.error.ErrorType;
import dev.aiproxy.api.error.GatewayException;
import dev.aiproxy.routing.config.HttpAccess;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks that a request's {@code Host} names this gateway, against DNS rebinding: a page on {@code evil.example}
 * whose name is made to resolve to 127.0.0.1 reaches the gateway as if it were the page's own server, and may read
 * the answers; its requests then carry {@code Host: evil.example}. Served are {@code localhost}, every IP address
 * (rebinding needs a name: a page cannot make the browser send the gateway's address as its own host unless it was
 * loaded from that address), the configured {@code host} when it is a name, and {@code allowed-hosts}. A request
 * without a {@code Host} (HTTP/1.0) is served: browsers always send one. Immutable; built per config snapshot; the
 * check allocates nothing.
 */
final class HostCheck {
    private final String[] names;
    private final boolean any;

    private HostCheck(List<String> names, boolean any) {
        this.names = names.toArray(String[]::new);
        this.any = any;
    }

    /** The names a server bound to {@code boundHost} answers to under {@code access}. */
    static HostCheck of(String boundHost, HttpAccess access) {
        List<String> names = new ArrayList<>();
        names.add("localhost");
        String bound = boundHost.strip().toLowerCase(Locale.ROOT);
        boolean address = bound.indexOf(':') >= 0 || isIpv4(bound, bound.length());
        if (!bound.isEmpty() && !address && !names.contains(bound)) {
            names.add(bound);
        }
        for (String host : access.allowedHosts()) {
            if (!names.contains(host)) {
                names.add(host);
            }
        }
        return new HostCheck(names, access.allowedHosts().contains(HttpAccess.ANY));
    }

    /** @throws Refused when {@code host}, a {@code Host} header value with or without its port, is not served */
    void check(String host) {
        if (host == null || any || host.isEmpty()) {
            return;
        }
        int end = nameEnd(host);
        if (end > 0 && (host.charAt(0) == '[' || isIpv4(host, end))) {
            return;
        }
        if (end > 1 && host.charAt(end - 1) == '.') {
            end--;
        }
        for (String name : names) {
            if (name.length() == end && host.regionMatches(true, 0, name, 0, end)) {
                return;
            }
        }
        throw new Refused(end > 0 ? host.substring(0, end) : host);
    }

    /**
     * Where the host part of a {@code Host} value ends: before {@code :port}, after an IPv6 literal's {@code ]}; -1
     * when the value is malformed (a bare IPv6 address, a {@code [} without {@code ]}).
     */
    private static int nameEnd(String host) {
        if (host.charAt(0) == '[') {
            int close = host.indexOf(']');
            return close < 0 || close + 1 < host.length() && host.charAt(close + 1) != ':' ? -1 : close + 1;
        }
        int colon = host.indexOf(':');
        if (colon < 0) {
            return host.length();
        }
        return host.indexOf(':', colon + 1) >= 0 ? -1 : colon;
    }

    /** Whether {@code host[0, end)} is an IPv4 address: digits and dots. */
    private static boolean isIpv4(String host, int end) {
        boolean digit = false;
        for (int i = 0; i < end; i++) {
            char c = host.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c != '.') {
                return false;
            }
        }
        return digit;
    }

    /** HTTP 403: the request's {@code Host} is not a name of this gateway. */
    static final class Refused extends GatewayException {
        Refused(String host) {
            super(403, ErrorType.PERMISSION, "the Host header names '" + host + "', which is not a name of this "
                    + "gateway: a web page may be trying to reach it through DNS rebinding. Reach the gateway by its "
                    + "address or 'localhost', or add the name to 'allowed-hosts'", "host_not_allowed", null, null,
                    null);
        }
    }
}
