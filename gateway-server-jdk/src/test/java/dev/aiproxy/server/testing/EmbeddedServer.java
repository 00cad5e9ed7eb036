package dev.aiproxy.server.testing;

import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.server.GatewayServer;
import java.io.IOException;

/**
 * A gateway server as an application embeds it, in a JVM of its own with no {@code -D} options: a test starts it to
 * see the settings {@code GatewayServer} gives the JDK server itself. Serves the echo model on a free loopback port,
 * prints {@code listening <port>}, and stops when its standard input ends (the test closes it, or dies).
 */
public final class EmbeddedServer {
    private EmbeddedServer() {
    }

    public static void main(String[] args) throws IOException {
        try (Gateway gateway = Gateway.create(GatewayConfig.builder().port(0).build());
                GatewayServer server = GatewayServer.start(gateway)) {
            System.out.println("listening " + server.port());
            System.out.flush();
            while (System.in.read() >= 0) {
                // nothing to read: the end of input is the signal to stop
            }
        }
    }
}
