package dev.aiproxy.routing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.aiproxy.api.error.ModelNotFoundException;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.routing.config.ModelRefresh;
import dev.aiproxy.translate.testing.Await;
import dev.aiproxy.translate.testing.Fixtures;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Entries without {@code models:} serve their upstream's model list, fetched at start and every
 * {@code models-refresh}, from WireMock upstreams that answer the providers' documented lists (src/test/resources of
 * gateway-translate, {@code <provider>/models-list.json}, each naming its reference page).
 */
class ModelListRefreshTest {
    private static final String KEY = "sk-test-model-list-key-0001";
    private static final Duration SHORT = Duration.ofMillis(100);

    @RegisterExtension
    static WireMockExtension upstream = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    private Gateway gateway;

    @AfterEach
    void close() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private static GatewayConfig config(ProviderConfig provider, Duration refresh) {
        return GatewayConfig.builder().echoModel(false).addProvider(provider)
                .modelRefresh(new ModelRefresh(refresh, Map.of())).build();
    }

    private static ProviderConfig entry(String type, String baseUrl) {
        return ProviderConfig.builder("up", type).baseUrl(baseUrl).apiKey(KEY).build();
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder fixture(String name) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(Fixtures.bytes(name));
    }

    private List<String> modelIds() {
        return gateway.models().stream().map(ModelInfo::id).toList();
    }

    private void awaitModels(String... ids) {
        Await.until(Duration.ofSeconds(10), () -> modelIds().equals(List.of(ids)),
                "the models " + List.of(ids) + " (listed: " + modelIds() + ")");
    }

