package dev.aiproxy.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Executors;

/**
 * The transport's floor: the thinnest relay our stack allows, com.sun.net.httpserver on virtual threads plus one
 * java.net.http.HttpClient, with no routing, auth or parsing. Every request goes to the same path on the upstream with
 * its body, Content-Type and Accept; the answer's status and Content-Type come back and its body is relayed as it
 * arrives, flushed after each read. Same settings the gateway's launcher uses by default (TCP_NODELAY on the server).
 *
 * <p>Usage: {@code BareRelay PORT UPSTREAM_BASE_URL}; prints {@code listening PORT} when ready.
 */
public final class BareRelay {
    private static final java.time.Duration TIMEOUT = System.getProperty("relay.timeout") == null ? null
            : java.time.Duration.ofSeconds(Long.parseLong(System.getProperty("relay.timeout")));

    private BareRelay() {
    }

    public static void main(String[] args) throws IOException {
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        int port = Integer.parseInt(args[0]);
        String upstream = args[1].endsWith("/") ? args[1].substring(0, args[1].length() - 1) : args[1];
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1);
        // -Drelay.executor=vt (default) | pool (the client's own cached pool) | direct: transport experiments
        switch (System.getProperty("relay.executor", "vt")) {
            case "vt" -> builder.executor(Executors.newVirtualThreadPerTaskExecutor());
            case "direct" -> builder.executor(Runnable::run);
            case "pool" -> { }
            default -> throw new IllegalArgumentException("relay.executor: vt, pool or direct");
        }
        HttpClient client = builder.build();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
        // -Drelay.server=vt (default) | pool (platform threads, cached) | direct (the dispatcher thread): experiments
        switch (System.getProperty("relay.server", "vt")) {
            case "vt" -> server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            case "pool" -> server.setExecutor(Executors.newCachedThreadPool());
            case "direct" -> { }
            default -> throw new IllegalArgumentException("relay.server: vt, pool or direct");
        }
        if ("blocking".equals(System.getProperty("relay.client"))) {
            // -Drelay.client=blocking: the experiment of BlockingUpstream instead of HttpClient
            BlockingUpstream blocking = new BlockingUpstream(URI.create(upstream));
            server.createContext("/", exchange -> {
                try (exchange) {
                    byte[] body;
                    try (InputStream in = exchange.getRequestBody()) {
                        body = in.readAllBytes();
                    }
                    blocking.relay(exchange, exchange.getRequestMethod(), exchange.getRequestURI().toString(), body,
                            exchange.getRequestHeaders().getFirst("Content-Type"),
                            exchange.getRequestHeaders().getFirst("Accept"));
                }
            });
        } else {
            server.createContext("/", exchange -> relay(exchange, client, upstream));
        }
        server.start();
        System.out.println("listening " + server.getAddress().getPort());
        System.out.flush();
    }

    private static void relay(HttpExchange exchange, HttpClient client, String upstream) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(upstream + exchange.getRequestURI()));
            if (TIMEOUT != null) {
                // -Drelay.timeout=SECONDS: what a first-byte timeout on each request costs the transport
                request.timeout(TIMEOUT);
            }
            request
                    .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            if (type != null) {
                request.header("Content-Type", type);
            }
            String accept = exchange.getRequestHeaders().getFirst("Accept");
            if (accept != null) {
                request.header("Accept", accept);
            }
            HttpResponse<InputStream> response;
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(502, -1);
                return;
            }
            response.headers().firstValue("content-type")
                    .ifPresent(t -> exchange.getResponseHeaders().set("Content-Type", t));
            long length = response.headers().firstValueAsLong("content-length").orElse(0);
            exchange.sendResponseHeaders(response.statusCode(), length > 0 ? length : 0);
            try (InputStream in = response.body(); OutputStream out = exchange.getResponseBody()) {
                byte[] buffer = new byte[8192];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            }
        }
    }
}
