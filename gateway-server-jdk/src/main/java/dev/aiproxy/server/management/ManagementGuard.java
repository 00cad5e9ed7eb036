package dev.aiproxy.server.management;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.sun.net.httpserver.Headers;
import dev.aiproxy.api.Secret;
import dev.aiproxy.api.error.AuthenticationException;
import dev.aiproxy.api.error.NotFoundException;
import dev.aiproxy.api.error.PermissionDeniedException;
import dev.aiproxy.api.error.RateLimitedException;
import dev.aiproxy.routing.config.Management;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Who may use the management API (and {@code /metrics}, the event feed, the dashboard's data): the holder of
 * {@code remote-management.secret-key}, sent as {@code Authorization: Bearer <secret>} or {@code X-Management-Key},
 * compared with the configured hash in constant time. Without a secret the API does not exist (404); beyond loopback
 * it answers only with {@code allow-remote: true} (403). An address that sends {@value #FAILURES_PER_WINDOW} wrong
 * secrets within {@link #FAILURE_WINDOW} gets 429 for the rest of the window, right secret or not, so a secret cannot
 * be guessed at speed.
 */
public final class ManagementGuard {
    /** The header besides {@code Authorization: Bearer} that carries the secret, as CLIProxyAPI names it. */
    public static final String KEY_HEADER = "X-Management-Key";
    static final int FAILURES_PER_WINDOW = 5;
    static final Duration FAILURE_WINDOW = Duration.ofMinutes(1);
    /** Addresses whose failures are remembered at once; the least recently seen go first. */
    private static final int ADDRESSES_KEPT = 10_000;

    private final Duration window;
    private final RateLimiterConfig failureLimit;
    private final Cache<InetAddress, RateLimiter> failures;

    public ManagementGuard() {
        this(FAILURES_PER_WINDOW, FAILURE_WINDOW);
    }

    ManagementGuard(int failuresPerWindow, Duration window) {
        this.window = window;
        this.failureLimit = RateLimiterConfig.custom()
                .limitForPeriod(failuresPerWindow)
                .limitRefreshPeriod(window)
                .timeoutDuration(Duration.ZERO)
                .build();
        this.failures = Caffeine.newBuilder().maximumSize(ADDRESSES_KEPT).expireAfterAccess(window.multipliedBy(2))
                .build();
    }

    /**
     * Lets the request through, or throws what it gets instead.
     *
     * @throws NotFoundException when no management secret is configured
     * @throws PermissionDeniedException from beyond loopback without {@code allow-remote}
     * @throws RateLimitedException when the address sent too many wrong secrets lately
     * @throws AuthenticationException when the secret is missing or wrong
     */
    public void admit(Management management, InetAddress from, Headers headers, String path) {
        if (!management.enabled()) {
            throw new NotFoundException("Invalid URL (" + path + "): the management API is off; set "
                    + "remote-management.secret-key to turn it on");
        }
        if (!from.isLoopbackAddress() && !management.allowRemote()) {
            throw new PermissionDeniedException("the management API answers this machine only; set "
                    + "remote-management.allow-remote: true to reach it from " + from.getHostAddress());
        }
        RateLimiter limiter = failures.getIfPresent(from);
        if (limiter != null && limiter.getMetrics().getAvailablePermissions() <= 0) {
            throw tooMany();
        }
        String presented = presented(headers);
        if (presented == null) {
            throw new AuthenticationException("the management API needs the management secret, as "
                    + "'Authorization: Bearer <secret>' or '" + KEY_HEADER + ": <secret>'");
        }
        if (!matches(management.secretHash(), presented)) {
            RateLimiter counted = failures.get(from, a -> RateLimiter.of("management-" + a.getHostAddress(),
                    failureLimit));
            if (!counted.acquirePermission()) {
                throw tooMany();
            }
            throw new AuthenticationException("wrong management secret");
        }
    }

    /** Retry-After is the whole window: an upper bound, and a guesser learns nothing from it. */
    private RateLimitedException tooMany() {
        return new RateLimitedException("too many wrong management secrets from this address; try again within "
                + window.toSeconds() + " s", window);
    }

    /** The secret the request carries, or null. */
    static String presented(Headers headers) {
        String key = headers.getFirst(KEY_HEADER);
        if (key != null && !key.isBlank()) {
            return key.strip();
        }
        String authorization = headers.getFirst("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = authorization.substring(7).strip();
            return token.isEmpty() ? null : token;
        }
        return null;
    }

    /** Whether {@code presented} is the secret whose SHA-256 is {@code hash}, in time that does not depend on it. */
    public static boolean matches(String hash, String presented) {
        return hash != null && MessageDigest.isEqual(HexFormat.of().parseHex(hash),
                Secret.sha256(presented.getBytes(StandardCharsets.UTF_8)));
    }
}
