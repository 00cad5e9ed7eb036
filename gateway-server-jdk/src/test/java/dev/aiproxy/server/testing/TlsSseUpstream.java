package dev.aiproxy.server.testing;

import dev.aiproxy.translate.testing.TestCertificates;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import wiremock.jakarta.servlet.http.HttpServletRequest;
import wiremock.jakarta.servlet.http.HttpServletResponse;
import wiremock.org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import wiremock.org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import wiremock.org.eclipse.jetty.server.HttpConfiguration;
import wiremock.org.eclipse.jetty.server.HttpConnectionFactory;
import wiremock.org.eclipse.jetty.server.Request;
import wiremock.org.eclipse.jetty.server.SecureRequestCustomizer;
import wiremock.org.eclipse.jetty.server.Server;
import wiremock.org.eclipse.jetty.server.ServerConnector;
import wiremock.org.eclipse.jetty.server.SslConnectionFactory;
import wiremock.org.eclipse.jetty.server.handler.AbstractHandler;
import wiremock.org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * An OpenAI-style upstream over TLS whose stream the test paces, for what WireMock cannot show: whether the gateway
 * cancels an upstream call. It answers {@code /v1/chat/completions} with SSE chunks: the first at once, the rest only
 * after {@link #release()}, one every few milliseconds, so a write after the gateway gave up fails, which it records
 * as a hang-up. After {@link #holdHeaders()} it sends nothing, not even the status line, before the next release. It
 * speaks HTTP/2 (offered first by ALPN) or HTTP/1.1 only.
 *
 * <p>It runs on the Jetty inside wiremock-standalone (its packages shaded under {@code wiremock.}): WireMock can delay
 * or dribble an answer, but cannot tell a test that its client reset an HTTP/2 stream.
 */
public final class TlsSseUpstream implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;
    private final int chunks;
    private final List<String> protocols = new CopyOnWriteArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private final CountDownLatch hungUp = new CountDownLatch(1);
    private final AtomicInteger completed = new AtomicInteger();
    /** The test's stop signal, counted down by {@link #close()}; its timed wait also paces the chunks. */
    private final CountDownLatch closed = new CountDownLatch(1);
    /** What an answer waits for before its status line: open, until {@link #holdHeaders()}. */
    private volatile CountDownLatch headers = new CountDownLatch(0);

    private TlsSseUpstream(TestCertificates certificates, boolean http2, int chunks) throws Exception {
        this.chunks = chunks;
        server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        // the gateway calls 127.0.0.1, for which a client sends no SNI; the certificate names it all the same
        http.addCustomizer(new SecureRequestCustomizer(false, false, -1, false));
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setSslContext(certificates.serverContext());
        HttpConnectionFactory http1 = new HttpConnectionFactory(http);
        if (http2) {
            ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2", "http/1.1");
            alpn.setDefaultProtocol("http/1.1");
            connector = new ServerConnector(server, new SslConnectionFactory(tls, alpn.getProtocol()), alpn,
                    new HTTP2ServerConnectionFactory(http), http1);
        } else {
            connector = new ServerConnector(server, new SslConnectionFactory(tls, http1.getProtocol()), http1);
        }
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new AbstractHandler() {
            @Override
            public void handle(String target, Request base, HttpServletRequest request, HttpServletResponse response) {
                base.setHandled(true);
                answer(request, response);
            }
        });
        server.start();
    }

    /** An upstream offering HTTP/2 and HTTP/1.1, that streams {@code chunks} chunks once released. */
    public static TlsSseUpstream http2(TestCertificates certificates, int chunks) throws Exception {
        return new TlsSseUpstream(certificates, true, chunks);
    }

    /** An upstream that speaks HTTP/1.1 only over TLS, as some local servers and proxies do. */
    public static TlsSseUpstream http1(TestCertificates certificates, int chunks) throws Exception {
        return new TlsSseUpstream(certificates, false, chunks);
    }

    /** Answers that arrive from now on wait for the next {@link #release()} before their status line. */
    public TlsSseUpstream holdHeaders() {
        headers = new CountDownLatch(1);
        return this;
    }

    private void answer(HttpServletRequest request, HttpServletResponse response) {
        protocols.add(request.getProtocol());
        CountDownLatch held = headers;
        try {
            request.getInputStream().readAllBytes();
            if (!held.await(30, TimeUnit.SECONDS)) {
                return;
            }
            response.setStatus(200);
            response.setContentType("text/event-stream");
            OutputStream out = response.getOutputStream();
            for (int i = 0; i < chunks; i++) {
                out.write(chunk("word" + i + " ").getBytes(StandardCharsets.UTF_8));
                out.flush();
                if (i == 0) {
                    released.await(30, TimeUnit.SECONDS);
                } else if (closed.await(5, TimeUnit.MILLISECONDS)) {
                    return; // the test is over
                }
            }
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            completed.incrementAndGet();
        } catch (IOException e) {
            hungUp.countDown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String chunk(String text) {
        return "data: {\"id\":\"chatcmpl-tls\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"tls-1\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text + "\"},\"finish_reason\":null}]}\n\n";
    }

    /** {@code https://127.0.0.1:<port>/v1}. */
    public String baseUrl() {
        return "https://127.0.0.1:" + port() + "/v1";
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** The protocol of each request received, as the server saw it: {@code HTTP/2.0} or {@code HTTP/1.1}. */
    public List<String> protocols() {
        return List.copyOf(protocols);
    }

    /** Lets the answers go on: held status lines, and the chunks after the first. */
    public void release() {
        headers.countDown();
        released.countDown();
    }

    /** Whether the gateway hung up (closed the connection, or reset the HTTP/2 stream) before the answer ended. */
    public boolean awaitHangUp(long seconds) throws InterruptedException {
        return hungUp.await(seconds, TimeUnit.SECONDS);
    }

    /** How many answers were written whole. */
    public int completed() {
        return completed.get();
    }

    @Override
    public void close() throws Exception {
        closed.countDown();
        release();
        server.stop();
    }
}
