package dev.aiproxy.routing.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiproxy.api.spi.Credential;
import dev.aiproxy.api.spi.ModelMapping;
import dev.aiproxy.api.spi.ProviderConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    private final ConfigLoader loader = ConfigLoader.withEnvironment(Map.of("DEEPSEEK_KEY", "sk-from-env"));

    private LoadedConfig parse(String yaml) {
        return loader.parse(yaml.getBytes(StandardCharsets.UTF_8), "config.yaml", null);
    }

    @Test
    void readsTheCliProxyApiSubset() {
        LoadedConfig loaded = parse("""
                host: 0.0.0.0
                port: 9000
                api-keys:
                  - client-key-1
                debug: true
                limits:
                  max-request-body: 2MiB
                timeouts:
                  connect: 3s
                  first-byte: 90s
                  idle: 2m
                openai-compatibility:
                  - name: deepseek
                    base-url: https://api.deepseek.com/v1
                    prefix: ds
                    headers:
                      X-Team: research
                    api-key-entries:
                      - api-key: ${DEEPSEEK_KEY}
                      - api-key: sk-second
                        proxy-url: http://proxy.local:3128
                    models:
                      - name: deepseek-chat
                        alias: chat
                      - name: deepseek-reasoner
                """);

        GatewayConfig config = loaded.config();
        assertThat(loaded.warnings()).isEmpty();
        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.port()).isEqualTo(9000);
        assertThat(config.clientKeys()).singleElement().satisfies(k -> assertThat(k.reveal()).isEqualTo("client-key-1"));
        assertThat(config.debug()).isTrue();
        assertThat(config.limits().maxRequestBodyBytes()).isEqualTo(2L * 1024 * 1024);
        assertThat(config.timeouts()).isEqualTo(new Timeouts(Duration.ofSeconds(3), Duration.ofSeconds(90),
                Duration.ofMinutes(2)));
        ProviderConfig deepseek = config.providers().getFirst();
        assertThat(deepseek.name()).isEqualTo("deepseek");
        assertThat(deepseek.type()).isEqualTo("openai-compatible");
        assertThat(deepseek.baseUrl()).isEqualTo(URI.create("https://api.deepseek.com/v1"));
        assertThat(deepseek.prefix()).isEqualTo("ds");
        assertThat(deepseek.headers()).containsEntry("X-Team", "research");
        assertThat(deepseek.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(deepseek.credentials()).extracting(Credential::id).containsExactly("deepseek#0", "deepseek#1");
        assertThat(deepseek.credentials().get(0).apiKey().reveal()).isEqualTo("sk-from-env");
        assertThat(deepseek.credentials().get(1).proxy()).isEqualTo(URI.create("http://proxy.local:3128"));
        assertThat(deepseek.models()).containsExactly(new ModelMapping("deepseek-chat", "chat"),
                ModelMapping.of("deepseek-reasoner"));
    }

    @Test
    void appliesDefaultsToAnEmptyFile() {
        GatewayConfig config = parse("").config();

        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(8317);
        assertThat(config.clientKeys()).isEmpty();
        assertThat(config.echoModel()).isTrue();
        assertThat(config.limits()).isEqualTo(Limits.DEFAULTS);
        assertThat(config.providers()).isEmpty();
    }

    @Test
    void warnsAboutUnknownKeysWithTheirLine() {
        LoadedConfig loaded = parse("""
                port: 8317
                auth-dir: ~/.cli-proxy-api
                openai-compatibility:
                  - name: groq
                    flavour: spicy
                """);

        assertThat(loaded.warnings()).extracting(Object::toString).containsExactly(
                "config.yaml:2: auth-dir: unknown key, ignored",
                "config.yaml:5: openai-compatibility[0].flavour: unknown key, ignored");
    }

    @Test
    void reportsEveryProblemAtOnceWithFileLineAndKey() {
        assertThatThrownBy(() -> parse("""
                port: eighty
                limits:
                  max-request-body: lots
                openai-compatibility:
                  - name: local
                    base-url: htp://x
                    api-key-entries:
                      - api-key: ${NOT_SET_ANYWHERE}
                  - base-url: https://example.com/v1
                  - name: local
                    base-url: http://localhost:1234/v1
                    headers:
                      Host: evil
                """))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).extracting(Object::toString)
                        .containsExactlyInAnyOrder(
                                "config.yaml:1: port: not a whole number: \"eighty\"",
                                "config.yaml:3: limits.max-request-body: not a size: \"lots\" "
                                        + "(expected bytes, or a number with KiB, MiB or GiB)",
                                "config.yaml:6: openai-compatibility[0].base-url: not an http(s) URL: \"htp://x\"",
                                "config.yaml:8: openai-compatibility[0].api-key-entries[0].api-key: "
                                        + "environment variable NOT_SET_ANYWHERE is not set",
                                "config.yaml:9: openai-compatibility[1].name: required: a unique name for this "
                                        + "upstream, such as 'deepseek'",
                                "config.yaml:13: openai-compatibility[2].headers.Host: this header is set by the "
                                        + "HTTP client and cannot be configured",
                                "config.yaml:10: openai-compatibility[2].name: the name 'local' is already used"));
    }

    @Test
    void reportsYamlSyntaxErrorsWithTheirLine() {
        assertThatThrownBy(() -> parse("port: 1\nopenai-compatibility:\n  - name: [unclosed\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("config.yaml:")
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void refusesDuplicateKeys() {
        assertThatThrownBy(() -> parse("port: 1\nport: 2\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("port");
    }

    @Test
    void expandsEnvironmentDefaults() {
        LoadedConfig loaded = parse("host: ${GATEWAY_HOST:-127.0.0.2}\n");

        assertThat(loaded.config().host()).isEqualTo("127.0.0.2");
    }

    @Test
    void neverPutsAKeyInAProblemMessage() {
        assertThatThrownBy(() -> parse("""
                openai-compatibility:
                  - name: x
                    base-url: not a url sk-secret-in-the-wrong-place
                    api-key-entries:
                      - api-key: sk-secret-value-123
                        base-url: 42
                """))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("sk-secret-value-123"));
    }

    @Test
    void loadsAFileAndRecordsItsSha256(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("gateway.yaml");
        Files.writeString(file, "port: 1234\n");

        LoadedConfig loaded = loader.load(file);

        assertThat(loaded.config().port()).isEqualTo(1234);
        assertThat(loaded.config().source()).isEqualTo(file.toAbsolutePath());
        assertThat(loaded.sha256()).isEqualTo(java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))));
    }

    @Test
    void takesProvidersFromTheEnvironmentWithoutAFile() {
        GatewayConfig config = GatewayConfig.fromEnvironment(Map.of("OPENAI_API_KEY", "sk-test",
                "GEMINI_API_KEY", "g-test"));

        assertThat(config.providers()).extracting(ProviderConfig::name, ProviderConfig::type).containsExactly(
                org.assertj.core.groups.Tuple.tuple("openai", "openai-compatible"),
                org.assertj.core.groups.Tuple.tuple("gemini", "gemini"));
        assertThat(config.echoModel()).isTrue();
    }

    @Test
    void loadsTheExampleConfigWithoutAProblemOrAWarning() {
        LoadedConfig loaded = ConfigLoader.withEnvironment(Map.of()).load(Path.of("..", "config.example.yaml"));

        assertThat(loaded.warnings()).isEmpty();
        assertThat(loaded.config().providers()).extracting(ProviderConfig::name)
                .containsExactly("openai", "deepseek", "local-llama", "groq");
    }

    @Test
    void groupsClaudeAndGeminiKeysByPrefixIntoProviders() {
        GatewayConfig config = parse("""
                claude-api-key:
                  - api-key: sk-ant-one
                  - api-key: sk-ant-two
                    base-url: https://claude-proxy.internal
                    models:
                      - name: claude-sonnet-4-5-20250929
                        alias: sonnet
                  - api-key: sk-ant-team
                    prefix: team-a
                gemini-api-key:
                  - api-key: AIza-test-key
                    excluded-models: ["*preview*"]
                """).config();

        assertThat(config.providers()).extracting(ProviderConfig::name, ProviderConfig::type, ProviderConfig::prefix)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("claude", "claude", null),
                        org.assertj.core.groups.Tuple.tuple("claude-team-a", "claude", "team-a"),
                        org.assertj.core.groups.Tuple.tuple("gemini", "gemini", null));
        ProviderConfig claude = config.providers().getFirst();
        assertThat(claude.credentials()).extracting(Credential::id).containsExactly("claude#0", "claude#1");
        assertThat(claude.credentials().get(1).baseUrl()).isEqualTo(URI.create("https://claude-proxy.internal"));
        assertThat(claude.credentials().get(1).models()).containsExactly(
                new ModelMapping("claude-sonnet-4-5-20250929", "sonnet"));
        assertThat(config.providers().get(2).credentials().getFirst().excludedModels()).containsExactly("*preview*");
    }

    @Test
    void requiresAKeyInEveryClaudeEntry() {
        assertThatThrownBy(() -> parse("claude-api-key:\n  - base-url: https://x.example\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("config.yaml:2: claude-api-key[0].api-key: required: the provider key");
    }
}
