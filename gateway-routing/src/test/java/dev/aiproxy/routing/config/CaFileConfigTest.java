package dev.aiproxy.routing.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiproxy.api.spi.CaCertificates;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.translate.testing.TestCertificates;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tls.ca-file} and an entry's {@code ca-file}: PEM files of CAs trusted on top of the JDK's default trust. */
class CaFileConfigTest {
    private static final TestCertificates CORPORATE = TestCertificates.shared();
    private static final TestCertificates PRIVATE = TestCertificates.create("Private Upstream CA");

    @TempDir
    Path dir;

    private LoadedConfig load(String yaml) throws Exception {
        Path file = Files.writeString(dir.resolve("gateway.yaml"), yaml);
        return ConfigLoader.withEnvironment(Map.of("CORPORATE_CA", CORPORATE.caPem().toString())).load(file);
    }

    private static List<String> problems(ConfigException e) {
        return e.problems().stream().map(Object::toString).toList();
    }

    private static ProviderConfig provider(GatewayConfig config, String name) {
        return config.providers().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void theGlobalCaFileIsTrustedByEveryProvider() throws Exception {
        GatewayConfig config = load("""
                tls:
                  ca-file: ${CORPORATE_CA}
                openai-compatibility:
                  - name: openai
                    api-key-entries: [{api-key: sk-1}]
                providers:
                  - name: custom
                    type: openai-compatible
                    base-url: https://llm.internal/v1
                    models: [{name: m}]
                claude-api-key:
                  - api-key: sk-ant-1
                gemini-api-key:
                  - api-key: AIza-1
                """).config();

        assertThat(config.providers()).extracting(ProviderConfig::name)
                .containsExactly("openai", "custom", "claude", "gemini");
        assertThat(config.providers()).allSatisfy(p ->
                assertThat(p.caCertificates().certificates()).containsExactly(CORPORATE.ca()));
    }

    @Test
    void anEntrysCaFileIsTrustedBesideTheGlobalOneAndOnlyByThatEntry() throws Exception {
        Files.writeString(dir.resolve("private-ca.pem"), TestCertificates.pem(PRIVATE.ca()));

        GatewayConfig config = load("""
                tls:
                  ca-file: ${CORPORATE_CA}
                openai-compatibility:
                  - name: internal
                    base-url: https://llm.internal/v1
                    ca-file: private-ca.pem
                    models: [{name: m}]
                  - name: openai
                    api-key-entries: [{api-key: sk-1}]
                claude-api-key:
                  - api-key: sk-ant-1
                    ca-file: private-ca.pem
                  - api-key: sk-ant-2
                """).config();

        assertThat(provider(config, "internal").caCertificates().certificates())
                .containsExactly(CORPORATE.ca(), PRIVATE.ca());
        assertThat(provider(config, "claude").caCertificates().certificates())
                .containsExactly(CORPORATE.ca(), PRIVATE.ca());
        assertThat(provider(config, "openai").caCertificates().certificates()).containsExactly(CORPORATE.ca());
    }

    @Test
    void withoutCaFilesOnlyTheDefaultTrustIsUsed() throws Exception {
        GatewayConfig config = load("""
                openai-compatibility:
                  - name: openai
                    api-key-entries: [{api-key: sk-1}]
                """).config();

        assertThat(config.providers().getFirst().caCertificates()).isEqualTo(CaCertificates.NONE);
    }

    @Test
    void aBundleOfSeveralCertificatesWithTextAroundThemIsReadWhole() throws Exception {
        Files.writeString(dir.resolve("bundle.pem"), "# corporate bundle\nsubject=CN=Gateway Test CA\n"
                + TestCertificates.pem(CORPORATE.ca()) + "\n# the upstream's own CA\n"
                + TestCertificates.pem(PRIVATE.ca()));

        GatewayConfig config = load("""
                tls:
                  ca-file: bundle.pem
                openai-compatibility:
                  - name: openai
                    api-key-entries: [{api-key: sk-1}]
                """).config();

        assertThat(config.providers().getFirst().caCertificates().certificates())
                .containsExactly(CORPORATE.ca(), PRIVATE.ca());
    }

    @Test
    void aMissingFileIsAProblemNamingTheKeyAndThePath() throws Exception {
        assertThatThrownBy(() -> load("""
                tls:
                  ca-file: missing.pem
                openai-compatibility:
                  - name: openai
                    ca-file: /nowhere/ca.pem
                    api-key-entries: [{api-key: sk-1}]
                """)).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(problems(e)).containsExactly(
                "gateway.yaml:2: tls.ca-file: no such file: \"missing.pem\" (" + dir.resolve("missing.pem") + ")",
                "gateway.yaml:5: openai-compatibility[0].ca-file: no such file: \"/nowhere/ca.pem\""));
    }

