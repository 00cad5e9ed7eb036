package dev.aiproxy.vertex.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Google's OAuth 2.0 token endpoint for service accounts, on loopback: it takes the JWT-bearer grant
 * (https://developers.google.com/identity/protocols/oauth2/service-account#httprest, "Making the access token
 * request"), checks the assertion's RS256 signature against the test key, its audience and its cloud-platform scope,
 * and answers {@code {"access_token","expires_in","token_type"}} with tokens {@code ya29.test-token-1}, {@code -2}...
 * that live {@link #tokenLifetime(Duration)}. It counts the grants, can refuse them as Google does
 * ({@code 400 {"error":"invalid_grant","error_description":"Invalid JWT Signature."}}, "Error codes" on the same page),
 * and can hold them until released. Close it to stop it.
 */
public final class FakeTokenEndpoint implements AutoCloseable {
    public static final String PATH = "/token";
    private static final String AUDIENCE = "https://oauth2.googleapis.com/token";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final AtomicInteger grants = new AtomicInteger();
    private final AtomicInteger arrived = new AtomicInteger();
    private final AtomicReference<Duration> lifetime = new AtomicReference<>(Duration.ofHours(1));
    private final AtomicReference<CountDownLatch> hold = new AtomicReference<>();
    private volatile boolean refuse;
    private volatile RSAPublicKey key;

    private FakeTokenEndpoint(HttpServer server) {
        this.server = server;
    }

    /** Starts one on a free loopback port. */
    public static FakeTokenEndpoint start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            FakeTokenEndpoint endpoint = new FakeTokenEndpoint(server);
            server.createContext(PATH, endpoint::handle);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.start();
            return endpoint;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the service account's {@code token_uri} points. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PATH);
    }

    /** A new service-account key for {@code project} whose grants this endpoint verifies. */
    public TestServiceAccount serviceAccount(String project) {
        TestServiceAccount account = TestServiceAccount.create(project, uri());
        key = account.publicKey();
        return account;
    }

    /** How long the tokens handed out from now on live. */
    public FakeTokenEndpoint tokenLifetime(Duration value) {
        lifetime.set(value);
        return this;
    }

    /** Whether grants are refused with Google's {@code invalid_grant}. */
    public FakeTokenEndpoint refuse(boolean value) {
        refuse = value;
        return this;
    }

    /** Holds every grant from now on until {@link #release()}. */
    public void hold() {
        hold.set(new CountDownLatch(1));
    }

    public void release() {
        CountDownLatch latch = hold.getAndSet(null);
        if (latch != null) {
            latch.countDown();
        }
    }

    /** The tokens granted so far. */
    public int grants() {
        return grants.get();
    }

    /** The grant requests that have arrived so far, held ones included. */
    public int arrived() {
        return arrived.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            arrived.incrementAndGet();
            Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8));
            CountDownLatch latch = hold.get();
            if (latch != null && !latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("held grant never released");
            }
            if (refuse || !"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(form.get("grant_type"))
                    || !validAssertion(form.get("assertion"))) {
                send(exchange, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}");
                return;
            }
            int n = grants.incrementAndGet();
            send(exchange, 200, JSON.createObjectNode().put("access_token", "ya29.test-token-" + n)
                    .put("expires_in", lifetime.get().toSeconds()).put("token_type", "Bearer").toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** An RS256 JWT signed by the test key, for this endpoint, asking for the cloud-platform scope. */
    private boolean validAssertion(String jwt) {
        String[] parts = jwt == null ? new String[0] : jwt.split("\\.");
        if (parts.length != 3 || key == null) {
            return false;
        }
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initVerify(key);
            rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!rs256.verify(Base64.getUrlDecoder().decode(parts[2]))) {
                return false;
            }
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            // the audience is Google's token endpoint whatever token_uri says (the page's "Forming the JWT claim set")
            return AUDIENCE.equals(claims.path("aud").asText())
                    && claims.path("scope").asText().contains("https://www.googleapis.com/auth/cloud-platform");
        } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
            return false;
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}
