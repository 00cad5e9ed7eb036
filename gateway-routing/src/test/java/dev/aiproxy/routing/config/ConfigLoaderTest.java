package dev.aiproxy.routing.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

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
    void readsAzureOpenAiEntriesWithTheirApiVersionAuthAndDeployments() {
        LoadedConfig loaded = parse("""
                azure-openai:
                  - name: azure-east
                    base-url: https://my-resource.openai.azure.com
                    api-version: 2024-10-21
                    auth: bearer
                    api-key-entries:
                      - api-key: ${DEEPSEEK_KEY}
                    models:
                      - name: my-gpt4o-deployment
                        alias: gpt-4o
                  - name: azure-v1
                    base-url: https://other.openai.azure.com
                    api-keys: [azure-key-2]
                    models:
                      - name: gpt-4o-mini
                openai-compatibility:
                  - name: local
                    base-url: http://127.0.0.1:11434/v1
                    api-version: 2024-10-21
                """);

        assertThat(loaded.config().providers()).extracting(ProviderConfig::name)
                .containsExactly("local", "azure-east", "azure-v1");
        ProviderConfig east = loaded.config().providers().get(1);
        assertThat(east.type()).isEqualTo("azure-openai");
        assertThat(east.baseUrl()).isEqualTo(URI.create("https://my-resource.openai.azure.com"));
        assertThat(east.options()).containsExactly(entry("api-version", "2024-10-21"), entry("auth", "bearer"));
        assertThat(east.models()).containsExactly(new ModelMapping("my-gpt4o-deployment", "gpt-4o"));
        assertThat(east.credentials().getFirst().apiKey().reveal()).isEqualTo("sk-from-env");
        assertThat(loaded.config().providers().get(2).options()).isEmpty();
        assertThat(loaded.config().providers().getFirst().options()).as("api-version is Azure's key only").isEmpty();
        assertThat(loaded.warnings()).extracting(Object::toString)
                .containsExactly("config.yaml:19: openai-compatibility[0].api-version: unknown key, ignored");
    }

    @Test
    void anOpenAiCompatibleEntryNamesTheApiItCalls() {
        LoadedConfig loaded = parse("""
                openai-compatibility:
                  - name: codex
                    base-url: https://api.openai.com/v1
                    api: responses
                    api-keys: [sk-one]
                    models:
                      - name: gpt-5-codex
                  - name: local
                    base-url: http://127.0.0.1:11434/v1
                azure-openai:
                  - name: azure
                    base-url: https://my-resource.openai.azure.com
                    api: responses
                    api-keys: [azure-key]
                    models:
                      - name: my-deployment
                """);

        assertThat(loaded.config().providers().getFirst().options()).containsExactly(entry("api", "responses"));
        assertThat(loaded.config().providers().get(1).options()).isEmpty();
        assertThat(loaded.config().providers().get(2).options()).as("api is openai-compatibility's key only")
                .isEmpty();
        assertThat(loaded.warnings()).extracting(Object::toString)
                .containsExactly("config.yaml:13: azure-openai[0].api: unknown key, ignored");
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
                  total: 5m
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
        assertThat(config.clients()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("api-keys#0");
            assertThat(c.keyHash()).isEqualTo(ClientKeys.hash("client-key-1"));
            assertThat(c.allowedModels()).containsExactly("*");
        });
        assertThat(config.debug()).isTrue();
        assertThat(config.limits().maxRequestBodyBytes()).isEqualTo(2L * 1024 * 1024);
        assertThat(config.timeouts()).isEqualTo(new Timeouts(Duration.ofSeconds(3), Duration.ofSeconds(90),
                Duration.ofMinutes(2), Duration.ofMinutes(5)));
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
        assertThat(config.clients()).isEmpty();
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
    void readsAllowedHostsAndOriginsAsBrowsersSendThem() {
        GatewayConfig config = parse("""
                allowed-hosts: [Gateway.Internal, "proxy.example.com.", "*"]
                allowed-origins:
                  - https://App.Example.com/
                  - https://app.example.com:443
                  - http://localhost:3000
                """).config();

        assertThat(config.access().allowedHosts()).containsExactly("gateway.internal", "proxy.example.com", "*");
        assertThat(config.access().allowedOrigins()).containsExactly("https://app.example.com",
                "http://localhost:3000");
        assertThat(parse("port: 1").config().access()).isEqualTo(HttpAccess.DEFAULTS);
    }

    @Test
    void refusesAHostWithAPortAndAnOriginWithAPath() {
        assertThatThrownBy(() -> parse("""
                allowed-hosts: ["gateway.internal:8317"]
                allowed-origins: [https://app.example.com/chat, app.example.com]
                """))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).extracting(Object::toString)
                        .containsExactly(
                                "config.yaml:1: allowed-hosts[0]: not a host name: \"gateway.internal:8317\"; write "
                                        + "the name alone, without a scheme or a port (such as gateway.internal), "
                                        + "or * for any",
                                "config.yaml:2: allowed-origins[0]: not a web origin: "
                                        + "\"https://app.example.com/chat\"; write the scheme, host and port only, as "
                                        + "the browser shows it (such as https://app.example.com or "
                                        + "http://localhost:3000), or * for any",
                                "config.yaml:2: allowed-origins[1]: not a web origin: \"app.example.com\"; write "
                                        + "the scheme, host and port only, as the browser shows it (such as "
                                        + "https://app.example.com or http://localhost:3000), or * for any"));
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
    void readsEveryMemoryLimitAndKeepsTheDefaultsOfThoseNotGiven() {
        Limits limits = parse("""
                limits:
                  max-response-body: 4MiB
                  max-stream-event: 512KiB
                  max-remembered-answer: 1MiB
                  max-conversation-store: 20MiB
                """).config().limits();

        assertThat(limits).isEqualTo(new Limits(Limits.DEFAULTS.maxRequestBodyBytes(), 4L << 20, 512L << 10,
                1L << 20, 20L << 20));
    }

    @Test
    void namesAMemoryLimitOutOfRange() {
        assertThatThrownBy(() -> parse("""
                limits:
                  max-response-body: 0
                  max-stream-event: 3GiB
                  max-conversation-store: many
                """))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).extracting(Object::toString)
                        .containsExactlyInAnyOrder(
                                "config.yaml:2: limits.max-response-body: must be at least 1 byte",
                                "config.yaml:3: limits.max-stream-event: must be at most 2147483639 bytes (it is "
                                        + "held in one array)",
                                "config.yaml:4: limits.max-conversation-store: not a size: \"many\" "
                                        + "(expected bytes, or a number with KiB, MiB or GiB)"));
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
    void refusesAProxyUrlTheTransportCannotSpeakWithoutRepeatingItsPassword() {
        assertThatThrownBy(() -> parse("""
                openai-compatibility:
                  - name: openai
                    api-key-entries:
                      - api-key: sk-1
                        proxy-url: https://proxy.local:3128
                claude-api-key:
                  - api-key: sk-ant-1
                    proxy-url: http://gateway:s3cret@proxy.local:3128
                """)).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                .extracting(Object::toString).containsExactly(
                        "config.yaml:5: openai-compatibility[0].api-key-entries[0].proxy-url: an https proxy (TLS to "
                                + "the proxy itself) is not supported; write http://proxy.local:3128 (an https upstream "
                                + "is still reached over TLS, through a CONNECT tunnel)",
                        "config.yaml:8: claude-api-key[0].proxy-url: credentials in a proxy URL are not supported; "
                                + "use a proxy that admits the gateway without them"));
    }

    @Test
    void loadsTheExampleConfigWithoutAProblemOrAWarning() {
        LoadedConfig loaded = ConfigLoader.withEnvironment(Map.of()).load(Path.of("..", "config.example.yaml"));

        assertThat(loaded.warnings()).isEmpty();
        assertThat(loaded.config().providers()).extracting(ProviderConfig::name)
                .containsExactly("openai", "deepseek", "local-llama", "azure", "groq", "claude", "claude-team-a",
                        "gemini");
        assertThat(loaded.config().streaming().keepalive()).isEqualTo(Duration.ofSeconds(15));
        assertThat(loaded.config().timeouts().total()).isEqualTo(Duration.ofSeconds(600));
        assertThat(loaded.config().shutdownGrace()).isEqualTo(Duration.ofSeconds(30));
        assertThat(loaded.config().modelRefresh().intervalOf("local-llama")).isEqualTo(Duration.ofMinutes(1));
        assertThat(loaded.config().modelRefresh().intervalOf("deepseek")).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void readsTheKeepAliveAndRefusesANegativeOne() {
        assertThat(parse("streaming:\n  keepalive-seconds: 0\n").config().streaming()).isEqualTo(Streaming.OFF);
        assertThat(parse("streaming:\n  keepalive-seconds: 5\n").config().streaming().keepalive())
                .isEqualTo(Duration.ofSeconds(5));
        assertThatThrownBy(() -> parse("streaming:\n  keepalive-seconds: -1\n"))
                .hasMessageContaining("streaming.keepalive-seconds");
    }

    @Test
    void loadsTheDeployConfigOfTheServiceAndTheContainer() {
        LoadedConfig loaded = ConfigLoader.withEnvironment(Map.of("OPENAI_API_KEY", "sk-test",
                "GATEWAY_CLIENT_KEY", "client-key")).load(Path.of("..", "docs", "deploy", "gateway.yaml"));

        assertThat(loaded.warnings()).isEmpty();
        assertThat(loaded.config().clients()).hasSize(1);
        assertThat(loaded.config().usage().store()).isEqualTo("sqlite:/var/lib/ai-gateway/usage.db");
        assertThat(loaded.config().shutdownGrace()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void readsTheShutdownGraceWithThirtySecondsByDefault() {
        assertThat(parse("port: 1\n").config().shutdownGrace()).isEqualTo(Duration.ofSeconds(30));
        assertThat(parse("shutdown-grace: 5s\n").config().shutdownGrace()).isEqualTo(Duration.ofSeconds(5));
        assertThat(parse("shutdown-grace: 2m\n").config().shutdownGrace()).isEqualTo(Duration.ofMinutes(2));
        assertThatThrownBy(() -> parse("shutdown-grace: soon\n")).hasMessageContaining("shutdown-grace")
                .hasMessageContaining("not a duration");
    }

    @Test
    void readsWhetherMetricsArePublicAndGuardsThemByDefault() {
        assertThat(parse("port: 1\n").config().metrics()).isEqualTo(MetricsSettings.DEFAULTS);
        assertThat(parse("metrics:\n  public: true\n").config().metrics().publicEndpoint()).isTrue();
        assertThatThrownBy(() -> parse("metrics:\n  public: maybe\n")).hasMessageContaining("metrics.public");
        assertThat(parse("metrics:\n  path: /m\n").warnings()).singleElement().asString()
                .contains("metrics.path");
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
    void readsOpenAiKeysBesideClaudeAndGeminiAsTheSeedsSchemaWritesThem() {
        GatewayConfig config = parse("""
                openai-api-key:
                  - api-key: sk-one
                  - api-key: sk-two
                    weight: 2
                  - api-key: sk-team
                    prefix: team-a
                    base-url: https://openai-proxy.internal/v1
                """).config();

        assertThat(config.providers()).extracting(ProviderConfig::name, ProviderConfig::type, ProviderConfig::prefix)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("openai", "openai-compatible", null),
                        org.assertj.core.groups.Tuple.tuple("openai-team-a", "openai-compatible", "team-a"));
        assertThat(config.providers()).allSatisfy(p -> assertThat(p.options()).containsEntry("preset", "openai"));
        assertThat(config.providers().getFirst().credentials()).extracting(Credential::id)
                .containsExactly("openai#0", "openai#1");
        assertThat(config.providers().get(1).credentials().getFirst().baseUrl())
                .isEqualTo(URI.create("https://openai-proxy.internal/v1"));
    }

    @Test
    void aFileWithNoProviderButUnknownSectionsIsRefusedNamingThem() {
        assertThatThrownBy(() -> parse("""
                port: 8317
                claude-api-keys:
                  - api-key: sk-ant-misspelt
                openai-compatible:
                  - name: openai
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("config.yaml:2: claude-api-keys: unknown key, and no provider is configured")
                .hasMessageContaining("config.yaml:4: openai-compatible: unknown key");
    }

    @Test
    void readsADisabledKeyAndAHealthCheckWhereverKeysAreListed() {
        GatewayConfig config = parse("""
                openai-compatibility:
                  - name: deepseek
                    base-url: https://api.deepseek.com/v1
                    health-check: {interval: 60s}
                    api-key-entries:
                      - api-key: sk-one
                        disabled: true
                      - api-key: sk-two
                claude-api-key:
                  - api-key: sk-ant-one
                    disabled: true
                    health-check: {interval: 2m, model: claude-haiku-4-5}
                """).config();

        assertThat(config.providers().getFirst().credentials()).extracting(c -> c.policy().disabled())
                .containsExactly(true, false);
        assertThat(config.providers().get(1).credentials().getFirst().policy().disabled()).isTrue();
        assertThat(config.healthChecks()).containsEntry("deepseek", new HealthCheck(Duration.ofSeconds(60), null))
                .containsEntry("claude", new HealthCheck(Duration.ofMinutes(2), "claude-haiku-4-5"));
    }

    @Test
    void readsModelsRefreshGloballyAndPerEntryWithOffForNever() {
        GatewayConfig config = parse("""
                models-refresh: 30m
                openai-compatibility:
                  - name: ollama
                    base-url: http://localhost:11434/v1
                    models-refresh: 90s
                  - name: lmstudio
                    base-url: http://localhost:1234/v1
                    models-refresh: off
                  - name: other
                    base-url: http://localhost:1235/v1
                claude-api-key:
                  - api-key: sk-ant-one
                    models-refresh: 5m
                """).config();

        assertThat(config.modelRefresh().intervalOf("ollama")).isEqualTo(Duration.ofSeconds(90));
        assertThat(config.modelRefresh().intervalOf("lmstudio")).isEqualTo(Duration.ZERO);
        assertThat(config.modelRefresh().intervalOf("other")).isEqualTo(Duration.ofMinutes(30));
        assertThat(config.modelRefresh().intervalOf("claude")).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void modelsRefreshDefaultsToTenMinutesAndRefusesWhatIsNoDuration() {
        assertThat(parse("openai-compatibility:\n  - name: a\n    base-url: http://localhost:1/v1\n").config()
                .modelRefresh().intervalOf("a")).isEqualTo(Duration.ofMinutes(10));
        assertThatThrownBy(() -> parse("""
                openai-compatibility:
                  - name: a
                    base-url: http://localhost:1/v1
                    models-refresh: soon
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("config.yaml:4: openai-compatibility[0].models-refresh: not a duration: "
                        + "\"soon\"");
    }

    @Test
    void aHealthCheckNeedsAnIntervalOfAtLeastFiveSeconds() {
        assertThatThrownBy(() -> parse("""
                openai-compatibility:
                  - name: local
                    base-url: http://localhost:1234/v1
                    health-check: {interval: 1s}
                  - name: other
                    base-url: http://localhost:1235/v1
                    health-check: {model: m}
                """))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).extracting(Object::toString)
                        .containsExactlyInAnyOrder(
                                "config.yaml:4: openai-compatibility[0].health-check.interval: must be at least 5s, "
                                        + "was PT1S",
                                "config.yaml:7: openai-compatibility[1].health-check.interval: required: how often "
                                        + "each key is checked, such as 60s"));
    }

    @Test
    void requiresAKeyInEveryClaudeEntry() {
        assertThatThrownBy(() -> parse("claude-api-key:\n  - base-url: https://x.example\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("config.yaml:2: claude-api-key[0].api-key: required: the provider key");
    }

    @Test
    void readsTheRetryCooldownStrategyAndFallbackKeys() {
        GatewayConfig config = parse("""
                routing:
                  strategy: weighted-round-robin
                request-retry: 2
                max-retry-credentials: 3
                max-retry-interval: 10
                disable-cooling: true
                transient-error-cooldown-seconds: 0
                force-model-prefix: true
                timeouts:
                  idle: 90s
                fallbacks:
                  gpt-4o: [sonnet, flash]
                claude-api-key:
                  - api-key: sk-ant-1
                    weight: 5
                    disable-cooling: false
                    request-retry: 0
                    request-scoped-errors:
                      - status: 400
                        match: ["prompt is too long"]
                        match-regexr: ["^context"]
                        action: stop-and-cooldown
                """).config();

        Resilience r = config.resilience();
        assertThat(r.strategy()).isEqualTo(RoutingStrategy.WEIGHTED_ROUND_ROBIN);
        assertThat(r.requestRetry()).isEqualTo(2);
        assertThat(r.maxRetryCredentials()).isEqualTo(3);
        assertThat(r.maxRetryInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(r.disableCooling()).isTrue();
        assertThat(r.transientCooldown()).as("0 means CLIProxyAPI's legacy 60 s").isEqualTo(Duration.ofSeconds(60));
        assertThat(r.forceModelPrefix()).isTrue();
        assertThat(r.fallbacks()).containsEntry("gpt-4o", java.util.List.of("sonnet", "flash"));
        assertThat(config.timeouts().idle()).isEqualTo(Duration.ofSeconds(90));
        dev.aiproxy.api.spi.CredentialPolicy policy = config.providers().getFirst().credentials().getFirst().policy();
        assertThat(policy.weight()).isEqualTo(5);
        assertThat(policy.disableCooling()).isFalse();
        assertThat(policy.requestRetry()).isZero();
        assertThat(policy.errorRules()).singleElement().satisfies(rule -> {
            assertThat(rule.action()).isEqualTo(dev.aiproxy.api.spi.ErrorRule.Action.STOP_AND_COOLDOWN);
            assertThat(rule.matches(400, "context window")).isTrue();
            assertThat(rule.matches(400, "prompt is too long: 210000 tokens")).isTrue();
            assertThat(rule.matches(400, "other")).isFalse();
        });
    }

    @Test
    void namesABadStrategyActionAndRegex() {
        assertThatThrownBy(() -> parse("""
                routing:
                  strategy: random
                gemini-api-key:
                  - api-key: k
                    request-scoped-errors:
                      - status: 429
                        match-regex: ["(unclosed"]
                        action: retry
                """))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).extracting(Object::toString)
                        .containsExactlyInAnyOrder(
                                "config.yaml:2: routing.strategy: unknown strategy \"random\" (expected round-robin, "
                                        + "fill-first or weighted-round-robin)",
                                "config.yaml:8: gemini-api-key[0].request-scoped-errors[0].action: expected stop, "
                                        + "stop-and-cooldown, continue or continue-and-cooldown, got \"retry\"",
                                "config.yaml:7: gemini-api-key[0].request-scoped-errors[0].match-regex: not a regular "
                                        + "expression: \"(unclosed\""));
    }

    @Test
    void readsProviderSystemPromptsAndRefusesTwoForOneProvider() {
        GatewayConfig config = parse("""
                openai-compatibility:
                  - name: openai
                    system-prompt: Be brief.
                claude-api-key:
                  - api-key: sk-ant-1
                    system-prompt: {mode: replace, text: House rules.}
                  - api-key: sk-ant-2
                """).config();
        assertThat(config.providerPrompts()).containsOnly(
                entry("openai", new SystemPrompt(SystemPrompt.Mode.PREPEND, "Be brief.")),
                entry("claude", new SystemPrompt(SystemPrompt.Mode.REPLACE, "House rules.")));

        assertThatThrownBy(() -> parse("""
                claude-api-key:
                  - api-key: sk-ant-1
                    system-prompt: One.
                  - api-key: sk-ant-2
                    system-prompt: Two.
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("claude-api-key[1].system-prompt: entries with the same prefix form one "
                        + "provider ('claude') and must have the same system prompt");
    }

    @Test
    void readsClientsAndKeepsOnlyTheirKeysHashes() {
        GatewayConfig config = parse("""
                remote-management:
                  secret-key: manage-me
                openai-compatibility:
                  - name: openai
                clients:
                  - name: team-a
                    key: sk-team-a-plaintext
                    allowed-models: ["gpt-*", "sonnet"]
                    provider: openai
                    system-prompt: Answer in French.
                    base-url: http://10.0.0.5:11434/v1
                    rate-limit:
                      requests-per-minute: 60
                      tokens-per-minute: 100000
                  - name: team-b
                    key-hash: sha256:%s
                    allowed-models: []
                    system-prompt:
                      mode: replace
                      text: You are terse.
                """.formatted(ClientKeys.hash("sk-team-b"))).config();

        ClientConfig a = config.clients().get(0);
        ClientConfig b = config.clients().get(1);
        assertThat(a.keyHash()).isEqualTo(ClientKeys.hash("sk-team-a-plaintext"));
        assertThat(a.toString()).doesNotContain("plaintext");
        assertThat(a.allowedModels()).containsExactly("gpt-*", "sonnet");
        assertThat(a.provider()).isEqualTo("openai");
        assertThat(a.systemPrompt()).isEqualTo(new SystemPrompt(SystemPrompt.Mode.PREPEND,
                "Answer in French."));
        assertThat(a.baseUrl()).isEqualTo(URI.create("http://10.0.0.5:11434/v1"));
        assertThat(a.requestsPerMinute()).isEqualTo(60);
        assertThat(a.tokensPerMinute()).isEqualTo(100_000);
        assertThat(b.keyHash()).isEqualTo(ClientKeys.hash("sk-team-b"));
        assertThat(b.allowedModels()).isEmpty();
        assertThat(b.systemPrompt().mode()).isEqualTo(SystemPrompt.Mode.REPLACE);
        assertThat(config.managementSecretHash()).isEqualTo(ClientKeys.hash("manage-me"));
    }

    @Test
    void managementIsOffWithoutASecretAndLoopbackOnlyUnlessAllowed() {
        GatewayConfig none = parse("port: 0\n").config();
        GatewayConfig remote = parse("""
                remote-management:
                  secret-key: sha256:%s
                  allow-remote: true
                  disable-control-panel: true
                """.formatted(ClientKeys.hash("manage-me").toUpperCase(java.util.Locale.ROOT))).config();

        assertThat(none.management()).isEqualTo(Management.OFF);
        assertThat(none.management().enabled()).isFalse();
        assertThat(remote.management()).isEqualTo(new Management(ClientKeys.hash("manage-me"), true, false));
        assertThatThrownBy(() -> parse("remote-management:\n  secret-key: sha256:abc\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("remote-management.secret-key")
                .hasMessageContaining("64 hex digits");
        assertThatThrownBy(() -> parse("remote-management:\n  allow-remote: maybe\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("remote-management.allow-remote");
    }

    @Test
    void refusesAClientPinnedToAProviderThatIsNotConfigured() {
        assertThatThrownBy(() -> parse("clients:\n  - name: a\n    key: k\n    provider: opneai\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("client 'a' is pinned to provider 'opneai', which is not configured");
    }

    @Test
    void namesEveryBrokenClientEntryWithoutRepeatingAKey() {
        assertThatThrownBy(() -> parse("""
                clients:
                  - key: sk-no-name-secret
                  - name: both
                    key: sk-both-secret
                    key-hash: abc
                  - name: short
                    key-hash: abc
                """))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> {
                    assertThat(((ConfigException) e).problems()).extracting(Object::toString).containsExactly(
                            "config.yaml:2: clients[0].name: required: a name for this client, such as 'team-a'",
                            "config.yaml:3: clients[1]: needs exactly one of 'key' or 'key-hash'",
                            "config.yaml:7: clients[2].key-hash: expected a SHA-256 in hex (64 characters)");
                    assertThat(e.getMessage()).doesNotContain("secret");
                });
    }

    @Test
    void addsTheClientsFileBesideTheConfig(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("gateway.yaml");
        Files.writeString(file, "port: 1\n");
        ClientsFile clients = new ClientsFile(dir.resolve("clients.yaml"));
        String key = clients.create("team-a", ClientKeys.Type.ANTHROPIC, java.util.List.of("*"));

        LoadedConfig loaded = loader.load(file);

        assertThat(key).startsWith("sk-ant-").hasSize(7 + 48);
        assertThat(Files.readString(dir.resolve("clients.yaml"))).doesNotContain(key).contains(ClientKeys.hash(key));
        assertThat(loaded.config().clients()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("team-a");
            assertThat(c.keyHash()).isEqualTo(ClientKeys.hash(key));
        });
        assertThat(loaded.files()).containsExactly(file.toAbsolutePath(), dir.resolve("clients.yaml").toAbsolutePath());
    }
}
