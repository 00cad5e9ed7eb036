package dev.aiproxy.routing.internal.metrics;

/**
 * The gateway's meter names, in Micrometer's dotted form; a Prometheus registry writes {@code gw.requests} as
 * {@code gw_requests_total}, a timer as {@code <name>_seconds_bucket/_count/_sum/_max}. docs/management-api.md lists
 * them with their labels.
 */
public final class MeterNames {
    public static final String REQUESTS = "gw.requests";
    public static final String DURATION = "gw.request.duration";
    public static final String TIME_TO_FIRST_BYTE = "gw.time.to.first.byte";
    public static final String TOKENS = "gw.tokens";
    public static final String COST = "gw.cost.usd";
    public static final String ATTEMPTS = "gw.upstream.attempts";
    public static final String RETRIES = "gw.upstream.retries";
    public static final String FALLBACKS = "gw.fallbacks";
    public static final String CACHE_HITS = "gw.cache.hits";
    public static final String COOLDOWNS_ACTIVE = "gw.cooldowns.active";
    public static final String USAGE_QUEUED = "gw.usage.store.queued";
    public static final String USAGE_DROPPED = "gw.usage.store.dropped";
    public static final String USAGE_WRITTEN = "gw.usage.store.written";
    public static final String STATE_HEALTHY = "gw.state.healthy";
    public static final String STATE_FALLBACKS = "gw.state.fallbacks";

    private MeterNames() {
    }
}
