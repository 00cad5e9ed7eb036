package dev.aiproxy.routing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.routing.config.ClientConfig;
import dev.aiproxy.routing.config.ConfigException;
import dev.aiproxy.routing.config.ConfigLoader;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.routing.config.internal.JsonValues;
import dev.aiproxy.translate.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Payload rules and copied headers as an upstream sees them, through {@link Gateway#handle(RawRequest)}. */
class PayloadRulesAndCopiedHeadersTest {
    private static final String OPENAI_KEY = "sk-upstream-openai-0123456789";
    private static final String CLIENT_KEY = "client-key-9876543210";

    @RegisterExtension
    static WireMockExtension upstream = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    private Gateway gateway;

    private static GatewayConfig config(String baseUrl) {
        String yaml = """
                echo: false
                request-retry: 0
                openai-compatibility:
                  - name: up
                    base-url: %1$s/v1
                    headers:
                      X-Session: "$X-Claude-Code-Session-Id"
                      User-Agent: "my-gateway/1.0"
                    api-key-entries:
                      - api-key: %2$s
                    models:
                      - name: gpt-4o-2024-08-06
                        alias: fast
                      - name: plain-model
                claude-api-key:
                  - api-key: sk-ant-upstream-0123456789
                    base-url: %1$s
                    headers:
                      User-Agent: "claude-cli/1.0 (external, cli)"
                    models:
                      - name: claude-sonnet-4-5
                        alias: sonnet
                payload:
                  default:
                    - models: [{name: "*", headers: {X-Tier: "gold"}}]
                      params: {service_tier: priority}
                  override:
                    - models: [{name: "gpt-4o-*", protocol: openai}]
                      params: {max_tokens: 64, metadata.gateway: "yes"}
                    - models: [{name: "sonnet", protocol: claude, from-protocol: openai}]
                      params: {max_tokens: 128000}
                  filter:
                    - models: [{name: "*", protocol: claude}]
                      params: [temperature]
                """.formatted(baseUrl, OPENAI_KEY);
        return ConfigLoader.withEnvironment(Map.of()).parse(yaml.getBytes(StandardCharsets.UTF_8), "gateway.yaml",
                null).config();
    }

    @BeforeEach
    void startGateway() {
        gateway = Gateway.create(config(upstream.baseUrl()));
        upstream.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(Fixtures.bytes("openai/chat-completion.json"))));
        upstream.stubFor(post("/v1/messages").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(Fixtures.bytes("anthropic/message.json"))));
    }

    @AfterEach
    void closeGateway() {
        gateway.close();
    }

    private static RawRequest openAi(String body, Map<String, String> headers) {
        RequestContext.HeaderLookup lookup = name -> headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst().orElse(null);
        return new RawRequest(ApiFormat.OPENAI_CHAT, body.getBytes(StandardCharsets.UTF_8), null, null,
                new RequestContext(ClientConfig.ANONYMOUS, lookup));
    }

    private GatewayResponse send(RawRequest request) throws IOException {
        GatewayResponse response = gateway.handle(request);
        GatewayTest.bodyOf(response);
        return response;
    }

    private static LoggedRequest sent(String url) {
        return upstream.getAllServeEvents().stream().map(ServeEvent::getRequest)
                .filter(r -> r.getUrl().equals(url)).findFirst().orElseThrow();
    }

    private static JsonNode sentJson(String url) {
        return JsonValues.parse(sent(url).getBodyAsString());
    }

    @Test
    void appliesTheRulesToAPassedThroughBody() throws IOException {
        GatewayResponse response = send(openAi("{\"model\":\"fast\",\"max_tokens\":10,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", Map.of()));

        assertThat(response.status()).isEqualTo(200);
        assertThat(sent("/v1/chat/completions").getBodyAsString()).isEqualTo("{\"model\":\"gpt-4o-2024-08-06\","
                + "\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
                + "\"metadata\":{\"gateway\":\"yes\"}}");
    }

    @Test
    void appliesTheRulesToAStreamedRequestAndRelaysTheStreamAsItCame() throws IOException {
        upstream.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream")
                .withBody(Fixtures.bytes("openai/chat-completion-stream.sse"))));

        GatewayResponse response = gateway.handle(openAi("{\"model\":\"fast\",\"stream\":true,\"messages\":[]}",
                Map.of()));

        assertThat(GatewayTest.bodyOf(response)).isEqualTo(Fixtures.bytes("openai/chat-completion-stream.sse"));
        JsonNode body = sentJson("/v1/chat/completions");
        assertThat(body.get("stream").asBoolean()).isTrue();
        assertThat(body.get("max_tokens").asInt()).isEqualTo(64);
    }

    @Test
    void appliesTheRulesToATranslatedBodyAfterTranslation() throws IOException {
        GatewayResponse response = send(openAi("{\"model\":\"sonnet\",\"temperature\":0.3,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", Map.of()));

        assertThat(response.status()).isEqualTo(200);
        JsonNode body = sentJson("/v1/messages");
        assertThat(body.get("model").asText()).isEqualTo("claude-sonnet-4-5");
        assertThat(body.get("max_tokens").asInt()).isEqualTo(128000);
        assertThat(body.has("temperature")).isFalse();
        assertThat(body.at("/messages/0/role").asText()).isEqualTo("user");
    }

    @Test
    void appliesTheRulesToATranslatedStreamedRequest() throws IOException {
        upstream.stubFor(post("/v1/messages").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream").withBody(Fixtures.bytes("anthropic/stream-text.sse"))));

        GatewayResponse response = gateway.handle(openAi("{\"model\":\"sonnet\",\"stream\":true,\"temperature\":1,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", Map.of()));

        assertThat(new String(GatewayTest.bodyOf(response), StandardCharsets.UTF_8)).contains("data: [DONE]");
        JsonNode body = sentJson("/v1/messages");
        assertThat(body.get("stream").asBoolean()).isTrue();
        assertThat(body.get("max_tokens").asInt()).isEqualTo(128000);
        assertThat(body.has("temperature")).isFalse();
    }

    @Test
    void sendsABodyNoRuleIsForByteForByte() throws IOException {
        String body = "{ \"model\": \"plain-model\",\n \"messages\": [{\"role\":\"user\",\"content\":\"Hi \\u00e9\"}],"
                + " \"temperature\": 0.50, \"vendor\": {\"x\": [1, 2.50e0]} }";

        send(openAi(body, Map.of("X-Tier", "silver")));

        assertThat(sent("/v1/chat/completions").getBody()).isEqualTo(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void matchesARuleOnTheClientsHeaders() throws IOException {
        send(openAi("{\"model\":\"plain-model\",\"messages\":[]}", Map.of("x-tier", "gold")));

        assertThat(sentJson("/v1/chat/completions").get("service_tier").asText()).isEqualTo("priority");
    }

    @Test
    void appliesTheRulesToAnInProcessCallToo() {
        gateway.chat(ChatRequest.builder().model("fast").user("Hello").build());

        assertThat(sentJson("/v1/chat/completions").get("max_tokens").asInt()).isEqualTo(64);
    }

    @Test
    void copiesAClientHeaderUpstreamUnderTheConfiguredName() throws IOException {
        send(openAi("{\"model\":\"fast\",\"messages\":[]}", Map.of("X-Claude-Code-Session-Id", "session-42")));

        upstream.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("X-Session", equalTo("session-42")));
    }

    @Test
    void leavesACopiedHeaderOutWhenTheClientDidNotSendItAndNeverSendsTheReference() throws IOException {
        send(openAi("{\"model\":\"fast\",\"messages\":[]}", Map.of()));

        upstream.verify(postRequestedFor(urlEqualTo("/v1/chat/completions")).withHeader("X-Session", absent()));
        assertThat(sent("/v1/chat/completions").getHeaders().all())
                .allSatisfy(h -> assertThat(h.values()).noneMatch(v -> v.startsWith("$")));
    }

    @Test
    void sendsAConfiguredUserAgentPerProviderAndKey() throws IOException {
        send(openAi("{\"model\":\"fast\",\"messages\":[]}", Map.of("User-Agent", "OpenAI/Python 1.99")));
        send(openAi("{\"model\":\"sonnet\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
                Map.of("User-Agent", "OpenAI/Python 1.99")));

        upstream.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("User-Agent", equalTo("my-gateway/1.0")));
        upstream.verify(postRequestedFor(urlEqualTo("/v1/messages"))
                .withHeader("User-Agent", equalTo("claude-cli/1.0 (external, cli)")));
    }

    @Test
    void sendsTheUpstreamKeyAndNeverTheClientsOwn() throws IOException {
        send(openAi("{\"model\":\"fast\",\"messages\":[]}", Map.of("Authorization", "Bearer " + CLIENT_KEY,
                "X-Claude-Code-Session-Id", "session-42")));

        LoggedRequest request = sent("/v1/chat/completions");
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + OPENAI_KEY);
        assertThat(request.getHeaders().all()).allSatisfy(h -> assertThat(h.values()).noneMatch(
                v -> v.contains(CLIENT_KEY)));
    }

    @Test
    void refusesAtLoadAConfigThatWouldCopyTheClientsKey() {
        String yaml = """
                openai-compatibility:
                  - name: up
                    base-url: http://127.0.0.1:1/v1
                    headers:
                      X-Forwarded-Key: "$x-api-key"
                """;

        assertThatThrownBy(() -> ConfigLoader.withEnvironment(Map.of()).parse(yaml.getBytes(StandardCharsets.UTF_8),
                "gateway.yaml", null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("gateway.yaml:5: openai-compatibility[0].headers.X-Forwarded-Key: "
                        + "\"$x-api-key\" would copy the client's own key upstream");
    }

    @Test
    void refusesAConfigBuiltInCodeThatWouldCopyTheClientsKey() {
        GatewayConfig config = GatewayConfig.builder().addProvider(ProviderConfig.builder("up", "openai-compatible")
                .baseUrl(upstream.baseUrl() + "/v1").header("X-Key", "$Authorization").apiKey(OPENAI_KEY)
                .model("m").build()).build();

        assertThatThrownBy(() -> Gateway.create(config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("provider 'up': header X-Key: \"$Authorization\" would copy the client's own "
                        + "key upstream");
    }
}
