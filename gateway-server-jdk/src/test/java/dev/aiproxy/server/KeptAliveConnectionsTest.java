package dev.aiproxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiproxy.server.testing.EmbeddedServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hundreds of clients that keep their connection alive between requests keep it: the JDK server closes an idle
 * connection beyond its limit ({@code sun.net.httpserver.maxIdleConnections}, 200 by default), which a client sees as
 * a dropped connection on its next request. {@code GatewayServer} sets the limit itself, so the server runs in a JVM
 * of its own, started without any {@code -D} option, as an embedding application would.
 */
class KeptAliveConnectionsTest {
    private static final int CONNECTIONS = 300;
    private static final String BODY = "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void threeHundredKeptAliveConnectionsAreAllKeptAcrossRequests() throws Exception {
        Process child = startEmbeddedServer();
        List<SocketHttp> connections = new ArrayList<>();
        try {
            int port = portOf(child);
            for (int i = 0; i < CONNECTIONS; i++) {
                connections.add(new SocketHttp(port));
            }

            List<String> first = round(connections, port);
            List<String> second = round(connections, port);
            List<String> third = round(connections, port);

            assertThat(first).as("first requests").isEmpty();
            assertThat(second).as("second requests, on connections idle in between").isEmpty();
            assertThat(third).as("third requests").isEmpty();
        } finally {
            for (SocketHttp connection : connections) {
                connection.close();
            }
            child.getOutputStream().close();
            if (!child.waitFor(10, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        }
    }

    /**
     * Sends one request on every connection, then reads every answer, so all are idle at once in between; returns
     * what failed.
     */
    private static List<String> round(List<SocketHttp> connections, int port) {
        List<String> failures = new ArrayList<>();
        List<SocketHttp> sent = new ArrayList<>();
        for (int i = 0; i < connections.size(); i++) {
            try {
                connections.get(i).send("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:" + port
                        + "\r\nContent-Type: application/json", BODY);
                sent.add(connections.get(i));
            } catch (IOException e) {
                failures.add("connection " + i + ": send: " + e);
                sent.add(null);
            }
        }
        for (int i = 0; i < sent.size(); i++) {
            if (sent.get(i) == null) {
                continue;
            }
            try {
                RawHttp.Response r = sent.get(i).read();
                if (r.status() != 200) {
                    failures.add("connection " + i + ": status " + r.status());
                }
            } catch (IOException e) {
                failures.add("connection " + i + ": read: " + e);
            }
        }
        return failures;
    }

    private static Process startEmbeddedServer() throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", classpath, EmbeddedServer.class.getName());
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.redirectErrorStream(true);
        return builder.start();
    }

    private static int portOf(Process child) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line;
        StringBuilder seen = new StringBuilder();
        while ((line = out.readLine()) != null) {
            if (line.startsWith("listening ")) {
                // keep reading in the background, so the child never blocks on a full pipe
                Thread.ofVirtual().start(() -> out.lines().forEach(l -> { }));
                return Integer.parseInt(line.substring("listening ".length()).trim());
            }
            seen.append(line).append('\n');
        }
        throw new IllegalStateException("the embedded server exited before listening:\n" + seen);
    }
}
