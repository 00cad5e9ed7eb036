package dev.aiproxy.server.internal;

import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.metrics.GatewayMetrics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The server's own Prometheus registry, which {@code /metrics} writes out: the gateway's meters and the JVM's and
 * process's (memory, GC, threads, class loading, CPU, uptime, open files), from Micrometer's binders. The server owns
 * it, so an application that also hands the gateway its own registry ({@code Gateway.builder().meterRegistry}) gets
 * every request counted once in each, never twice in one. Closing stops the recording.
 */
public final class ServerMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry;
    private final GatewayMetrics gatewayMetrics;
    private final JvmGcMetrics gcMetrics;

    private ServerMetrics(PrometheusMeterRegistry registry, GatewayMetrics gatewayMetrics, JvmGcMetrics gcMetrics) {
        this.registry = registry;
        this.gatewayMetrics = gatewayMetrics;
        this.gcMetrics = gcMetrics;
    }

    /** A registry with {@code gateway}'s meters and the JVM's bound; records every request that ends from now on. */
    public static ServerMetrics start(Gateway gateway) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        GatewayMetrics gatewayMetrics = GatewayMetrics.of(gateway);
        gatewayMetrics.bindTo(registry);
        return new ServerMetrics(registry, gatewayMetrics, gc);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Stops recording requests and garbage collections; the registry can still be written out. */
    @Override
    public void close() {
        gatewayMetrics.close();
        gcMetrics.close();
    }
}
