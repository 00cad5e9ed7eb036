package dev.aiproxy.server;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.UsageRecord;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.translate.testing.Fixtures;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every answer carries {@code x-request-id}, the id its usage record has; {@code /health} names unpriced models. */
class RequestIdEndToEndTest {
    private static final String CLIENT_KEY = "gw-client-key-request-ids";

    @RegisterExtension
    static WireMockExtension upstream = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    private final List<UsageRecord> records = new CopyOnWriteArrayList<>();
    private RunningGateway running;

    @BeforeEach
    void start() {
        running = RunningGateway.of(Gateway.builder(GatewayConfig.builder().port(0).addClientKey(CLIENT_KEY)
                .addProvider(ProviderConfig.builder("local", "openai-compatible").baseUrl(upstream.baseUrl() + "/v1")
                        .apiKey("sk-upstream").model("gpt-4o").model("my-local-model").build())
                .build()).onUsage(records::add).build());
        upstream.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(Fixtures.bytes("openai/chat-completion.json"))));
    }

    @AfterEach
    void stop() {
        running.close();
    }

    private OpenAIClient sdk(String key) {
        return OpenAIOkHttpClient.builder().baseUrl(running.baseUrl() + "/v1").apiKey(key).maxRetries(0).build();
    }

    @Test
    void theSdkReadsTheRequestIdThatTheUsageRecordHas() {
        OpenAIClient client = sdk(CLIENT_KEY);

        HttpResponseFor<ChatCompletion> response = client.chat().completions().withRawResponse()
                .create(ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("Hi").build());
        response.parse();

        assertThat(response.requestId()).hasValueSatisfying(id -> assertThat(id).matches("req_[0-9a-f]{32}"));
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.requestId()).isEqualTo(response.requestId().orElseThrow());
            assertThat(r.cost()).isEqualByComparingTo("0.0001475");
        });
        client.close();
    }

    @Test
    void aRefusedRequestCarriesARequestIdToo() throws Exception {
        OpenAIClient client = sdk("not-a-client-key");

        assertThatThrownBy(() -> client.chat().completions()
                .create(ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("Hi").build()))
                .isInstanceOfSatisfying(UnauthorizedException.class, e ->
                        assertThat(e.headers().values("x-request-id")).singleElement().asString().startsWith("req_"));
        assertThat(RawHttp.get(running.baseUrl() + "/no/such/path").header("x-request-id")).startsWith("req_");
        client.close();
    }

    @Test
    void healthListsAModelThatAnsweredWithoutAPrice() throws Exception {
        OpenAIClient client = sdk(CLIENT_KEY);

        client.chat().completions().create(ChatCompletionCreateParams.builder().model("my-local-model")
                .addUserMessage("Hi").build());

        assertThat(records.getFirst().cost()).isNull();
        RawHttp.Response health = RawHttp.get(running.baseUrl() + "/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).contains("\"unpriced_models\":[\"my-local-model\"]");
        client.close();
    }
}
