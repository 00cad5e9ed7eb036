package dev.aiproxy.routing.config;

import java.time.Duration;

/**
 * Where the gateway keeps the state several instances share ({@code state:}): credential cooldowns, rate-limit
 * counts, budget spend, Responses conversations and the response cache. Read at start-up: a change needs a restart.
 * Without it every instance keeps its state in its own memory.
 *
 * @param url {@code redis://[:password@]host:port[/db]} or {@code rediss://...} (TLS); null for this process's memory
 * @param timeout the longest any request waits on the store; past it the instance uses its local state
 */
public record StateSettings(String url, Duration timeout) {
    /** 50 ms: well above a loopback or same-zone round trip, well below what a client notices. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(50);
    /** This process's memory. */
    public static final StateSettings LOCAL = new StateSettings(null, DEFAULT_TIMEOUT);

    public StateSettings {
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("state.timeout must be positive, was " + timeout);
        }
        if (url != null && url.isBlank()) {
            url = null;
        }
    }

    /** Whether the state is shared through a store rather than kept in this process. */
    public boolean shared() {
        return url != null;
    }

    /** The URL with any password replaced by {@code ***}, for logs, messages and health. */
    public String redactedUrl() {
        if (url == null) {
            return "local";
        }
        int scheme = url.indexOf("://");
        int at = url.lastIndexOf('@');
        if (scheme < 0 || at < scheme) {
            return url;
        }
        String userInfo = url.substring(scheme + 3, at);
        int colon = userInfo.indexOf(':');
        String user = colon < 0 ? "" : userInfo.substring(0, colon);
        return url.substring(0, scheme + 3) + user + ":***" + url.substring(at);
    }

    @Override
    public String toString() {
        return "StateSettings[url=" + redactedUrl() + ", timeout=" + timeout + "]";
    }
}
