package dev.aiproxy.routing.internal.metrics;

import dev.aiproxy.api.model.Usage;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.UsageRecord;
import dev.aiproxy.routing.config.GatewayConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Turns each finished request's {@link UsageRecord} into meters: the request count, its duration and time to first
 * byte, its tokens by kind, its cost, its upstream attempts, whether a fallback served it, and whether the response
 * cache did. Runs on the request's
 * thread, so the meters of each label combination are looked up once and kept in a map keyed by a small record: a
 * request then costs two map reads and a few atomic adds, not a registry lookup that builds and sorts tags.
 * Thread-safe.
 */
public final class UsageMeters implements Consumer<UsageRecord> {
    /**
     * The latency buckets, in seconds, of both timers: fixed, so each observation is one binary search and one
     * atomic add (a percentile histogram would add Micrometer's ~70 buckets per series), and wide, since a chat
     * answer takes from milliseconds (an error, a cache) to minutes (a long stream).
     */
    static final Duration[] LATENCY_BUCKETS = seconds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
            60, 120, 300);

    private final MeterRegistry registry;
    private final Gateway gateway;
    private final AtomicReference<MetricLabels> labels = new AtomicReference<>();
    private final Map<RequestKey, Counter> requests = new ConcurrentHashMap<>();
    private final Map<RouteKey, RouteMeters> routes = new ConcurrentHashMap<>();
    private final Map<FallbackKey, Counter> fallbacks = new ConcurrentHashMap<>();
    private final Map<CacheKey, Counter> cacheHits = new ConcurrentHashMap<>();

    /** @param gateway whose live config and models bound the label values, read again after each reload */
    public UsageMeters(MeterRegistry registry, Gateway gateway) {
        this.registry = registry;
        this.gateway = gateway;
    }

    /** The requests counter's labels. */
    private record RequestKey(String format, String model, String provider, String statusClass, String outcome) {
    }

    /** The labels of every other per-request meter: fewer, since a timer's series each carry 17 buckets. */
    private record RouteKey(String format, String model, String provider) {
    }

    private record FallbackKey(String model, String servedModel, String provider) {
    }

    private record CacheKey(String format, String model) {
    }

    @Override
    public void accept(UsageRecord record) {
        MetricLabels allowed = labels();
        String format = MetricLabels.format(record.format());
        String model = allowed.model(record.accountedModel());
        String provider = allowed.provider(record.servedBy());
        RequestKey requestKey = new RequestKey(format, model, provider, MetricLabels.statusClass(record.status()),
                MetricLabels.outcome(record.outcome()));
        Counter counter = requests.get(requestKey);
        if (counter == null) {
            counter = requests.computeIfAbsent(requestKey, this::requestCounter);
        }
        counter.increment();
        RouteKey routeKey = new RouteKey(format, model, provider);
        RouteMeters route = routes.get(routeKey);
        if (route == null) {
            route = routes.computeIfAbsent(routeKey, this::routeMeters);
        }
        route.record(record);
        UsageRecord.ServedBy servedBy = record.servedBy();
        if (servedBy != null && record.model() != null && !servedBy.model().equals(record.model())) {
            fallbacks.computeIfAbsent(new FallbackKey(allowed.model(record.model()), model, provider),
                    this::fallbackCounter).increment();
        }
        if (record.cacheHit()) {
            cacheHits.computeIfAbsent(new CacheKey(format, model), this::cacheHitCounter).increment();
        }
    }

    private MetricLabels labels() {
        GatewayConfig live = gateway.config();
        MetricLabels current = labels.get();
        if (current == null || current.config() != live) {
            // the models are read after the config: they are then of that config or a newer one, never older
            current = MetricLabels.of(live, gateway.models());
            labels.set(current);
        }
        return current;
    }

    private Counter requestCounter(RequestKey key) {
        return Counter.builder(MeterNames.REQUESTS)
                .description("Chat requests served, by the client's format, the model, the provider that answered, "
                        + "the status class and how the answer ended")
                .tags("format", key.format(), "model", key.model(), "provider", key.provider(),
                        "status_class", key.statusClass(), "outcome", key.outcome())
                .register(registry);
    }

    private Counter fallbackCounter(FallbackKey key) {
        return Counter.builder(MeterNames.FALLBACKS)
                .description("Requests answered by a fallback model instead of the model asked for")
                .tags("model", key.model(), "served_model", key.servedModel(), "provider", key.provider())
                .register(registry);
    }

    private Counter cacheHitCounter(CacheKey key) {
        return Counter.builder(MeterNames.CACHE_HITS)
                .description("Requests the response cache answered, without an upstream")
                .tags("format", key.format(), "model", key.model())
                .register(registry);
    }

    private RouteMeters routeMeters(RouteKey key) {
        Tags tags = Tags.of("format", key.format(), "model", key.model(), "provider", key.provider());
        return new RouteMeters(
                timer(MeterNames.DURATION, "From receiving a request to the last byte of its answer", tags),
                timer(MeterNames.TIME_TO_FIRST_BYTE, "From receiving a request to the first byte of its answer "
                        + "(requests that got an answer)", tags),
                tokens(tags, "input"), tokens(tags, "output"), tokens(tags, "cached_input"),
                tokens(tags, "cache_write"), tokens(tags, "reasoning"),
                Counter.builder(MeterNames.COST).description("What the answers' tokens cost, in US dollars (priced "
                        + "models only)").tags(tags).register(registry),
                Counter.builder(MeterNames.ATTEMPTS).description("Upstream calls made, first tries, retries and "
                        + "fallbacks alike").tags(tags).register(registry),
                Counter.builder(MeterNames.RETRIES).description("Upstream calls made after a request's first (a "
                        + "retry on another key, or a fallback)").tags(tags).register(registry));
    }

    private Timer timer(String name, String description, Tags tags) {
        return Timer.builder(name).description(description).tags(tags)
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry);
    }

    private Counter tokens(Tags tags, String kind) {
        return Counter.builder(MeterNames.TOKENS)
                .description("Tokens the answers reported, by kind: input (every input token, cached ones "
                        + "included), output (reasoning included), cached_input, cache_write, reasoning")
                .tags(tags).tag("kind", kind).register(registry);
    }

    /** The meters of one format, model and provider. */
    private record RouteMeters(Timer duration, Timer firstByte, Counter input, Counter output, Counter cachedInput,
            Counter cacheWrite, Counter reasoning, Counter cost, Counter attempts, Counter retries) {
        void record(UsageRecord record) {
            duration.record(record.duration().toNanos(), TimeUnit.NANOSECONDS);
            if (record.timeToFirstByte() != null) {
                firstByte.record(record.timeToFirstByte().toNanos(), TimeUnit.NANOSECONDS);
            }
            Usage usage = record.usage();
            if (usage != null) {
                add(input, usage.inputTokens());
                add(output, usage.outputTokens());
                add(cachedInput, usage.cachedInputTokens());
                add(cacheWrite, usage.cacheWriteInputTokens());
                add(reasoning, usage.reasoningTokens());
            }
            if (record.cost() != null && record.cost().signum() > 0) {
                cost.increment(record.cost().doubleValue());
            }
            add(attempts, record.attempts());
            add(retries, record.attempts() - 1L);
        }

        private static void add(Counter counter, long amount) {
            if (amount > 0) {
                counter.increment(amount);
            }
        }
    }

    private static Duration[] seconds(double... values) {
        Duration[] out = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Duration.ofNanos(Math.round(values[i] * 1e9));
        }
        return out;
    }
}
