package dev.aiproxy.server.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny forwarder on loopback that counts what goes through it. As an HTTP proxy ({@link #http()}) it answers
 * {@code CONNECT host:port} with 200 and then pipes both ways (a tunnel: TLS passes through untouched), and forwards
 * a request in absolute form ({@code POST http://host:port/path HTTP/1.1}) to its origin, then pipes the rest of the
 * connection; as a relay ({@link #relayTo}) it pipes every connection to one port, so a test can count the TCP
 * connections a client opens to a TLS server. It connects to loopback only, and refuses any other target with 403.
 */
public final class LoopbackProxy implements AutoCloseable {
    private final ServerSocket server;
    /** The port every connection goes to, or 0 for an HTTP proxy. */
    private final int relayPort;
    private final boolean refuseTunnels;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> tunnels = new CopyOnWriteArrayList<>();
    private final List<String> forwarded = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private LoopbackProxy(int relayPort, boolean refuseTunnels) throws IOException {
        this.relayPort = relayPort;
        this.refuseTunnels = refuseTunnels;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("loopback-proxy").start(this::acceptAll);
    }

    /** An HTTP proxy: CONNECT tunnels and absolute-form requests. */
    public static LoopbackProxy http() throws IOException {
        return new LoopbackProxy(0, false);
    }

    /** An HTTP proxy whose policy forbids tunnels: it answers every CONNECT with 403. */
    public static LoopbackProxy refusingTunnels() throws IOException {
        return new LoopbackProxy(0, true);
    }

    /** A relay of every connection to {@code port} on loopback. */
    public static LoopbackProxy relayTo(int port) throws IOException {
        return new LoopbackProxy(port, false);
    }

    /** {@code http://127.0.0.1:<port>}, what a {@code proxy-url} names. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The client connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    /** The targets of the tunnels opened so far ({@code host:port}), one per CONNECT answered with 200. */
    public List<String> tunnels() {
        return List.copyOf(tunnels);
    }

    /** The request lines of the absolute-form requests forwarded so far (the first of each connection). */
    public List<String> forwarded() {
        return List.copyOf(forwarded);
    }

    private void acceptAll() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                connections.incrementAndGet();
                sockets.add(client);
                Thread.ofVirtual().start(() -> serve(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try {
            if (relayPort > 0) {
                pipe(client, open("127.0.0.1", relayPort), new byte[0]);
                return;
            }
            byte[] head = readHead(client.getInputStream());
            String requestLine = new String(head, StandardCharsets.ISO_8859_1).split("\r\n", 2)[0];
            String[] parts = requestLine.split(" ");
            if (parts.length != 3) {
                answer(client, "400 Bad Request");
                return;
            }
            if (parts[0].equals("CONNECT")) {
                int colon = parts[1].lastIndexOf(':');
                String host = parts[1].substring(0, colon);
                if (refuseTunnels || !isLoopback(host)) {
                    answer(client, "403 Forbidden");
                    return;
                }
                Socket target = open(host, Integer.parseInt(parts[1].substring(colon + 1)));
                client.getOutputStream().write("HTTP/1.1 200 Connection Established\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                client.getOutputStream().flush();
                tunnels.add(parts[1]);
                pipe(client, target, new byte[0]);
                return;
            }
            URI origin = URI.create(parts[1]);
            if (!"http".equals(origin.getScheme()) || !isLoopback(origin.getHost())) {
                answer(client, "403 Forbidden");
                return;
            }
            Socket target = open(origin.getHost(), origin.getPort() > 0 ? origin.getPort() : 80);
            forwarded.add(requestLine);
            pipe(client, target, head);
        } catch (IOException e) {
            close(client);
        }
    }

    private static boolean isLoopback(String host) {
        return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]");
    }

    private Socket open(String host, int port) throws IOException {
        Socket target = new Socket();
        sockets.add(target);
        target.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
        return target;
    }

    /** Sends {@code first}, then copies both ways until either side ends; then closes both. */
    private static void pipe(Socket client, Socket target, byte[] first) throws IOException {
        target.getOutputStream().write(first);
        target.getOutputStream().flush();
        Thread upstream = Thread.ofVirtual().start(() -> copy(client, target));
        copy(target, client);
        try {
            upstream.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void copy(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side went away: so does the other
        }
        close(from);
        close(to);
    }

    private static void answer(Socket client, String status) throws IOException {
        try (client) {
            client.getOutputStream().write(("HTTP/1.1 " + status + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** The request line and headers, through the blank line. */
    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while (matched < 4 && (b = in.read()) >= 0) {
            head.write(b);
            matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : b == '\r' ? 1 : 0;
        }
        return head.toByteArray();
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        sockets.forEach(LoopbackProxy::close);
    }
}