    @Test
    void anOpenAiCompatibleEntryWithoutModelsServesItsUpstreamsListAndRoutesToIt() {
        upstream.stubFor(get("/v1/models").willReturn(fixture("openai/models-list.json")));
        upstream.stubFor(post("/v1/chat/completions").willReturn(fixture("openai/chat-completion.json")));

        gateway = Gateway.create(config(entry("openai-compatible", upstream.baseUrl() + "/v1"),
                ModelRefresh.DEFAULT_EVERY));
        awaitModels("model-id-0", "model-id-1", "model-id-2");
        gateway.chat(ChatRequest.builder().model("model-id-1").user("Hi").build());

        upstream.verify(getRequestedFor(urlEqualTo("/v1/models"))
                .withHeader("Authorization", equalTo("Bearer " + KEY)));
        upstream.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("model-id-1"))));
        assertThat(gateway.modelLists()).singleElement()
                .satisfies(s -> assertThat(s.healthy()).isTrue())
                .satisfies(s -> assertThat(s.models()).containsExactly("model-id-0", "model-id-1", "model-id-2"));
    }

    @Test
    void theOllamaPresetWithoutAKeyServesWhatTheLocalServerLists() {
        upstream.stubFor(get("/v1/models").willReturn(json(200, """
                {"object": "list", "data": [{"id": "llama3.2:latest", "object": "model", "owned_by": "library"}]}""")));

        gateway = Gateway.create(config(ProviderConfig.builder("ollama", "openai-compatible")
                .baseUrl(upstream.baseUrl() + "/v1").apiKey(null).build(), ModelRefresh.DEFAULT_EVERY));

        awaitModels("llama3.2:latest");
        upstream.verify(getRequestedFor(urlEqualTo("/v1/models")).withoutHeader("Authorization"));
    }

    @Test
    void anAnthropicEntryWithoutModelsServesAnthropicsList() {
        upstream.stubFor(get(urlPathEqualTo("/v1/models")).willReturn(fixture("anthropic/models-list.json")));

        gateway = Gateway.create(config(entry("claude", upstream.baseUrl()), ModelRefresh.DEFAULT_EVERY));

        awaitModels("claude-opus-4-6");
        upstream.verify(getRequestedFor(urlEqualTo("/v1/models?limit=1000")).withHeader("x-api-key", equalTo(KEY)));
    }

    @Test
    void aGeminiEntryWithoutModelsServesTheModelsThatGenerateContentWithoutTheirNamePrefix() {
        upstream.stubFor(get(urlPathEqualTo("/v1beta/models")).willReturn(json(200, """
                {"models": [
                  {"name": "models/gemini-2.0-flash", "supportedGenerationMethods": ["generateContent", "countTokens"]},
                  {"name": "models/text-embedding-004", "supportedGenerationMethods": ["embedContent"]}
                ]}""")));

        gateway = Gateway.create(config(entry("gemini", upstream.baseUrl()), ModelRefresh.DEFAULT_EVERY));

        awaitModels("gemini-2.0-flash");
        upstream.verify(getRequestedFor(urlEqualTo("/v1beta/models?pageSize=1000")));
    }

    @Test
    void theRefreshPicksUpANewModel() {
        upstream.stubFor(get("/v1/models").willReturn(json(200, "{\"object\":\"list\",\"data\":[{\"id\":\"a\"}]}")));
        gateway = Gateway.create(config(entry("openai-compatible", upstream.baseUrl() + "/v1"), SHORT));
        awaitModels("a");

        upstream.stubFor(get("/v1/models").willReturn(json(200,
                "{\"object\":\"list\",\"data\":[{\"id\":\"a\"},{\"id\":\"b\"}]}")));

        awaitModels("a", "b");
    }

    @Test
    void aFailedFetchKeepsTheLastGoodListAndSaysWhy() {
        upstream.stubFor(get("/v1/models").willReturn(json(200, "{\"object\":\"list\",\"data\":[{\"id\":\"a\"}]}")));
        gateway = Gateway.create(config(entry("openai-compatible", upstream.baseUrl() + "/v1"), SHORT));
        awaitModels("a");

        upstream.stubFor(get("/v1/models").willReturn(json(503, "{\"error\":{\"message\":\"overloaded\"}}")));
        Await.until(Duration.ofSeconds(10), () -> !gateway.modelLists().getFirst().healthy(), "a failed fetch");

        ModelListStatus status = gateway.modelLists().getFirst();
        assertThat(status.error()).contains("up#0").contains("503");
        assertThat(status.models()).containsExactly("a");
        assertThat(modelIds()).containsExactly("a");
    }

    @Test
    void aListThatIsNotTheDocumentedShapeIsAFailedFetch() {
        upstream.stubFor(get("/v1/models").willReturn(json(200, "{\"models\":[]}")));

        gateway = Gateway.create(config(entry("openai-compatible", upstream.baseUrl() + "/v1"), SHORT));

        Await.until(Duration.ofSeconds(10), () -> !gateway.modelLists().isEmpty(), "a fetch");
        assertThat(gateway.modelLists().getFirst().error()).contains("no 'data' array");
        assertThatThrownBy(() -> gateway.chat(ChatRequest.builder().model("a").user("Hi").build()))
                .isInstanceOf(ModelNotFoundException.class);
    }

    @Test
    void anEntryWithModelsIsNeverFetched() {
        upstream.stubFor(get("/mine/v1/models").willReturn(fixture("openai/models-list.json")));
        upstream.stubFor(get("/v1/models").willReturn(json(200, "{\"object\":\"list\",\"data\":[{\"id\":\"a\"}]}")));
        ProviderConfig listed = ProviderConfig.builder("mine", "openai-compatible")
                .baseUrl(upstream.baseUrl() + "/mine/v1").apiKey(KEY).model("mine").build();

        // the entry without models is scheduled in the same pass, after it: once its list is in, the other's fetch
        // would have been sent
        gateway = Gateway.create(GatewayConfig.builder().echoModel(false).addProvider(listed)
                .addProvider(entry("openai-compatible", upstream.baseUrl() + "/v1"))
                .modelRefresh(new ModelRefresh(SHORT, Map.of())).build());
        awaitModels("mine", "a");

        assertThat(gateway.modelLists()).extracting(ModelListStatus::provider).containsExactly("up");
        upstream.verify(0, getRequestedFor(urlEqualTo("/mine/v1/models")));
    }

    @Test
    void aReloadKeepsTheFetchedListOfAnUnchangedEntry() {
        upstream.stubFor(get("/v1/models").willReturn(fixture("openai/models-list.json")));
        gateway = Gateway.create(config(entry("openai-compatible", upstream.baseUrl() + "/v1"),
                ModelRefresh.DEFAULT_EVERY));
        awaitModels("model-id-0", "model-id-1", "model-id-2");

        gateway.reload(gateway.config().toBuilder().debug(true).build());

        assertThat(modelIds()).containsExactly("model-id-0", "model-id-1", "model-id-2");
    }
}
