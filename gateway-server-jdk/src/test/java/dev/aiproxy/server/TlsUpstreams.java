package dev.aiproxy.server;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.aiproxy.routing.config.ConfigLoader;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.translate.testing.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Upstreams over TLS as the hosted providers are reached: WireMock serving https (HTTP/2 by ALPN, or HTTP/1.1) with a
 * certificate the test CA signed, and gateway configs read from YAML as a user writes them, the CA trusted through
 * {@code tls.ca-file} or an entry's {@code ca-file}. The models are {@link FormatUpstreams}'.
 */
final class TlsUpstreams {
    static final TestCertificates CERTS = TestCertificates.shared();

    /** Trusts the test CA for every provider. */
    static final String GLOBAL_CA = """
            tls:
              ca-file: ${CA_FILE}
            """;

    private TlsUpstreams() {
    }

    /** WireMock on loopback, https only, presenting the server certificate the test CA signed. */
    static WireMockConfiguration https() {
        return wireMockConfig().bindAddress("127.0.0.1").httpDisabled(true).dynamicHttpsPort()
                .keystorePath(CERTS.keyStore().toString()).keystoreType("PKCS12")
                .keystorePassword(TestCertificates.PASSWORD).keyManagerPassword(TestCertificates.PASSWORD);
    }

    /**
     * A config with the three upstreams of {@link FormatUpstreams} at {@code ${UPSTREAM}}, one attempt per request
     * and no cooldowns, {@code top} added at the top level, {@code openAiEntry} to the OpenAI-compatible entry and
     * {@code openAiKey} to its key's entry (each YAML, unindented). {@code ${CA_FILE}} names the test CA's PEM file;
     * {@code vars} gives the others.
     */
    static GatewayConfig config(String top, String openAiEntry, String openAiKey, Map<String, String> vars) {
        String yaml = """
                port: 0
                api-keys: [%s]
                request-retry: 0
                disable-cooling: true
                timeouts:
                  first-byte: ${FIRST_BYTE:-30s}
                  idle: ${IDLE:-30s}
                %s
                openai-compatibility:
                  - name: openai
                    base-url: ${UPSTREAM}/v1
                    api-key-entries:
                      - api-key: %s
                %s
                    models: [{name: %s, alias: %s}]
                %s
                claude-api-key:
                  - api-key: %s
                    base-url: ${UPSTREAM}
                    models: [{name: %s, alias: %s}]
                gemini-api-key:
                  - api-key: %s
                    base-url: ${UPSTREAM}
                    models: [{name: %s, alias: %s}]
                """.formatted(FormatUpstreams.CLIENT_KEY, top, FormatUpstreams.GPT_KEY, openAiKey.indent(8),
                FormatUpstreams.GPT_UPSTREAM,
                FormatUpstreams.GPT, openAiEntry.indent(4), FormatUpstreams.CLAUDE_KEY,
                FormatUpstreams.CLAUDE_UPSTREAM, FormatUpstreams.CLAUDE, FormatUpstreams.GEMINI_KEY,
                FormatUpstreams.GEMINI_UPSTREAM, FormatUpstreams.GEMINI);
        Map<String, String> env = new HashMap<>(vars);
        env.put("CA_FILE", CERTS.caPem().toString());
        return ConfigLoader.withEnvironment(env).parse(yaml.getBytes(StandardCharsets.UTF_8), "gateway.yaml", null)
                .config();
    }
}
