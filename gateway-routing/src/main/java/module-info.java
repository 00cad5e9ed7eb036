/**
 * The {@link dev.aiproxy.routing.Gateway} facade, its configuration and its request pipeline (the interceptor API).
 * Everything else is internal. Providers are found at run time through {@link java.util.ServiceLoader}, so this module
 * requires none of them.
 */
// resilience4j 2.x ships no module-info; its jars name themselves with Automatic-Module-Name, which is stable
@SuppressWarnings("requires-automatic")
module dev.aiproxy.routing {
    requires transitive dev.aiproxy.api;
    requires dev.aiproxy.translate;
    requires com.fasterxml.jackson.databind;
    requires org.yaml.snakeyaml;
    requires io.github.resilience4j.core;
    requires io.github.resilience4j.retry;
    requires io.github.resilience4j.ratelimiter;
    // the response cache's in-process store: bounded in bytes, with a TTL
    requires com.github.benmanes.caffeine;
    // optional: only an application that binds the gateway's meters needs Micrometer (dev.aiproxy.routing.metrics)
    requires static micrometer.core;

    exports dev.aiproxy.routing;
    exports dev.aiproxy.routing.config;
    exports dev.aiproxy.routing.config.edit;
    exports dev.aiproxy.routing.pipeline;
    exports dev.aiproxy.routing.cache;
    exports dev.aiproxy.routing.usage;
    exports dev.aiproxy.routing.state;
    exports dev.aiproxy.routing.metrics;

    uses dev.aiproxy.api.spi.ProviderFactory;
    uses dev.aiproxy.routing.usage.UsageStoreFactory;
    uses dev.aiproxy.routing.state.SharedStateFactory;
}
