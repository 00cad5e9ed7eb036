package dev.aiproxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.config.ConfigLoader;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.routing.config.LoadedConfig;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The config, clients and models resources of the management API, over HTTP against a server that watches its config
 * file: what they answer, what they write to the files (comments kept, secrets kept, nothing invalid), and that what
 * they write is live at once. Every answer is checked for the secrets of the test config.
 */
class ConfigApiEndToEndTest {
    private static final String SECRET = "gw-config-management-secret-42";
    private static final String UPSTREAM_KEY = "sk-upstream-literal-secret-7781";
    private static final String CLIENT_KEY = "sk-config-client-literal-5512";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONFIG = """
            # The test gateway: comments here must survive every edit
            port: 0   # any free port
            echo: true

            remote-management:
              secret-key: %s   # the management secret

            clients:
              - name: in-config   # a client defined in the config file
                key: %s
                allowed-models: ["*"]

            # upstreams
            openai-compatibility:
              - name: up
                base-url: http://127.0.0.1:9/v1
                api-key-entries:
                  - api-key: %s
                  # between two keys
                  - api-key: ${GW_TEST_UNSET_KEY:-sk-env-default}
                models:
                  - name: gpt-4o-mini
                    alias: gpt
            fallbacks: {gpt: [echo]}
            # the end of the file
            """.formatted(SECRET, CLIENT_KEY, UPSTREAM_KEY);

    @TempDir
    Path dir;

    private Path file;
    private Gateway gateway;
    private GatewayServer server;
    /** Every answer of the test, checked for the secrets after it. */
    private final List<RawHttp.Response> answers = new ArrayList<>();

    @AfterEach
    void stopAndScanAnswersForSecrets() {
        if (server != null) {
            server.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        String hash = sha256(CLIENT_KEY);
        for (RawHttp.Response r : answers) {
            assertThat(r.body()).as("an answer of the management API").doesNotContain(SECRET, UPSTREAM_KEY,
                    CLIENT_KEY, hash, sha256(SECRET));
            r.headers().values().forEach(values -> assertThat(String.join(",", values)).doesNotContain(SECRET,
                    UPSTREAM_KEY, CLIENT_KEY));
        }
    }

    private void start() throws Exception {
        file = dir.resolve("gateway.yaml");
        Files.writeString(file, CONFIG);
        ConfigLoader loader = ConfigLoader.withEnvironment(Map.of());
        LoadedConfig loaded = loader.load(file);
        gateway = Gateway.create(loaded.config());
        // a long debounce: only the API's own reloads (and none of the watcher's) make changes live here
        server = GatewayServer.builder(gateway).configFile(loaded, loader, c -> c)
                .reloadDebounce(Duration.ofMinutes(5)).start();
    }

    private String url(String path) {
        return server.baseUrl() + "/v0/management" + path;
    }

    private RawHttp.Response call(String method, String path, String body, String... headers) throws Exception {
        List<String> all = new ArrayList<>(List.of("X-Management-Key", SECRET));
        all.addAll(List.of(headers));
        RawHttp.Response r = RawHttp.send(method, url(path), body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8), all.toArray(String[]::new));
        answers.add(r);
        return r;
    }

    private RawHttp.Response putConfig(String yaml, String etag) throws Exception {
        return etag == null ? call("PUT", "/config", yaml, "Content-Type", "application/yaml")
                : call("PUT", "/config", yaml, "Content-Type", "application/yaml", "If-Match", etag);
    }

    private static JsonNode json(RawHttp.Response r) throws Exception {
        return JSON.readTree(r.body());
    }

