package dev.aiproxy.server;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.aiproxy.api.Secret;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.config.ConfigLoader;
import dev.aiproxy.routing.config.LoadedConfig;
import dev.aiproxy.translate.testing.Await;
import dev.aiproxy.translate.testing.Fixtures;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Providers, keys and health through the management API, over HTTP against the running server started from a config
 * file: keys are listed masked and never in full, a cooldown made by a 429 is cleared, an active health check turns a
 * key unhealthy, and keys are added, disabled and removed in the file, which a restart keeps.
 */
class ProvidersEndToEndTest {
    private static final String SECRET = "gw-management-secret-0123456789";
    private static final String KEY_A = "sk-test-upstream-key-aaaaaaaa-0001";
    private static final String KEY_B = "sk-test-upstream-key-bbbbbbbb-0002";
    private static final String KEY_C = "sk-test-upstream-key-cccccccc-0003";
    private static final String MODEL = "gpt-4o-mini";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static WireMockExtension upstream = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    @TempDir
    Path dir;

    private Path file;
    private Gateway gateway;
    private GatewayServer server;
    /** Every answer the management API and /health gave, to scan for keys. */
    private final List<String> answers = new ArrayList<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        for (String answer : answers) {
            assertThat(answer).doesNotContain(KEY_A).doesNotContain(KEY_B).doesNotContain(KEY_C);
        }
    }

    private void start(String healthCheck) throws Exception {
        file = dir.resolve("gateway.yaml");
        Files.writeString(file, """
                port: 0
                remote-management:
                  secret-key: %s
                routing:
                  strategy: fill-first   # the first key first, so a test knows which key meets the upstream
                openai-compatibility:
                  - name: pool
                    base-url: %s/v1
                    %s
                    # the pool's keys: keep this comment
                    api-key-entries:
                      - api-key: %s   # the first key
                      - api-key: %s
                    models:
                      - name: %s
                """.formatted(SECRET, upstream.baseUrl(), healthCheck, KEY_A, KEY_B, MODEL));
        boot();
    }

    private void boot() {
        ConfigLoader loader = ConfigLoader.withEnvironment(java.util.Map.of());
        LoadedConfig loaded = loader.load(file);
        gateway = Gateway.create(loaded.config());
        server = GatewayServer.builder(gateway).configFile(loaded, loader, c -> c).start();
    }

    private RawHttp.Response call(String method, String path, String body) throws Exception {
        RawHttp.Response r = RawHttp.send(method, server.baseUrl() + path, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body),
                "X-Management-Key", SECRET);
        answers.add(r.body());
        return r;
    }

    private JsonNode json(String method, String path, String body, int status) throws Exception {
        RawHttp.Response r = call(method, "/v0/management" + path, body);
        assertThat(r.status()).as(method + " " + path + ": " + r.body()).isEqualTo(status);
        return r.body().isEmpty() ? null : JSON.readTree(r.body());
    }

    private JsonNode keys() throws Exception {
        return json("GET", "/providers/pool", null, 200).path("keys");
    }

    private static String fingerprint(String key) {
        return Secret.of(key).fingerprint();
    }

    private static void keyAnswers(String key, ResponseDefinitionBuilder answer) {
        upstream.stubFor(post("/v1/chat/completions").withHeader("Authorization", equalTo("Bearer " + key))
                .willReturn(answer));
    }

    private static ResponseDefinitionBuilder ok() {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(Fixtures.bytes("openai/chat-completion.json"));
    }

    private ChatCompletion chat() {
        OpenAIClient openAi = OpenAIOkHttpClient.builder().baseUrl(server.baseUrl() + "/v1").apiKey("unused")
                .maxRetries(0).build();
        return openAi.chat().completions().create(ChatCompletionCreateParams.builder().model(MODEL)
                .addUserMessage("Hi").build());
    }

    private static int callsWith(String key) {
        return upstream.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer " + key))).size();
    }

    @Test
    void listsEveryKeyMaskedWithItsFingerprintAndNeverTheKeyItself() throws Exception {
        start("");

        JsonNode providers = json("GET", "/providers", null, 200).path("providers");
        RawHttp.Response publicHealth = call("GET", "/health?keys=true", null);

        assertThat(providers).hasSize(2);
        JsonNode pool = providers.get(0);
        assertThat(pool.path("name").asText()).isEqualTo("pool");
        assertThat(pool.path("type").asText()).isEqualTo("openai-compatible");
        assertThat(pool.path("health").asText()).isEqualTo("healthy");
        JsonNode first = pool.path("keys").get(0);
        assertThat(first.path("id").asText()).isEqualTo("pool#0");
        assertThat(first.path("masked_key").asText()).isEqualTo("sk-...0001");
        assertThat(first.path("fingerprint").asText()).isEqualTo(fingerprint(KEY_A));
        assertThat(first.path("state").asText()).isEqualTo("active");
        assertThat(first.path("weight").asInt()).isEqualTo(1);
        assertThat(first.path("models").get(0).path("name").asText()).isEqualTo(MODEL);
        assertThat(first.path("traffic").path("window_seconds").asInt()).isEqualTo(300);
        assertThat(providers.get(1).path("name").asText()).isEqualTo("echo");
        assertThat(publicHealth.status()).isEqualTo(200);
        JsonNode publicKeys = JSON.readTree(publicHealth.body()).path("keys").path("pool");
        assertThat(publicKeys.get(0).path("id").asText()).isEqualTo("pool#0");
        assertThat(publicKeys.get(0).path("status").asText()).isEqualTo("healthy");
        assertThat(publicHealth.body()).doesNotContain(fingerprint(KEY_A)).doesNotContain("sk-...0001");
    }

    @Test
    void aCooldownMadeByA429IsShownAndClearingItPutsTheKeyBackAtOnce() throws Exception {
        keyAnswers(KEY_A, aResponse().withStatus(429).withHeader("Retry-After", "60")
                .withHeader("Content-Type", "application/json").withBody(Fixtures.bytes("openai/error-429.json")));
        keyAnswers(KEY_B, ok());
        start("");

        assertThat(chat().choices()).isNotEmpty();
        JsonNode cooling = keys().get(0);

        assertThat(cooling.path("state").asText()).isEqualTo("cooling");
        assertThat(cooling.path("health").asText()).isEqualTo("down");
        JsonNode cooldown = cooling.path("cooldowns").get(0);
        assertThat(cooldown.path("reason").asText()).isEqualTo("rate_limited");
        assertThat(cooldown.path("model").asText()).isEqualTo(MODEL);
        assertThat(java.time.Instant.parse(cooldown.path("until").asText()))
                .isAfter(java.time.Instant.now().plusSeconds(30));
        assertThat(cooling.path("traffic").path("failures").asInt()).isEqualTo(1);
        assertThat(cooling.path("traffic").path("error_rate").asDouble()).isEqualTo(1.0);

        JsonNode cleared = json("DELETE", "/providers/pool/keys/" + fingerprint(KEY_A) + "/cooldown", null, 200);
        keyAnswers(KEY_A, ok());
        chat();

        assertThat(cleared.path("was_cooling").asBoolean()).isTrue();
        assertThat(cleared.path("key").path("state").asText()).isEqualTo("active");
        assertThat(callsWith(KEY_A)).isEqualTo(2);
        assertThat(callsWith(KEY_B)).isEqualTo(1);
    }

    @Test
    void clearingTheCooldownOfAnUnknownKeyOrProviderIs404() throws Exception {
        start("");

        JsonNode noKey = json("DELETE", "/providers/pool/keys/0123456789abcdef/cooldown", null, 404);
        JsonNode noProvider = json("DELETE", "/providers/nope/keys/" + fingerprint(KEY_A) + "/cooldown", null, 404);

        assertThat(noKey.path("error").path("message").asText()).contains("'0123456789abcdef'");
        assertThat(noProvider.path("error").path("message").asText()).contains("'nope'");
    }

    @Test
    void healthShowsEachProviderAndEachKeyWithItsTraffic() throws Exception {
        keyAnswers(KEY_A, ok());
        start("");
        chat();

        JsonNode health = json("GET", "/health", null, 200);

        assertThat(health.path("status").asText()).isEqualTo("healthy");
        assertThat(health.path("models").path(MODEL).asText()).isEqualTo("healthy");
        JsonNode key = health.path("providers").get(0).path("keys").get(0);
        assertThat(key.path("health").asText()).isEqualTo("healthy");
        assertThat(key.path("traffic").path("successes").asInt()).isEqualTo(1);
        assertThat(key.path("traffic").path("mean_latency_ms").asDouble()).isPositive();
        assertThat(key.path("last_check").isNull()).isTrue();
    }

    @Test
    void aHealthCheckTurnsAKeyUnhealthyWhenTheModelListAnswers401() throws Exception {
        upstream.stubFor(get("/v1/models").withHeader("Authorization", equalTo("Bearer " + KEY_A))
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                        .withBody(Fixtures.bytes("openai/error-401.json"))));
        upstream.stubFor(get("/v1/models").withHeader("Authorization", equalTo("Bearer " + KEY_B))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(Fixtures.bytes("openai/models-list.json"))));
        keyAnswers(KEY_B, ok());
        start("health-check: {interval: 60s}");

        Await.until(Duration.ofSeconds(10), () -> {
            try {
                JsonNode k = keys();
                return !k.get(0).path("last_check").isNull() && !k.get(1).path("last_check").isNull();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "both keys checked");
        JsonNode health = json("GET", "/health", null, 200);
        JsonNode refused = health.path("providers").get(0).path("keys").get(0);
        JsonNode publicKeys = JSON.readTree(call("GET", "/health?keys=true", null).body()).path("keys").path("pool");
        chat();

        assertThat(refused.path("last_check").path("healthy").asBoolean()).isFalse();
        assertThat(refused.path("last_check").path("status").asInt()).isEqualTo(401);
        assertThat(refused.path("last_check").path("call").asText()).isEqualTo("list-models");
        assertThat(refused.path("state").asText()).isEqualTo("rejected");
        assertThat(refused.path("health").asText()).isEqualTo("down");
        assertThat(health.path("providers").get(0).path("health").asText()).isEqualTo("degraded");
        assertThat(health.path("providers").get(0).path("health_check").path("interval_seconds").asInt())
                .isEqualTo(60);
        assertThat(health.path("providers").get(0).path("keys").get(1).path("last_check").path("healthy")
                .asBoolean()).isTrue();
        assertThat(publicKeys.get(0).path("last_check").path("healthy").asBoolean()).isFalse();
        assertThat(callsWith(KEY_A)).as("a refused key is not routed to").isZero();
    }

    @Test
    void keysAreAddedDisabledAndRemovedInTheFileWhichARestartKeeps() throws Exception {
        keyAnswers(KEY_A, ok());
        keyAnswers(KEY_B, ok());
        keyAnswers(KEY_C, ok());
        start("");

        JsonNode added = json("POST", "/providers/pool/keys", "{\"api_key\":\"" + KEY_C + "\",\"weight\":2}", 201);
        JsonNode disabled = json("PATCH", "/providers/pool/keys/" + fingerprint(KEY_A), "{\"disabled\":true}", 200);
        json("DELETE", "/providers/pool/keys/" + fingerprint(KEY_B), null, 204);
        String text = Files.readString(file, StandardCharsets.UTF_8);
        chat();

        assertThat(added.path("masked_key").asText()).isEqualTo("sk-...0003");
        assertThat(added.path("fingerprint").asText()).isEqualTo(fingerprint(KEY_C));
        assertThat(added.path("weight").asInt()).isEqualTo(2);
        assertThat(disabled.path("state").asText()).isEqualTo("disabled");
        assertThat(text).contains("# the pool's keys: keep this comment").contains("# the first key")
                .contains("disabled: true").contains(KEY_C).doesNotContain(KEY_B);
        assertThat(Files.exists(dir.resolve("gateway.yaml.bak"))).isTrue();
        assertThat(callsWith(KEY_A)).as("a disabled key is not routed to").isZero();
        assertThat(callsWith(KEY_C)).isEqualTo(1);

        server.close();
        gateway.close();
        boot();
        JsonNode afterRestart = keys();

        assertThat(afterRestart).extracting(k -> k.path("masked_key").asText() + " " + k.path("state").asText())
                .containsExactly("sk-...0001 disabled", "sk-...0003 active");
        JsonNode enabled = json("PATCH", "/providers/pool/keys/" + fingerprint(KEY_A), "{\"disabled\":false}", 200);
        assertThat(enabled.path("state").asText()).isEqualTo("active");
        assertThat(Files.readString(file)).doesNotContain("disabled:");
    }

    @Test
    void badKeyWritesAreRefusedWithTheFieldNamed() throws Exception {
        start("");

        JsonNode missing = json("POST", "/providers/pool/keys", "{\"weight\":2}", 400);
        JsonNode unknown = json("POST", "/providers/pool/keys", "{\"api_key\":\"sk-x\",\"colour\":1}", 400);
        JsonNode duplicate = json("POST", "/providers/pool/keys", "{\"api_key\":\"" + KEY_B + "\"}", 409);
        JsonNode noProvider = json("POST", "/providers/nope/keys", "{\"api_key\":\"" + KEY_C + "\"}", 404);
        JsonNode nothing = json("PATCH", "/providers/pool/keys/" + fingerprint(KEY_A), "{}", 400);
        JsonNode weight = json("PATCH", "/providers/pool/keys/" + fingerprint(KEY_A), "{\"weight\":-1}", 400);
        JsonNode noKey = json("PATCH", "/providers/pool/keys/0123456789abcdef", "{\"weight\":1}", 404);
        json("DELETE", "/providers/pool/keys/" + fingerprint(KEY_B), null, 204);
        JsonNode last = json("DELETE", "/providers/pool/keys/" + fingerprint(KEY_A), null, 409);

        assertThat(missing.path("error").path("param").asText()).isEqualTo("api_key");
        assertThat(unknown.path("error").path("param").asText()).isEqualTo("colour");
        assertThat(duplicate.path("error").path("message").asText()).contains(fingerprint(KEY_B));
        assertThat(noProvider.path("error").path("message").asText()).contains("'nope'");
        assertThat(nothing.path("error").path("message").asText()).contains("changes nothing");
        assertThat(weight.path("error").path("param").asText()).isEqualTo("weight");
        assertThat(noKey.path("error").path("message").asText()).contains("0123456789abcdef");
        assertThat(last.path("error").path("message").asText()).contains("only key");
    }
}
