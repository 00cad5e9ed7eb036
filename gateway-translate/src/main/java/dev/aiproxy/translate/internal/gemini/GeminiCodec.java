package dev.aiproxy.translate.internal.gemini;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.error.GatewayException;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.ChatResponse;
import dev.aiproxy.api.model.Usage;
import dev.aiproxy.translate.FormatCodec;
import dev.aiproxy.translate.RoutingFields;
import dev.aiproxy.translate.StreamDecoder;
import dev.aiproxy.translate.StreamEncoder;
import dev.aiproxy.translate.UpstreamErrorBody;
import dev.aiproxy.translate.internal.json.Fields;
import dev.aiproxy.translate.internal.json.Json;
import dev.aiproxy.translate.internal.json.JsonShapeException;
import dev.aiproxy.translate.internal.json.StreamEnds;
import dev.aiproxy.translate.internal.json.TopLevelScanner;
import dev.aiproxy.translate.internal.json.UsageLocator;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Google Gemini's {@code generateContent}, {@code streamGenerateContent?alt=sse} and {@code countTokens}, per
 * https://ai.google.dev/api/generate-content and https://ai.google.dev/api/tokens. The model and the stream flag are
 * in the URL, never in the body: {@link #peek} finds no model, {@link #decodeRequest} returns model {@code ""} and
 * {@code stream} false, and the caller sets both.
 */
public final class GeminiCodec implements FormatCodec {
    private static final StreamEnds STREAM_ENDS = StreamEnds.of("finishReason", "\"error\"");
    private static final TopLevelScanner SCANNER = new TopLevelScanner(
            List.of(new TopLevelScanner.Required("contents", JsonToken.START_ARRAY, "an array")), false);

    @Override
    public ApiFormat format() {
        return ApiFormat.GEMINI;
    }

    @Override
    public RoutingFields peek(byte[] body) {
        return SCANNER.scan(body);
    }

    @Override
    public ChatRequest decodeRequest(byte[] body) {
        try {
            return GeminiRequestDecoder.decode(Json.parse(body), "");
        } catch (JsonShapeException e) {
            throw e.clientError();
        }
    }

    @Override
    public byte[] encodeRequest(ChatRequest request, String upstreamModel) {
        return GeminiRequestEncoder.encode(request, upstreamModel);
    }

    @Override
    public ChatResponse decodeResponse(byte[] body) {
        try {
            return GeminiResponseCodec.decode(body);
        } catch (JsonShapeException e) {
            throw e.upstreamError("an unreadable Gemini response");
        }
    }

    @Override
    public byte[] encodeResponse(ChatResponse response) {
        return GeminiResponseCodec.encode(response);
    }

    @Override
    public StreamDecoder newStreamDecoder() {
        return new GeminiStreamDecoder();
    }

    @Override
    public StreamEncoder newStreamEncoder(ChatRequest request) {
        return new GeminiStreamEncoder(Long.MAX_VALUE);
    }

    @Override
    public StreamEncoder newStreamEncoder(ChatRequest request, long maxHeldBytes) {
        return new GeminiStreamEncoder(maxHeldBytes);
    }

    /**
     * A {@code countTokens} body holds either {@code contents} or a whole {@code generateContentRequest} (whose
     * {@code model} is ignored, as the URL names it).
     */
    @Override
    public ChatRequest decodeCountTokensRequest(byte[] body) {
        try {
            JsonNode root = Fields.requireObject(Json.parse(body), "");
            JsonNode wrapped = Fields.object(root, "generateContentRequest", "");
            if (wrapped != null) {
                return GeminiRequestDecoder.decode(wrapped, "generateContentRequest");
            }
            return GeminiRequestDecoder.decode(root, "");
        } catch (JsonShapeException e) {
            throw e.clientError();
        }
    }

    /**
     * Always the {@code generateContentRequest} form: plain {@code contents} would leave the system instruction and
     * the tools uncounted.
     */
    @Override
    public byte[] encodeCountTokensRequest(ChatRequest request, String upstreamModel) {
        return Json.write(gen -> {
            gen.writeStartObject();
            gen.writeFieldName("generateContentRequest");
            GeminiRequestEncoder.writeRequest(gen, request, upstreamModel,
                    upstreamModel.startsWith("models/") ? upstreamModel : "models/" + upstreamModel);
            gen.writeEndObject();
        });
    }

    /** {@code {"totalTokens": n}}; like every proto3 JSON number, absent means 0. */
    @Override
    public long decodeTokenCount(byte[] body) {
        try {
            return Fields.count(Fields.requireObject(Json.parse(body), ""), "totalTokens", "");
        } catch (JsonShapeException e) {
            throw e.upstreamError("an unreadable token count");
        }
    }

    @Override
    public byte[] encodeTokenCount(long inputTokens) {
        return Json.write(gen -> {
            gen.writeStartObject();
            gen.writeNumberField("totalTokens", inputTokens);
            gen.writeEndObject();
        });
    }

    @Override
    public UpstreamErrorBody decodeError(int status, byte[] body) {
        return GeminiErrors.decode(status, body);
    }

    @Override
    public byte[] encodeError(GatewayException error) {
        return GeminiErrors.encode(error);
    }

    /** A response's or a chunk's {@code usageMetadata}. */
    @Override
    public Usage usageOf(byte[] json) {
        return UsageLocator.find(json, GeminiUsage.COUNTS, "/usageMetadata");
    }

    @Override
    public boolean streamEndsWhole(byte[] tail, int length) {
        return STREAM_ENDS.foundIn(tail, length);
    }

    @Override
    public void encodeStreamError(GatewayException error, OutputStream out) throws IOException {
        GeminiStreamEncoder.frame(out, GeminiErrors.encode(error));
    }
}
