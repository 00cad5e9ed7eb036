package dev.aiproxy.server.matrix;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.not;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.routing.config.GatewayConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * An upstream of the matrix: a WireMock server answering in one provider's format, exactly as that provider
 * documents it, from {@code src/test/resources/matrix/<format>/}.
 */
enum MatrixUpstream {
    OPENAI("openai", "openai-compatible", "gpt-4o-mini-2024-07-18", "sk-upstream-openai-0123456789",
            "\"role\":\"tool\"", "\"tools\""),
    ANTHROPIC("anthropic", "claude", "claude-sonnet-4-5-20250929", "sk-ant-upstream-0123456789",
            "\"tool_result\"", "\"tools\""),
    GEMINI("gemini", "gemini", "gemini-2.5-flash", "AIza-upstream-gemini-0123456789",
            "\"functionResponse\"", "\"functionDeclarations\""),
    /** Azure OpenAI's deployment URLs with a dated api-version and the api-key header. */
    AZURE("azure", "azure-openai", "matrix-gpt4o-mini-deployment", "azure-upstream-key-0123456789",
            "\"role\":\"tool\"", "\"tools\""),
    /** Azure OpenAI's v1 API with a Microsoft Entra bearer token; the deployment is in the body. */
    AZURE_V1("azure", "azure-openai", "matrix-v1-deployment", "entra-token-upstream-0123456789",
            "\"role\":\"tool\"", "\"tools\""),
    /**
     * An OpenAI-compatible entry with {@code api: responses}: OpenAI's Responses API, for a model only it serves; a
     * reasoning model, whose tool call comes after a reasoning item sealed by its {@code encrypted_content}.
     */
    RESPONSES("responses", "openai-compatible", "gpt-5-codex", "sk-upstream-responses-0123456789",
            "\"function_call_output\"", "\"tools\"");

    /** The dated Azure API version the deployment URLs carry. */
    static final String AZURE_API_VERSION = "2024-10-21";

    /** The id of the Responses upstream's tool-call answer, which a Responses client continues from. */
    static final String RESPONSES_TOOL_ANSWER_ID = "resp_68c1f0a1c0d18190a9b8c7d6e5f4a3b2";

    /** The thought signature Gemini put on its function call, which must come back unchanged. */
    static final String GEMINI_CALL_SIGNATURE = "bgDNVizC2I4jjfuB2UOd5+yEPunQyYedVJyxQ2eG+XUBAgMEBQYH";

    final String dir;
    final String type;
    final String upstreamModel;
    final String key;
    private final String toolResultMarker;
    private final String toolsMarker;

    MatrixUpstream(String dir, String type, String upstreamModel, String key, String toolResultMarker,
            String toolsMarker) {
        this.dir = dir;
        this.type = type;
        this.upstreamModel = upstreamModel;
        this.key = key;
        this.toolResultMarker = toolResultMarker;
        this.toolsMarker = toolsMarker;
    }

