package dev.aiproxy.server.matrix;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.server.testing.BedrockFrames;
import dev.aiproxy.translate.testing.Fixtures;
import java.util.List;

/**
 * Amazon Bedrock's runtime as the matrix's upstream, one entry with two models: Claude through InvokeModel (the
 * Anthropic fixtures, since Bedrock answers with Anthropic's own body, each stream event in a {@code chunk} frame) and
 * Amazon Nova through Converse ({@code matrix/bedrock-converse/}). Streams are {@code application/vnd.amazon.eventstream}
 * frames encoded by AWS's own library.
 */
enum BedrockUpstream {
    CLAUDE("anthropic.claude-sonnet-4-5-20250929-v1:0", "invoke", "invoke-with-response-stream",
            "\"tool_result\"", "\"tools\"", "\"tool_use_id\":\"toolu_01A09q90qw90lq917835lq9\""),
    CONVERSE("amazon.nova-pro-v1:0", "converse", "converse-stream",
            "\"toolResult\"", "\"toolConfig\"", "\"toolUseId\":\"tooluse_kZJMlvQmRJ6eAyJE5GIl7Q\"");

    /** The entry's AWS keys: AWS's documented example keys, never real ones. */
    static final String ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";
    static final String SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    static final String REGION = "us-east-1";

    final String modelId;
    private final String action;
    private final String streamAction;
    private final String toolResultMarker;
    private final String toolsMarker;
    final String toolResultReference;

    BedrockUpstream(String modelId, String action, String streamAction, String toolResultMarker, String toolsMarker,
            String toolResultReference) {
        this.modelId = modelId;
        this.action = action;
        this.streamAction = streamAction;
        this.toolResultMarker = toolResultMarker;
        this.toolsMarker = toolsMarker;
        this.toolResultReference = toolResultReference;
    }

    String clientModel() {
        return "matrix-bedrock-" + name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The one Bedrock entry serving both models, signed with SigV4 and static keys. */
    static ProviderConfig provider(String baseUrl) {
        ProviderConfig.Builder b = ProviderConfig.builder("matrix-bedrock", "bedrock").baseUrl(baseUrl)
                .apiKey(ACCESS_KEY_ID + ":" + SECRET_ACCESS_KEY).option("region", REGION);
        for (BedrockUpstream u : values()) {
            b.model(u.modelId, u.clientModel());
        }
        return b.build();
    }

    /** The path a call is made on: the model id as one percent-encoded segment. */
    String path(boolean stream) {
        return "/model/" + modelId.replace(":", "%3A") + "/" + (stream ? streamAction : action);
    }

    void stub(WireMockExtension wm) {
        for (boolean stream : List.of(false, true)) {
            wm.stubFor(post(urlPathEqualTo(path(stream))).atPriority(1)
                    .withRequestBody(containing(toolResultMarker)).willReturn(answer("text", stream)));
            wm.stubFor(post(urlPathEqualTo(path(stream))).atPriority(2)
                    .withRequestBody(containing(toolsMarker)).willReturn(answer("tool", stream)));
            wm.stubFor(post(urlPathEqualTo(path(stream))).atPriority(3).willReturn(answer("text", stream)));
        }
    }

    private ResponseDefinitionBuilder answer(String name, boolean stream) {
        if (!stream) {
            return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                    .withBody(Fixtures.bytes("matrix/" + dir() + "/" + name + ".json"));
        }
        BedrockFrames frames = this == CLAUDE ? new BedrockFrames().chunks(Fixtures.bytes("matrix/anthropic/" + name
                + ".sse")) : new BedrockFrames().events(Fixtures.bytes("matrix/bedrock-converse/" + name + ".events.json"));
        return aResponse().withStatus(200).withHeader("Content-Type", "application/vnd.amazon.eventstream")
                .withBody(frames.bytes());
    }

    private String dir() {
        return this == CLAUDE ? "anthropic" : "bedrock-converse";
    }
}
