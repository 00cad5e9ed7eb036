package dev.aiproxy.server;

import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.routing.config.UsageSettings;
import dev.aiproxy.routing.usage.UsageStore;
import dev.aiproxy.routing.usage.UsageStores;
import java.nio.file.Path;

/**
 * A gateway served as the launcher serves it, for end-to-end tests: a SQLite usage store in a test's folder (or none),
 * the gateway over it, the server in front; closed in the launcher's order (server, gateway, then the store, which writes
 * what waits).
 */
record RunningGateway(UsageStore store, Gateway gateway, GatewayServer server) implements AutoCloseable {

    /** Serves {@code config} with a usage store at {@code dir/usage.db}. */
    static RunningGateway withStore(GatewayConfig config, Path dir) {
        UsageStore store = UsageStores.open(new UsageSettings("sqlite:usage.db", 90, 1_000), dir).orElseThrow();
        Gateway gateway = Gateway.builder(config).usageStore(store).build();
        return new RunningGateway(store, gateway, GatewayServer.start(gateway));
    }

    /** Serves a gateway built by the test, without a usage store. */
    static RunningGateway of(Gateway gateway) {
        return new RunningGateway(null, gateway, GatewayServer.start(gateway));
    }

    String baseUrl() {
        return server.baseUrl();
    }

    @Override
    public void close() {
        server.close();
        gateway.close();
        if (store != null) {
            store.close();
        }
    }
}