    @Test
    void aFileWithoutACertificateIsAProblemNamingTheKey() throws Exception {
        Files.writeString(dir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49\n"
                + "-----END PRIVATE KEY-----\n");
        Files.writeString(dir.resolve("notes.txt"), "the CA is on the wiki\n");

        assertThatThrownBy(() -> load("""
                claude-api-key:
                  - api-key: sk-ant-1
                    ca-file: notes.txt
                gemini-api-key:
                  - api-key: AIza-1
                    ca-file: key.pem
                """)).isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(problems(e)).hasSize(2);
                    assertThat(problems(e).get(0)).startsWith("gateway.yaml:3: claude-api-key[0].ca-file: "
                            + "\"notes.txt\" (" + dir.resolve("notes.txt") + "): no certificate in it (expected PEM "
                            + "blocks from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----)");
                    assertThat(problems(e).get(1))
                            .startsWith("gateway.yaml:6: gemini-api-key[0].ca-file: \"key.pem\" (");
                });
    }

    @Test
    void aBrokenCertificateIsAProblemNamingTheKey() throws Exception {
        String pem = TestCertificates.pem(CORPORATE.ca());
        Files.writeString(dir.resolve("cut.pem"), pem.substring(0, 120) + "\n-----END CERTIFICATE-----\n");

        assertThatThrownBy(() -> load("""
                providers:
                  - name: custom
                    type: openai-compatible
                    base-url: https://llm.internal/v1
                    ca-file: cut.pem
                """)).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(problems(e)).singleElement()
                .asString().startsWith("gateway.yaml:5: providers[0].ca-file: \"cut.pem\" (" + dir.resolve("cut.pem")
                        + "): not a PEM file of X.509 certificates: "));
    }

    @Test
    void keyEntriesThatFormOneProviderMustTrustTheSameCaFile() throws Exception {
        Files.writeString(dir.resolve("private-ca.pem"), TestCertificates.pem(PRIVATE.ca()));

        assertThatThrownBy(() -> load("""
                claude-api-key:
                  - api-key: sk-ant-1
                    ca-file: private-ca.pem
                  - api-key: sk-ant-2
                    ca-file: ${CORPORATE_CA}
                """)).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(problems(e)).containsExactly(
                "gateway.yaml:5: claude-api-key[1].ca-file: entries with the same prefix form one provider ('claude') "
                        + "and must trust the same ca-file"));
    }

    @Test
    void aRenewedCaFileChangesTheConfigsDigestAndIsWatchedWithIt() throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), TestCertificates.pem(CORPORATE.ca()));
        String yaml = """
                tls:
                  ca-file: ca.pem
                openai-compatibility:
                  - name: openai
                    api-key-entries: [{api-key: sk-1}]
                """;
        LoadedConfig before = load(yaml);

        Files.writeString(ca, TestCertificates.pem(PRIVATE.ca()));
        LoadedConfig after = load(yaml);

        assertThat(before.files()).contains(ca);
        assertThat(after.sha256()).isNotEqualTo(before.sha256());
        assertThat(after.config().providers().getFirst()).isNotEqualTo(before.config().providers().getFirst());
        assertThat(after.config().providers().getFirst().caCertificates().certificates()).containsExactly(PRIVATE.ca());
    }

    @Test
    void aProviderBuiltInCodeReadsAPemFile() {
        ProviderConfig entry = ProviderConfig.builder("internal", "openai-compatible").apiKey("k")
                .caFile(CORPORATE.caPem()).build();

        assertThat(entry.caCertificates().certificates()).containsExactly(CORPORATE.ca());
        assertThat(entry.toBuilder().build()).isEqualTo(entry);
        assertThatThrownBy(() -> ProviderConfig.builder("x", "openai-compatible").caFile(dir.resolve("none.pem")))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("no such file: ");
        assertThatThrownBy(() -> CaCertificates.parsePem("hello".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("no certificate in it");
    }
}
