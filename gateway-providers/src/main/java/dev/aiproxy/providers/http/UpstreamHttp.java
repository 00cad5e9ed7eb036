package dev.aiproxy.providers.http;

import dev.aiproxy.api.error.UpstreamException;
import dev.aiproxy.api.error.UpstreamTimeoutException;
import dev.aiproxy.api.spi.CaCertificates;
import dev.aiproxy.api.spi.Operation;
import dev.aiproxy.api.spi.Credential;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.api.spi.UpstreamRequest;
import dev.aiproxy.api.spi.UpstreamResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.UnknownHostException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * Sends provider calls. Plain-http upstreams without a proxy (a local model server, a sidecar) are called over
 * HTTP/1.1 on blocking sockets with kept-alive connections ({@link Http1Pool}), the cheapest transport there is on
 * virtual threads; TLS upstreams and proxies go through {@link HttpClient}, which brings HTTP/2, the JDK's TLS and
 * proxy tunnelling, one client per proxy, created on first use and shared by all calls. TLS connections trust the
 * JDK's default CAs and the entry's {@link ProviderConfig#caCertificates()}. Thread-safe. Closing it closes the idle
 * connections and the clients.
 */
public final class UpstreamHttp implements AutoCloseable {
    /** Past this many distinct URLs {@link #uri} stops remembering; keys come from config, so it is never reached. */
    private static final int MAX_URIS = 1024;

    private final Duration connectTimeout;
    /** The TLS context of every TLS client, or null for the JDK's default one (no extra CA). */
    private final SSLContext tls;
    private final Http1Pool plain;
    /** By TLS or not, and proxy URL (empty for direct connections). */
    private final ConcurrentMap<String, HttpClient> clients = new ConcurrentHashMap<>();
    private final ConcurrentMap<Object, URI> uris = new ConcurrentHashMap<>();

    /**
     * The transport of a provider entry: its connect timeout, and for TLS its CA certificates on top of the JDK's
     * default trust. What every provider should use, so that new transport settings of the entry reach it.
     *
     * @throws IllegalStateException when the JDK cannot build a TLS context with the entry's certificates
     */
    public UpstreamHttp(ProviderConfig config) {
        this(config.connectTimeout(), config.caCertificates());
    }

    /** A transport with the JDK's default trust only: an entry's {@code ca-file} does not reach it. */
    public UpstreamHttp(Duration connectTimeout) {
        this(connectTimeout, CaCertificates.NONE);
    }

    private UpstreamHttp(Duration connectTimeout, CaCertificates trusted) {
        this.connectTimeout = connectTimeout;
        this.tls = trusted.isEmpty() ? null : TlsTrust.context(trusted);
        this.plain = new Http1Pool(connectTimeout);
    }

    /**
     * Sends a call and waits at most {@code firstByte} for its status line and headers (after connecting, which has
     * the connect timeout; over TLS or a proxy the wait also counts the opening of a new connection); then cancels it.
     * Blocks; the body streams from the result. Close the result.
     *
     * @param proxy an HTTP proxy, or null
     * @param target names the upstream in error messages, such as {@code openai#0}; never a key
     * @throws UpstreamTimeoutException when the connection or the first byte takes longer than allowed
     * @throws UpstreamException (502, retryable) when the upstream cannot be reached or does not answer in HTTP
     */
    public UpstreamResponse send(UpstreamCall call, Duration firstByte, URI proxy, String target) {
        if (proxy == null && "http".equalsIgnoreCase(call.uri().getScheme())) {
            try {
                return plain.send(call, firstByte);
            } catch (IOException e) {
                throw failure(e, call.uri(), firstByte, target);
            }
        }
        return sendAsync(request(call), firstByte, proxy, target);
    }

    /**
     * Sends a provider's JSON call for {@code request}, to {@code uri}: {@code Content-Type} and {@code Accept} (SSE
     * for a stream), the protocol's own headers, then the entry's, the key's and the request's headers, which may
     * override those, and last the key in {@code keyHeader} after {@code keyPrefix} (such as {@code "Bearer "}),
     * which nothing overrides. A key-less credential (a local server) sends no key header. A
     * {@link Operation#LIST_MODELS} request is sent as a GET, without a body or {@code Content-Type}.
     *
     * @throws UpstreamTimeoutException when the connection or the first byte takes longer than allowed
     * @throws UpstreamException (502, retryable) when the upstream cannot be reached or does not answer in HTTP
     */
    public UpstreamResponse sendJson(URI uri, UpstreamRequest request, ProviderConfig config,
            Map<String, String> protocolHeaders, String keyHeader, String keyPrefix) {
        Credential credential = request.credential();
        boolean list = request.operation() == Operation.LIST_MODELS;
        UpstreamCall.Builder builder = list ? UpstreamCall.get(uri) : UpstreamCall.post(uri)
                .header("Content-Type", "application/json");
        builder.header("Accept", request.stream() ? "text/event-stream" : "application/json");
        protocolHeaders.forEach(builder::header);
        config.headers().forEach(builder::header);
        credential.headers().forEach(builder::header);
        request.headers().forEach(builder::header);
        if (credential.apiKey() != null) {
            builder.header(keyHeader, keyPrefix + credential.apiKey().reveal());
        }
        return send(list ? builder.build() : builder.body(request.body()), request.firstByteTimeout(),
                credential.proxy(), credential.id());
    }

    /** Where a key's calls go: its own base URL, else its provider entry's. */
    public static URI baseUrl(ProviderConfig config, Credential credential) {
        return credential.baseUrl() != null ? credential.baseUrl() : config.baseUrl();
    }

    private static HttpRequest request(UpstreamCall call) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(call.uri()).version(versionFor(call.uri()));
        for (UpstreamCall.Header header : call.headers()) {
            builder.setHeader(header.name(), header.value());
        }
        return call.hasBody() ? builder.POST(HttpRequest.BodyPublishers.ofByteArray(call.body())).build()
                : builder.GET().build();
    }

    /**
     * Sends a request that carries no timeout of its own, and waits at most {@code firstByte} for its status line
     * and headers; then cancels it. The wait includes opening the connection (TCP, and the TLS handshake) when there
     * is no open one to the upstream yet. A cancelled call ends upstream too: an HTTP/2 stream is reset, an HTTP/1.1
     * connection closed.
     *
     * <p>Cheaper than a timeout on the request: the JDK client keeps request timeouts in a locked set and wakes its
     * selector thread to register each one (a system call and a selector round per call), while a timed wait parks
     * only the calling thread.
     */
    private UpstreamResponse sendAsync(HttpRequest request, Duration firstByte, URI proxy, String target) {
        CompletableFuture<HttpResponse<InputStream>> call =
                client(request.uri(), proxy).sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
        try {
            return answer(call.get(firstByte.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            abandon(call);
            throw new UpstreamTimeoutException("first byte from " + target, firstByte, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw failure(io, request.uri(), firstByte, target);
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw UpstreamException.unreachable("upstream " + target + " failed: " + cause, cause);
        } catch (InterruptedException e) {
            abandon(call);
            Thread.currentThread().interrupt();
            throw UpstreamException.unreachable("interrupted while calling upstream " + target, e);
        }
    }

    /**
     * Cancels a call no one will read. When its answer came in the moment between the end of the wait and the cancel,
     * the cancel does nothing, so the answer's body is closed instead: left open, it would keep the upstream
     * generating for no one (an HTTP/2 stream is never reset, an HTTP/1.1 connection stays busy) and hold
     * {@link HttpClient#close()}, which waits for every exchange to end, for ever.
     */
    private static void abandon(CompletableFuture<HttpResponse<InputStream>> call) {
        if (!call.cancel(true)) {
            call.thenAccept(response -> {
                try {
                    response.body().close();
                } catch (IOException e) {
                    // closing is all that is wanted; the connection is dropped either way
                }
            });
        }
    }

    private HttpClient client(URI target, URI proxy) {
        boolean tls = "https".equalsIgnoreCase(target.getScheme());
        return clients.computeIfAbsent((tls ? "tls " : "plain ") + (proxy == null ? "" : proxy.toString()),
                k -> newClient(proxy, tls));
    }

    private static UpstreamResponse answer(HttpResponse<InputStream> response) {
        return new UpstreamResponse(response.statusCode(), response.headers().map(), response.body());
    }

    private RuntimeException failure(IOException e, URI uri, Duration firstByte, String target) {
        return switch (e) {
            case HttpConnectTimeoutException t -> new UpstreamTimeoutException("connect to " + target, connectTimeout, t);
            case Http1Connection.ConnectTimeoutException t ->
                    new UpstreamTimeoutException("connect to " + target, connectTimeout, t);
            case HttpTimeoutException t -> new UpstreamTimeoutException("first byte from " + target, firstByte, t);
            case Http1Connection.FirstByteTimeoutException t ->
                    new UpstreamTimeoutException("first byte from " + target, firstByte, t);
            case ConnectException c -> UpstreamException.unreachable("cannot connect to upstream " + target + " ("
                    + describe(uri) + "): " + reason(c), c);
            case UnknownHostException u -> UpstreamException.unreachable("cannot connect to upstream " + target
                    + " (" + describe(uri) + "): unknown host", u);
            case SSLException s -> UpstreamException.unreachable("TLS handshake with upstream " + target + " ("
                    + describe(uri) + ") failed: " + tlsReason(s), s);
            default -> UpstreamException.unreachable("upstream " + target + " failed: " + reason(e), e);
        };
    }

    /**
     * A call's URL, built once per key and then reused: parsing a URI on every call was a measurable part of a
     * passthrough request. The key must name everything the URL is built from (a record of base URL, model, method).
     */
    public URI uri(Object key, Function<Object, URI> build) {
        URI uri = uris.get(key);
        if (uri == null) {
            uri = build.apply(key);
            if (uris.size() < MAX_URIS) {
                uris.putIfAbsent(key, uri);
            }
        }
        return uri;
    }

    private HttpClient newClient(URI proxy, boolean tls) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (!tls) {
            // Over plain http the client's own tasks (parsing a response, handing buffers to the body stream) run on
            // the thread that triggers them, mostly its selector thread, instead of being handed off: none of them
            // blocks (our callers block on the body stream, in their own threads), and the hand-offs were a large
            // part of the transport's cost: the bare relay went from 4,000 to 5,660 req/s and from 398 to 258 us of
            // CPU per request with this executor (bench/ab.sh, 6 pairs). Over TLS the client's tasks include
            // handshakes and decryption, which on one selector thread would serialise every upstream connection,
            // so a TLS client keeps the JDK's default executor.
            builder.executor(Runnable::run);
        }
        if (tls && this.tls != null) {
            builder.sslContext(this.tls);
        }
        if (proxy != null) {
            builder.proxy(ProxySelector.of(new InetSocketAddress(proxy.getHost(),
                    proxy.getPort() > 0 ? proxy.getPort() : 8080)));
        }
        return builder.build();
    }

    /**
     * The protocol to ask for. Over TLS HTTP/2 is negotiated by ALPN and falls back to 1.1 by itself; over plain
     * http an HTTP/2 request would send an {@code Upgrade: h2c} header that local servers mishandle, so 1.1.
     */
    private static HttpClient.Version versionFor(URI uri) {
        return "https".equalsIgnoreCase(uri.getScheme()) ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1;
    }

    /** Joins a base URL and a path with exactly one slash between them. */
    public static URI resolve(URI base, String path) {
        String b = base.toString();
        if (b.endsWith("/")) {
            b = b.substring(0, b.length() - 1);
        }
        return URI.create(b + (path.startsWith("/") ? path : "/" + path));
    }

    private static String describe(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
    }

    /**
     * Why a TLS connection failed; a certificate the JDK did not accept says so, and how to trust a private CA, since
     * that is what an upstream behind a corporate TLS inspection or with its own CA needs.
     */
    private static String tlsReason(SSLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificateException || t instanceof CertPathBuilderException
                    || t instanceof CertPathValidatorException) {
                return "the server's certificate was not accepted: " + reason(e) + ". If a private or corporate CA "
                        + "signed it, trust that CA with the entry's ca-file or tls.ca-file";
            }
        }
        return reason(e);
    }

    private static String reason(IOException e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    @Override
    public void close() {
        plain.close();
        clients.values().forEach(HttpClient::close);
        clients.clear();
    }
}
