package dev.aiproxy.routing.metrics;

import static java.util.Objects.requireNonNull;

import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.UsageRecord;
import dev.aiproxy.routing.internal.metrics.MeterNames;
import dev.aiproxy.routing.internal.metrics.UsageMeters;
import dev.aiproxy.routing.usage.UsageStore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/**
 * A gateway's meters, bound to a Micrometer registry the application owns: every chat request's count, latency, time to
 * first byte, tokens, cost, upstream attempts and fallbacks (from its {@link UsageRecord}), and gauges of active
 * cooldowns, of the usage store's queue and of the shared state store's health. Label values are bounded: the config's
 * model and provider names, the client's wire format, the status class; anything else is {@code other}, and nothing per
 * request (an id, a raw model string a client sent) ever becomes a label. docs/management-api.md lists every meter.
 *
 * <pre>{@code
 * Gateway gateway = Gateway.builder(config).meterRegistry(registry).build();   // or:
 * GatewayMetrics.of(gateway).bindTo(registry);
 * }</pre>
 *
 * Thread-safe. Binding to a registry adds a usage listener to the gateway; {@link #close()} removes the listeners.
 */
public final class GatewayMetrics implements MeterBinder, AutoCloseable {
    private final Gateway gateway;
    private final ReentrantLock lock = new ReentrantLock();
    private final Set<MeterRegistry> bound = Collections.newSetFromMap(new IdentityHashMap<>());
    private final List<Consumer<UsageRecord>> listeners = new ArrayList<>();

    private GatewayMetrics(Gateway gateway) {
        this.gateway = gateway;
    }

    /** The meters of {@code gateway}, bound to no registry yet. */
    public static GatewayMetrics of(Gateway gateway) {
        return new GatewayMetrics(requireNonNull(gateway, "gateway"));
    }

    /**
     * Registers the gauges and starts recording every request that ends from now on into {@code registry}.
     *
     * @throws IllegalStateException when this was bound to that registry already: each request would count twice
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        requireNonNull(registry, "registry");
        UsageMeters meters = new UsageMeters(registry, gateway);
        lock.lock();
        try {
            if (!bound.add(registry)) {
                throw new IllegalStateException("these gateway metrics are already bound to this registry; binding "
                        + "again would count every request twice");
            }
            listeners.add(meters);
        } finally {
            lock.unlock();
        }
        Gauge.builder(MeterNames.COOLDOWNS_ACTIVE, gateway, g -> g.cooldowns().active().size())
                .description("Credentials (or models on a credential) cooling down now")
                .register(registry);
        if (gateway.usageStatus().isPresent()) {
            Gauge.builder(MeterNames.USAGE_QUEUED, gateway, status(UsageStore.Status::queued))
                    .description("Usage records waiting to be written to the usage store")
                    .register(registry);
            FunctionCounter.builder(MeterNames.USAGE_DROPPED, gateway, status(UsageStore.Status::dropped))
                    .description("Usage records dropped because the store's queue was full")
                    .register(registry);
            FunctionCounter.builder(MeterNames.USAGE_WRITTEN, gateway, status(UsageStore.Status::written))
                    .description("Usage records written to the usage store")
                    .register(registry);
        }
        if (gateway.stateStatus().shared()) {
            Gauge.builder(MeterNames.STATE_HEALTHY, gateway, g -> g.stateStatus().healthy() ? 1 : 0)
                    .description("1 while the shared state store answers, 0 while this instance uses its local state")
                    .register(registry);
            FunctionCounter.builder(MeterNames.STATE_FALLBACKS, gateway, g -> g.stateStatus().fallbacks())
                    .description("Calls to the shared state store that failed or timed out, answered from local state")
                    .register(registry);
        }
        gateway.addUsageListener(meters);
    }

    private static ToDoubleFunction<Gateway> status(ToDoubleFunction<UsageStore.Status> field) {
        return g -> g.usageStatus().map(field::applyAsDouble).orElse(Double.NaN);
    }

    /** Stops recording requests into every registry bound; the meters stay in the registries. */
    @Override
    public void close() {
        lock.lock();
        try {
            listeners.forEach(gateway::removeUsageListener);
            listeners.clear();
            bound.clear();
        } finally {
            lock.unlock();
        }
    }
}
