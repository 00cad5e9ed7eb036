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
import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.vertex.testing.TestServiceAccount;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
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
     * Gemini on Vertex AI: the publisher model's URL, with the access token its service account's key gets from the
     * token endpoint (served here too); the key is the generated service account's JSON, the "key" the token.
     */
    VERTEX_GEMINI("gemini", "vertex-ai", "gemini-2.5-flash", "ya29.matrix-vertex-gemini-token",
            "\"functionResponse\"", "\"functionDeclarations\""),
    /** Claude on Vertex AI: rawPredict, the Messages body without model and with Vertex's anthropic_version. */
    VERTEX_CLAUDE("claude", "vertex-ai", "claude-sonnet-4-5@20250929", "ya29.matrix-vertex-claude-token",
            "\"tool_result\"", "\"tools\"");

    /** The Google Cloud project and location of the Vertex upstreams. */
    static final String VERTEX_MODELS = "/v1/projects/matrix-project/locations/us-central1/publishers/";

    /** The dated Azure API version the deployment URLs carry. */
    static final String AZURE_API_VERSION = "2024-10-21";

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
                .baseUrl(this == OPENAI ? baseUrl + "/v1" : baseUrl)
                .apiKey(key)
                .model(upstreamModel, clientModel());
        if (this == AZURE) {
            b.option("api-version", AZURE_API_VERSION);
        } else if (this == AZURE_V1) {
            b.option("auth", "bearer");
        } else if (isVertex()) {
            // the key is a service account whose token endpoint is this upstream's tokenPath()
            b.credentials(List.of()).apiKey(TestServiceAccount.create("matrix-project",
                    URI.create(baseUrl + tokenPath())).json())
                    .option("location", "us-central1");
        }
        return b.build();
    }

    /** The wire format this upstream speaks. */
    ApiFormat format() {
        return switch (this) {
            case OPENAI, AZURE, AZURE_V1 -> ApiFormat.OPENAI_CHAT;
            case ANTHROPIC, VERTEX_CLAUDE -> ApiFormat.ANTHROPIC_MESSAGES;
            case GEMINI, VERTEX_GEMINI -> ApiFormat.GEMINI;
        };
    }

    boolean isVertex() {
        return this == VERTEX_GEMINI || this == VERTEX_CLAUDE;
    }

    /** Where a Vertex upstream's service account gets its tokens; null for the others. */
    String tokenPath() {
        return isVertex() ? "/oauth2/" + name().toLowerCase(java.util.Locale.ROOT) + "/token" : null;
    }

    /** Answers a tool result with the text, tools with the tool call, anything else with the text. */
    void stub(WireMockExtension wm) {
        if (isVertex()) {
            // https://developers.google.com/identity/protocols/oauth2/service-account#httprest: the answer to the
            // JWT-bearer grant (gateway-vertex's FakeTokenEndpoint also checks the grant's signature)
            wm.stubFor(post(urlPathEqualTo(tokenPath())).willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", "application/json; charset=utf-8")
                    .withBody("{\"access_token\":\"" + key + "\",\"expires_in\":3599,\"token_type\":\"Bearer\"}")));
        }
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
            case ANTHROPIC -> post(urlPathEqualTo("/v1/messages")).withRequestBody(stream
                    ? matchingJsonPath("$.stream", equalTo("true")) : not(matchingJsonPath("$.stream", equalTo("true"))));
            case GEMINI -> post(urlPathEqualTo("/v1beta/models/" + upstreamModel
                    + (stream ? ":streamGenerateContent" : ":generateContent")));
            case VERTEX_GEMINI, VERTEX_CLAUDE -> post(urlPathEqualTo(path(stream).replaceFirst("\\?.*", "")));
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
        // Vertex's fixtures are gateway-vertex's (its test jar), the same conversation as the matrix's
        String path = isVertex() ? "/vertex/" + dir + "-" + file : "/matrix/" + dir + "/" + file;
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
            case ANTHROPIC -> "/v1/messages";
            case GEMINI -> "/v1beta/models/" + upstreamModel + (stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
            case AZURE -> "/openai/deployments/" + upstreamModel + "/chat/completions?api-version=" + AZURE_API_VERSION;
            case AZURE_V1 -> "/openai/v1/chat/completions";
            case VERTEX_GEMINI -> VERTEX_MODELS + "google/models/" + upstreamModel
                    + (stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
            case VERTEX_CLAUDE -> VERTEX_MODELS + "anthropic/models/" + upstreamModel
                    + (stream ? ":streamRawPredict" : ":rawPredict");
        };
    }

    /** The header that carries this upstream's key, and its expected value. */
    String keyHeader() {
        return switch (this) {
            case OPENAI, AZURE_V1, VERTEX_GEMINI, VERTEX_CLAUDE -> "Authorization";
            case ANTHROPIC -> "x-api-key";
            case GEMINI -> "x-goog-api-key";
            case AZURE -> "api-key";
        };
    }

    String keyHeaderValue() {
        return this == OPENAI || this == AZURE_V1 || isVertex() ? "Bearer " + key : key;
    }

    /**
     * Whether the body the upstream received names the upstream model as this upstream wants it: Gemini names it in
     * the path only, and so does Claude on Vertex, whose body carries Vertex's {@code anthropic_version} instead.
     */
    boolean modelInBody(LoggedRequest request) {
        String body = request.getBodyAsString();
        return switch (this) {
            case GEMINI, VERTEX_GEMINI -> true;
            case VERTEX_CLAUDE -> !body.contains("\"model\"")
                    && body.contains("\"anthropic_version\":\"vertex-2023-10-16\"");
            case OPENAI, ANTHROPIC, AZURE, AZURE_V1 -> body.contains("\"model\":\"" + upstreamModel + "\"");
        };
    }

    /** The tool call's id (or for Gemini its name) that the upstream must see in the tool result. */
    String toolResultReference() {
        return switch (this) {
            case OPENAI, AZURE, AZURE_V1 -> "\"tool_call_id\":\"call_matrix01\"";
            case ANTHROPIC -> "\"tool_use_id\":\"toolu_01A09q90qw90lq917835lq9\"";
            case VERTEX_CLAUDE -> "\"tool_use_id\":\"toolu_vrtx_01A09q90qw90lq917835lq9\"";
            case GEMINI, VERTEX_GEMINI -> "\"name\":\"get_weather\"";
        };
    }
}
