package dev.aiproxy.providers.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.aiproxy.api.error.UpstreamException;
import dev.aiproxy.api.spi.CaCertificates;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.api.spi.UpstreamResponse;
import dev.aiproxy.translate.testing.TestCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The TLS half of the transport against a JDK HTTPS server whose certificate a test CA signed: an entry's CA
 * certificates are trusted on top of the JDK's default ones, and a certificate nothing trusts is a 502 that says so.
 */
class TlsTransportTest {
    private static final TestCertificates CERTS = TestCertificates.shared();

    private HttpsServer upstream;
    private UpstreamHttp http;

    @BeforeEach
    void start() throws IOException {
        start(InetAddress.getLoopbackAddress());
    }

    private void start(InetAddress address) throws IOException {
        if (upstream != null) {
            upstream.stop(0);
        }
        upstream = HttpsServer.create(new InetSocketAddress(address, 0), 0);
        upstream.setHttpsConfigurator(new HttpsConfigurator(CERTS.serverContext()));
        upstream.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        upstream.createContext("/v1/chat/completions", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        upstream.start();
    }

    @AfterEach
    void stop() {
        if (http != null) {
            http.close();
        }
        upstream.stop(0);
    }

    /** Generous timeouts: these tests are about which certificates are trusted, and a loaded machine is slow at TLS. */
    private static ProviderConfig entry(CaCertificates trusted) {
        return ProviderConfig.builder("tls", "openai-compatible").apiKey("k").connectTimeout(Duration.ofSeconds(30))
                .caCertificates(trusted).build();
    }

    private UpstreamResponse post() {
        URI uri = URI.create("https://" + upstream.getAddress().getAddress().getHostAddress() + ":"
                + upstream.getAddress().getPort() + "/v1/chat/completions");
        return http.send(UpstreamCall.post(uri).header("Content-Type", "application/json")
                .body("{}".getBytes(StandardCharsets.UTF_8)), Duration.ofSeconds(30), null, "tls#0");
    }

    @Test
    void anEntrysCaIsTrustedBesideEveryDefaultOne() throws Exception {
        List<X509Certificate> defaults = List.of(TlsTrust.defaultTrustManager().getAcceptedIssuers());

        X509Certificate[] trusted = TlsTrust.trustManager(new CaCertificates(List.of(CERTS.ca()))).getAcceptedIssuers();

        assertThat(defaults).isNotEmpty();
        assertThat(trusted).contains(CERTS.ca()).containsAll(defaults).hasSize(defaults.size() + 1);
    }

    @Test
    void anUpstreamSignedByTheEntrysCaAnswers() throws IOException {
        http = new UpstreamHttp(entry(new CaCertificates(List.of(CERTS.ca()))));

        try (UpstreamResponse response = post(); InputStream body = response.body()) {
            assertThat(response.status()).isEqualTo(200);
            assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"ok\":true}");
        }
    }

    @Test
    void anUpstreamNothingTrustsIs502NamingItsCertificate() {
        http = new UpstreamHttp(entry(CaCertificates.NONE));

        assertThatThrownBy(this::post).isInstanceOfSatisfying(UpstreamException.class, e -> {
            assertThat(e.status()).isEqualTo(502);
            assertThat(e.retryable()).isTrue();
            assertThat(e.getMessage()).startsWith("TLS handshake with upstream tls#0 (https://127.0.0.1:")
                    .contains("the server's certificate was not accepted", "PKIX path building failed", "ca-file");
        });
    }

    @Test
    void anotherCaDoesNotMakeTheUpstreamTrusted() {
        http = new UpstreamHttp(entry(new CaCertificates(List.of(TestCertificates.create("Other CA").ca()))));

        assertThatThrownBy(this::post).isInstanceOfSatisfying(UpstreamException.class,
                e -> assertThat(e.getMessage()).contains("the server's certificate was not accepted"));
    }

    @Test
    void aCertificateForAnotherAddressIsRefusedEvenFromATrustedCa() throws IOException {
        start(InetAddress.getByName("127.0.0.2"));
        http = new UpstreamHttp(entry(new CaCertificates(List.of(CERTS.ca()))));

        assertThatThrownBy(this::post).isInstanceOfSatisfying(UpstreamException.class,
                e -> assertThat(e.getMessage()).contains("the server's certificate was not accepted",
                        "No subject alternative names matching IP address 127.0.0.2"));
    }
}