    /** The name clients use for this upstream's model. */
    String clientModel() {
        return "matrix-" + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** A gateway config with every matrix upstream, on a free port, for one client key. */
    static GatewayConfig gatewayConfig(String baseUrl, String clientKey) {
        GatewayConfig.Builder config = GatewayConfig.builder().port(0).addClientKey(clientKey);
        for (MatrixUpstream u : values()) {
            config.addProvider(u.provider(baseUrl));
        }
        return config.build();
    }

    ProviderConfig provider(String baseUrl) {
        ProviderConfig.Builder b = ProviderConfig.builder(clientModel(), type)
                .baseUrl(this == OPENAI || this == RESPONSES ? baseUrl + "/v1" : baseUrl)
                .apiKey(key)
                .model(upstreamModel, clientModel());
        if (this == AZURE) {
            b.option("api-version", AZURE_API_VERSION);
        } else if (this == AZURE_V1) {
            b.option("auth", "bearer");
        } else if (this == RESPONSES) {
            b.option("api", "responses");
        }
        return b.build();
    }

    /** Answers a tool result with the text, tools with the tool call, anything else with the text. */
    void stub(WireMockExtension wm) {
        for (boolean stream : List.of(false, true)) {
            wm.stubFor(request(stream).atPriority(1).withRequestBody(containing(toolResultMarker))
                    .willReturn(answer("text", stream)));
            wm.stubFor(request(stream).atPriority(2).withRequestBody(containing(toolsMarker))
                    .willReturn(answer("tool", stream)));
            wm.stubFor(request(stream).atPriority(3).willReturn(answer("text", stream)));
        }
    }

    private MappingBuilder request(boolean stream) {
        return switch (this) {
            case OPENAI -> post(urlPathEqualTo("/v1/chat/completions")).withRequestBody(stream
                    ? matchingJsonPath("$.stream", equalTo("true")) : not(matchingJsonPath("$.stream", equalTo("true"))));
            case RESPONSES -> post(urlPathEqualTo("/v1/responses")).withRequestBody(stream
                    ? matchingJsonPath("$.stream", equalTo("true")) : not(matchingJsonPath("$.stream", equalTo("true"))));
            case ANTHROPIC -> post(urlPathEqualTo("/v1/messages")).withRequestBody(stream
                    ? matchingJsonPath("$.stream", equalTo("true")) : not(matchingJsonPath("$.stream", equalTo("true"))));
            case GEMINI -> post(urlPathEqualTo("/v1beta/models/" + upstreamModel
                    + (stream ? ":streamGenerateContent" : ":generateContent")));
            case AZURE, AZURE_V1 -> post(urlPathEqualTo(path(stream).replaceFirst("\\?.*", "")))
                    .withRequestBody(matchingJsonPath("$.model", equalTo(upstreamModel)))
                    .withRequestBody(stream ? matchingJsonPath("$.stream", equalTo("true"))
                            : not(matchingJsonPath("$.stream", equalTo("true"))));
        };
    }

    private com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder answer(String name, boolean stream) {
        return aResponse().withStatus(200)
                .withHeader("Content-Type", stream ? "text/event-stream" : "application/json")
                .withBody(fixture(name + (stream ? ".sse" : ".json")));
    }

    byte[] fixture(String file) {
        String path = "/matrix/" + dir + "/" + file;
        try (InputStream in = MatrixUpstream.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The path the upstream must have been called on, for a generation. */
    String path(boolean stream) {
        return switch (this) {
            case OPENAI -> "/v1/chat/completions";
            case RESPONSES -> "/v1/responses";
            case ANTHROPIC -> "/v1/messages";
            case GEMINI -> "/v1beta/models/" + upstreamModel + (stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
            case AZURE -> "/openai/deployments/" + upstreamModel + "/chat/completions?api-version=" + AZURE_API_VERSION;
            case AZURE_V1 -> "/openai/v1/chat/completions";
        };
    }

    /** The header that carries this upstream's key, and its expected value. */
    String keyHeader() {
        return switch (this) {
            case OPENAI, AZURE_V1, RESPONSES -> "Authorization";
            case ANTHROPIC -> "x-api-key";
            case GEMINI -> "x-goog-api-key";
            case AZURE -> "api-key";
        };
    }

    String keyHeaderValue() {
        return this == OPENAI || this == AZURE_V1 || this == RESPONSES ? "Bearer " + key : key;
    }

    /** Whether the body the upstream received names the upstream model (Gemini names it in the path only). */
    boolean modelInBody(LoggedRequest request) {
        return this == GEMINI || request.getBodyAsString().contains("\"model\":\"" + upstreamModel + "\"");
    }

    /** The tool call's id (or for Gemini its name) that the upstream must see in the tool result. */
    String toolResultReference() {
        return switch (this) {
            case OPENAI, AZURE, AZURE_V1 -> "\"tool_call_id\":\"call_matrix01\"";
            case RESPONSES -> "\"call_id\":\"call_matrix01\"";
            case ANTHROPIC -> "\"tool_use_id\":\"toolu_01A09q90qw90lq917835lq9\"";
            case GEMINI -> "\"name\":\"get_weather\"";
        };
    }
}
