package dev.aiproxy.server.matrix;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.aiproxy.api.spi.ProviderConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;

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
    private static final ObjectMapper JSON = new ObjectMapper();

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
                    .withBody(fixture(dir() + "/" + name + ".json"));
        }
        return aResponse().withStatus(200).withHeader("Content-Type", "application/vnd.amazon.eventstream")
                .withBody(this == CLAUDE ? chunkFrames(fixture("anthropic/" + name + ".sse"))
                        : eventFrames(fixture("bedrock-converse/" + name + ".events.json")));
    }

    private String dir() {
        return this == CLAUDE ? "anthropic" : "bedrock-converse";
    }

    /** Each SSE event's JSON as InvokeModelWithResponseStream sends it: a {@code chunk} frame of base64 {@code bytes}. */
    static byte[] chunkFrames(byte[] sse) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String line : new String(sse, StandardCharsets.UTF_8).split("\r?\n")) {
            if (line.startsWith("data: ")) {
                String bytes = Base64.getEncoder().encodeToString(line.substring(6).getBytes(StandardCharsets.UTF_8));
                write(out, eventFrame("chunk", ("{\"bytes\":\"" + bytes + "\",\"p\":\"abcdefghijklmnop\"}")
                        .getBytes(StandardCharsets.UTF_8)));
            }
        }
        return out.toByteArray();
    }

    /** A list of {@code [eventType, payload]} as ConverseStream sends it: one frame each. */
    static byte[] eventFrames(byte[] events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (JsonNode event : JSON.readTree(events)) {
                write(out, eventFrame(event.get(0).textValue(), JSON.writeValueAsBytes(event.get(1))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** One event frame with the headers Bedrock sends. */
    static Message eventFrame(String eventType, byte[] payload) {
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put(":event-type", HeaderValue.fromString(eventType));
        headers.put(":content-type", HeaderValue.fromString("application/json"));
        headers.put(":message-type", HeaderValue.fromString("event"));
        return new Message(headers, payload);
    }

    /** An exception frame, as Bedrock ends a stream that failed. */
    static Message exceptionFrame(String exceptionType, String message) {
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put(":exception-type", HeaderValue.fromString(exceptionType));
        headers.put(":content-type", HeaderValue.fromString("application/json"));
        headers.put(":message-type", HeaderValue.fromString("exception"));
        return new Message(headers, ("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    static void write(ByteArrayOutputStream out, Message frame) {
        ByteBuffer buffer = frame.toByteBuffer();
        out.write(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
    }

    static byte[] fixture(String path) {
        try (var in = BedrockUpstream.class.getResourceAsStream("/matrix/" + path)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture /matrix/" + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