    private static JsonNode error(RawHttp.Response r) throws Exception {
        return json(r).path("error");
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String chat(String key) {
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(server.baseUrl() + "/v1").apiKey(key)
                .maxRetries(0).build();
        try {
            ChatCompletion answer = client.chat().completions().create(ChatCompletionCreateParams.builder()
                    .model("echo").addUserMessage("hello").build());
            return answer.choices().getFirst().message().content().orElseThrow();
        } finally {
            client.close();
        }
    }

    @Test
    void aMissingOrWrongSecretIs401OnEveryResource() throws Exception {
        start();

        for (String path : List.of("/config", "/clients", "/models", "/models/payload")) {
            RawHttp.Response missing = RawHttp.get(url(path));
            RawHttp.Response wrong = RawHttp.get(url(path), "X-Management-Key", "not-it-" + path.length());
            answers.addAll(List.of(missing, wrong));

            assertThat(missing.status()).as(path).isEqualTo(401);
            assertThat(wrong.status()).as(path).isEqualTo(401);
        }
    }

    @Test
    void theConfigIsReadWithItsSecretsRedactedAndItsSha256AsETag() throws Exception {
        start();

        RawHttp.Response r = call("GET", "/config", null);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("application/yaml");
        assertThat(r.header("ETag")).isEqualTo("\"" + sha256(CONFIG) + "\"");
        assertThat(r.body()).contains("secret-key: \"<redacted>\"   # the management secret")
                .contains("key: \"<redacted>\"").contains("- api-key: \"<redacted>\"")
                .contains("- api-key: ${GW_TEST_UNSET_KEY:-sk-env-default}")
                .contains("# between two keys").contains("# the end of the file");
    }

    @Test
    void aConfigEditRoundTripKeepsCommentsSecretsAndReferencesAndGoesLive() throws Exception {
        start();
        RawHttp.Response read = call("GET", "/config", null);

        RawHttp.Response put = putConfig(read.body().replace("echo: true", "echo: true\ndebug: false  # new"),
                read.header("ETag"));

        assertThat(put.status()).isEqualTo(200);
        String written = Files.readString(file);
        assertThat(written).isEqualTo(CONFIG.replace("echo: true", "echo: true\ndebug: false  # new"));
        assertThat(put.header("ETag")).isEqualTo("\"" + sha256(written) + "\"");
        assertThat(json(put).path("etag").asText()).isEqualTo(sha256(written));
        assertThat(Files.readString(dir.resolve("gateway.yaml.bak"))).isEqualTo(CONFIG);
        assertThat(chat(CLIENT_KEY)).isNotEmpty();
    }

    @Test
    void aReplacementWithoutIfMatchIs428AndWithAStaleOneIs412() throws Exception {
        start();
        String etag = call("GET", "/config", null).header("ETag");
        assertThat(putConfig(CONFIG.replace("echo: true", "echo: false"), etag).status()).isEqualTo(200);

        RawHttp.Response stale = putConfig(CONFIG, etag);
        RawHttp.Response none = putConfig(CONFIG, null);

        assertThat(stale.status()).isEqualTo(412);
        assertThat(error(stale).path("param").asText()).isEqualTo("If-Match");
        assertThat(none.status()).isEqualTo(428);
        assertThat(Files.readString(file)).contains("echo: false");
    }

    @Test
    void anInvalidConfigIs400NamingLineAndKeyAndIsNeitherWrittenNorLive() throws Exception {
        start();
        String etag = call("GET", "/config", null).header("ETag");

        RawHttp.Response r = putConfig(CONFIG.replace("base-url: http://127.0.0.1:9/v1", "base-url: htp://nowhere"),
                etag);
        RawHttp.Response notYaml = putConfig("port: [0\n", etag);
        RawHttp.Response placeholder = putConfig("port: 0\napi-keys: [\"<redacted>\"]\n", etag);

        assertThat(r.status()).isEqualTo(400);
        assertThat(error(r).path("param").asText()).isEqualTo("openai-compatibility[0].base-url");
        assertThat(error(r).path("message").asText()).contains("gateway.yaml:16: openai-compatibility[0].base-url: "
                + "not an http(s) URL");
        assertThat(notYaml.status()).isEqualTo(400);
        assertThat(error(notYaml).path("message").asText()).contains("not valid YAML");
        assertThat(placeholder.status()).isEqualTo(400);
        assertThat(error(placeholder).path("param").asText()).isEqualTo("api-keys[0]");
        assertThat(Files.readString(file)).isEqualTo(CONFIG);
        assertThat(chat(CLIENT_KEY)).isNotEmpty();
    }

    @Test
    void aCreatedClientsKeyAuthenticatesAndANewKeyRefusesTheOldOneAtOnce() throws Exception {
        start();

        RawHttp.Response created = call("POST", "/clients", "{\"name\": \"team-a\", \"key_type\": \"sk-ant-\", "
                + "\"allowed_models\": [\"echo\"]}");
        String first = json(created).path("key").asText();
        String firstAnswer = chat(first);
        RawHttp.Response renewed = call("POST", "/clients/team-a/key", "{\"key-type\": \"gm_\"}");
        String second = json(renewed).path("key").asText();

        assertThat(created.status()).isEqualTo(201);
        assertThat(first).startsWith("sk-ant-").hasSize(55);
        assertThat(json(created).path("name").asText()).isEqualTo("team-a");
        assertThat(json(created).path("defined_in").asText()).isEqualTo("clients-file");
        assertThat(firstAnswer).isNotEmpty();
        assertThat(renewed.status()).isEqualTo(200);
        assertThat(second).startsWith("gm_");
        assertThat(chat(second)).isNotEmpty();
        assertThatThrownBy(() -> chat(first)).isInstanceOfSatisfying(UnauthorizedException.class,
                e -> assertThat(e.statusCode()).isEqualTo(401));
        String clientsFile = Files.readString(dir.resolve("clients.yaml"));
        assertThat(clientsFile).contains("name: team-a").contains("key-hash: " + sha256(second))
                .doesNotContain(first).doesNotContain(second);
    }

    @Test
    void keysAreOnlyFingerprintsInTheList() throws Exception {
        start();

        RawHttp.Response r = call("GET", "/clients", null);

        assertThat(r.status()).isEqualTo(200);
        JsonNode client = json(r).get(0);
        assertThat(client.path("name").asText()).isEqualTo("in-config");
        assertThat(client.path("defined_in").asText()).isEqualTo("config-file");
        assertThat(client.path("key_fingerprint").asText()).isEqualTo("sha256:" + sha256(CLIENT_KEY).substring(0, 8));
    }

    @Test
    void aClientOfTheConfigFileIsPatchedThereKeepingItsComments() throws Exception {
        start();

        RawHttp.Response r = call("PATCH", "/clients/in-config", "{\"allowed_models\": [\"echo\"], "
                + "\"system_prompt\": \"Be brief.\", \"requests_per_minute\": 30, \"daily_usd\": 2.5}");

        assertThat(r.status()).isEqualTo(200);
        assertThat(json(r).path("allowed_models").toString()).isEqualTo("[\"echo\"]");
        assertThat(json(r).path("requests_per_minute").asInt()).isEqualTo(30);
        assertThat(json(r).path("system_prompt").path("text").asText()).isEqualTo("Be brief.");
        String written = Files.readString(file);
        assertThat(written).contains("# The test gateway: comments here must survive every edit")
                .contains("# a client defined in the config file").contains("# between two keys")
                .contains("# the end of the file").contains("requests-per-minute: 30").contains("daily-usd: 2.5")
                .contains("api-key: " + UPSTREAM_KEY).contains("${GW_TEST_UNSET_KEY:-sk-env-default}");
        assertThat(gateway.config().clients().getFirst().requestsPerMinute()).isEqualTo(30);
    }

    @Test
    void aMalformedClientBodyIs400NamingTheField() throws Exception {
        start();

        RawHttp.Response url = call("PATCH", "/clients/in-config", "{\"base_url\": \"ftp://x\"}");
        RawHttp.Response unknown = call("PATCH", "/clients/in-config", "{\"colour\": \"red\"}");
        RawHttp.Response limit = call("PATCH", "/clients/in-config", "{\"requests_per_minute\": -1}");
        RawHttp.Response provider = call("PATCH", "/clients/in-config", "{\"provider\": \"nowhere\"}");
        RawHttp.Response noName = call("POST", "/clients", "{\"key_type\": \"sk-\"}");
        RawHttp.Response badType = call("POST", "/clients", "{\"name\": \"b\", \"key_type\": \"pk-\"}");
        RawHttp.Response badName = call("POST", "/clients", "{\"name\": \"team b\"}");
        RawHttp.Response notJson = call("POST", "/clients", "{\"name\": ");

        assertThat(List.of(url, unknown, limit, provider, noName, badType, badName, notJson))
                .extracting(RawHttp.Response::status).containsOnly(400);
        assertThat(List.of(url, unknown, limit, provider, noName, badType, badName))
                .extracting(r -> error(r).path("param").asText())
                .containsExactly("base_url", "colour", "requests_per_minute", "provider", "name", "key_type", "name");
        assertThat(Files.readString(file)).isEqualTo(CONFIG);
    }

    @Test
    void anUnknownClientIs404ADuplicateIs409AndADeletedOneIsGone() throws Exception {
        start();
        String key = json(call("POST", "/clients", "{\"name\": \"team-b\"}")).path("key").asText();

        RawHttp.Response unknown = call("PATCH", "/clients/nobody", "{\"provider\": null}");
        RawHttp.Response duplicate = call("POST", "/clients", "{\"name\": \"in-config\"}");
        RawHttp.Response deleted = call("DELETE", "/clients/team-b", null);

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(error(duplicate).path("param").asText()).isEqualTo("name");
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(call("GET", "/clients/team-b", null).status()).isEqualTo(404);
        assertThatThrownBy(() -> chat(key)).isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void theRegistryShowsWhatServesEachModelAndAliasAndFallbackEditsGoLive() throws Exception {
        start();

        RawHttp.Response alias = call("PUT", "/models/aliases", "{\"provider\": \"up\", \"upstream_model\": "
                + "\"gpt-4o\", \"alias\": \"big\"}");
        RawHttp.Response fallbacks = call("PUT", "/models/fallbacks", "{\"model\": \"big\", \"fallbacks\": "
                + "[\"gpt\", \"echo\"]}");
        RawHttp.Response itself = call("PUT", "/models/fallbacks", "{\"model\": \"big\", \"fallbacks\": [\"big\"]}");
        RawHttp.Response registry = call("GET", "/models", null);

        assertThat(alias.status()).isEqualTo(200);
        assertThat(fallbacks.status()).isEqualTo(200);
        assertThat(itself.status()).isEqualTo(400);
        assertThat(error(itself).path("param").asText()).isEqualTo("fallbacks.big");
        JsonNode big = null;
        for (JsonNode m : json(registry).path("models")) {
            if (m.path("id").asText().equals("big")) {
                big = m;
            }
        }
        assertThat(big).isNotNull();
        assertThat(big.path("served_by").get(0).path("upstream_model").asText()).isEqualTo("gpt-4o");
        assertThat(big.path("served_by")).extracting(s -> s.path("credential").asText())
                .containsExactly("up#0", "up#1");
        assertThat(big.path("fallbacks").toString()).isEqualTo("[\"gpt\",\"echo\"]");
        assertThat(Files.readString(file)).contains("fallbacks: {gpt: [echo], big: [gpt, echo]}")
                .contains("alias: big").contains("# upstreams").contains("# the end of the file");
    }

    @Test
    void payloadRulesAreReadAndReplacedAndABadRuleNamesItsKey() throws Exception {
        start();

        RawHttp.Response put = call("PUT", "/models/payload", "{\"payload\": {\"default\": [{\"models\": "
                + "[{\"name\": \"gpt*\"}], \"params\": {\"temperature\": 0.2}}]}}");
        RawHttp.Response bad = call("PUT", "/models/payload", "{\"payload\": {\"default\": [{\"models\": \"gpt*\"}]}}");
        RawHttp.Response read = call("GET", "/models/payload", null);

        assertThat(put.status()).isEqualTo(200);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(error(bad).path("param").asText()).startsWith("payload.default[0]");
        assertThat(json(read).path("payload").path("default").get(0).path("params").path("temperature").asDouble())
                .isEqualTo(0.2);
        assertThat(gateway.config().payload().defaults()).hasSize(1);
        assertThat(Files.readString(file)).contains("temperature: 0.2").contains("# the end of the file");
    }

    @Test
    void withoutAConfigFileTheFileResourcesAre409() throws Exception {
        gateway = Gateway.create(GatewayConfig.builder().port(0).managementSecret(SECRET).build());
        server = GatewayServer.start(gateway);

        RawHttp.Response read = call("GET", "/config", null);
        RawHttp.Response create = call("POST", "/clients", "{\"name\": \"team-a\"}");
        RawHttp.Response models = call("GET", "/models", null);

        assertThat(read.status()).isEqualTo(409);
        assertThat(error(read).path("message").asText()).contains("not loaded from a file");
        assertThat(create.status()).isEqualTo(409);
        assertThat(models.status()).isEqualTo(200);
    }
}
