package dev.aiproxy.server;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
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
import com.openai.models.models.Model;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.config.ConfigLoader;
import dev.aiproxy.routing.config.LoadedConfig;
import dev.aiproxy.translate.testing.Await;
import dev.aiproxy.translate.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An OpenAI-compatible entry without {@code models:} serves its upstream's model list (a WireMock upstream answering
 * OpenAI's documented {@code GET /models}, openai/models-list.json), seen through the official OpenAI Java SDK: the
 * list shows the fetched models, a chat to one reaches that entry, a refresh picks up a new model, and a failing fetch
 * keeps the list and shows in {@code /health}.
 */
class ModelListsEndToEndTest {
    private static final String SECRET = "gw-management-secret-0123456789";
    private static final String LOCAL_KEY = "sk-test-local-upstream-key-0001";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static WireMockExtension upstream = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    @TempDir
    Path dir;

    private Gateway gateway;
    private GatewayServer server;
    private OpenAIClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    private void start(String refresh) throws Exception {
        Path file = dir.resolve("gateway.yaml");
        Files.writeString(file, """
                port: 0
                echo: false
                remote-management:
                  secret-key: %s
                openai-compatibility:
                  - name: local
                    base-url: %s/local/v1
                    models-refresh: %s
                    api-key-entries:
                      - api-key: %s
                  - name: pinned
                    base-url: %s/pinned/v1
                    models:
                      - name: gpt-4o-mini
                """.formatted(SECRET, upstream.baseUrl(), refresh, LOCAL_KEY, upstream.baseUrl()));
        ConfigLoader loader = ConfigLoader.withEnvironment(java.util.Map.of());
        LoadedConfig loaded = loader.load(file);
        gateway = Gateway.create(loaded.config());
        server = GatewayServer.builder(gateway).configFile(loaded, loader, c -> c).start();
        client = OpenAIOkHttpClient.builder().baseUrl(server.baseUrl() + "/v1").apiKey("unused").maxRetries(0)
                .build();
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    private List<String> listed() {
        return client.models().list().data().stream().map(Model::id).toList();
    }

    private void awaitListed(String... ids) {
        Await.until(Duration.ofSeconds(10), () -> listed().equals(List.of(ids)),
                "the SDK lists " + List.of(ids));
    }

    private JsonNode health() throws Exception {
        return JSON.readTree(RawHttp.get(server.baseUrl() + "/health").body());
    }

    @Test
    void theSdkListsTheFetchedModelsAndAChatToOneReachesItsEntry() throws Exception {
        upstream.stubFor(get("/local/v1/models").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(Fixtures.bytes("openai/models-list.json"))));
        upstream.stubFor(post("/local/v1/chat/completions").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(Fixtures.bytes("openai/chat-completion.json"))));
        start("10m");

        awaitListed("model-id-0", "model-id-1", "model-id-2", "gpt-4o-mini");
        ChatCompletion answer = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("model-id-2").addUserMessage("Hi").build());

        assertThat(answer.choices()).isNotEmpty();
        upstream.verify(postRequestedFor(urlEqualTo("/local/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer " + LOCAL_KEY))
                .withRequestBody(matchingJsonPath("$.model", equalTo("model-id-2"))));
        upstream.verify(0, postRequestedFor(urlEqualTo("/pinned/v1/chat/completions")));
        JsonNode gemini = JSON.readTree(RawHttp.get(server.baseUrl() + "/v1beta/models").body());
        assertThat(gemini.path("models")).extracting(m -> m.path("name").asText())
                .contains("models/model-id-0", "models/model-id-2");
        JsonNode list = health().path("model_lists").path("local");
        assertThat(list.path("status").asText()).isEqualTo("healthy");
        assertThat(list.path("models").asInt()).isEqualTo(3);
        assertThat(health().path("model_lists").has("pinned")).as("an entry with models: is not fetched").isFalse();
    }

    @Test
    void theRefreshPicksUpANewModel() throws Exception {
        upstream.stubFor(get("/local/v1/models").willReturn(json(200,
                "{\"object\":\"list\",\"data\":[{\"id\":\"llama3\",\"object\":\"model\"}]}")));
        start("100ms");
        awaitListed("llama3", "gpt-4o-mini");

        upstream.stubFor(get("/local/v1/models").willReturn(json(200, "{\"object\":\"list\",\"data\":["
                + "{\"id\":\"llama3\",\"object\":\"model\"},{\"id\":\"qwen3\",\"object\":\"model\"}]}")));

        awaitListed("llama3", "qwen3", "gpt-4o-mini");
    }

    @Test
    void aFailingFetchKeepsTheLastListAndHealthSaysSo() throws Exception {
        upstream.stubFor(get("/local/v1/models").willReturn(json(200,
                "{\"object\":\"list\",\"data\":[{\"id\":\"llama3\",\"object\":\"model\"}]}")));
        start("100ms");
        awaitListed("llama3", "gpt-4o-mini");

        upstream.stubFor(get("/local/v1/models").willReturn(json(500, "{\"error\":{\"message\":\"down\"}}")));
        Await.until(Duration.ofSeconds(10), () -> {
            try {
                return health().path("model_lists").path("local").path("status").asText().equals("failing");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "/health shows the failing fetch");
        RawHttp.Response providers = RawHttp.get(server.baseUrl() + "/v0/management/providers",
                "X-Management-Key", SECRET);

        assertThat(listed()).containsExactly("llama3", "gpt-4o-mini");
        assertThat(providers.status()).as(providers.body()).isEqualTo(200);
        JsonNode local = JSON.readTree(providers.body()).path("providers").get(0);
        assertThat(local.path("model_list").path("status").asText()).isEqualTo("failing");
        assertThat(local.path("model_list").path("error").asText()).contains("local#0").contains("500")
                .doesNotContain(LOCAL_KEY);
        assertThat(local.path("model_list").path("models")).extracting(JsonNode::asText).containsExactly("llama3");
        assertThat(health().path("status").asText()).as("the last list still serves").isEqualTo("healthy");
    }
}
