package dev.aiproxy.translate.internal.responses;

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
import dev.aiproxy.translate.internal.json.JsonShapeException;
import dev.aiproxy.translate.internal.json.StreamEnds;
import dev.aiproxy.translate.internal.json.TopLevelScanner;
import dev.aiproxy.translate.internal.json.UsageLocator;
import dev.aiproxy.translate.internal.openai.OpenAiErrors;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * OpenAI Responses, per https://platform.openai.com/docs/api-reference/responses: the create request, the response
 * object, the streaming events, and OpenAI's error body. Upstream, it also counts input tokens
 * ({@code POST /responses/input_tokens}); the gateway serves Responses clients no token-count endpoint, so
 * {@link #encodeTokenCount} keeps its default and throws {@link UnsupportedOperationException}.
 */
public final class OpenAiResponsesCodec implements FormatCodec {
    private static final StreamEnds STREAM_ENDS = StreamEnds.of("response.completed", "response.incomplete",
            "response.failed", "\"type\":\"error\"");
    /** Only {@code model} is required: a follow-up turn may carry nothing but {@code previous_response_id}. */
    private static final TopLevelScanner SCANNER = new TopLevelScanner(List.of(), true);

    @Override
    public ApiFormat format() {
        return ApiFormat.OPENAI_RESPONSES;
    }

    @Override
    public RoutingFields peek(byte[] body) {
        return SCANNER.scan(body);
    }

    @Override
    public ChatRequest decodeRequest(byte[] body) {
        try {
            return ResponsesRequestDecoder.decode(body);
        } catch (JsonShapeException e) {
            throw e.clientError();
        }
    }

    @Override
    public byte[] encodeRequest(ChatRequest request, String upstreamModel) {
        return ResponsesRequestEncoder.encode(request, upstreamModel);
    }

    @Override
    public byte[] encodeCountTokensRequest(ChatRequest request, String upstreamModel) {
        return ResponsesRequestEncoder.encodeTokenCount(request, upstreamModel);
    }

    /** {@code {"object": "response.input_tokens", "input_tokens": N}}. */
    @Override
    public long decodeTokenCount(byte[] body) {
        return Fields.requireCountIn(body, "input_tokens");
    }

    @Override
    public ChatResponse decodeResponse(byte[] body) {
        try {
            return ResponsesResponseCodec.decode(body);
        } catch (JsonShapeException e) {
            throw e.upstreamError("an unreadable response object");
        }
    }

    @Override
    public byte[] encodeResponse(ChatResponse response) {
        return ResponsesResponseCodec.encode(response, null);
    }

    @Override
    public byte[] encodeResponse(ChatResponse response, ChatRequest request) {
        return ResponsesResponseCodec.encode(response, request);
    }

    @Override
    public StreamDecoder newStreamDecoder() {
        return new ResponsesStreamDecoder();
    }

    @Override
    public StreamEncoder newStreamEncoder(ChatRequest request) {
        return new ResponsesStreamEncoder(request, Long.MAX_VALUE);
    }

    @Override
    public StreamEncoder newStreamEncoder(ChatRequest request, long maxHeldBytes) {
        return new ResponsesStreamEncoder(request, maxHeldBytes);
    }

    @Override
    public UpstreamErrorBody decodeError(int status, byte[] body) {
        return OpenAiErrors.decode(status, body);
    }

    @Override
    public byte[] encodeError(GatewayException error) {
        return OpenAiErrors.encode(error);
    }

    /** A response's {@code usage}, or {@code response.completed}'s {@code response.usage}. */
    @Override
    public Usage usageOf(byte[] json) {
        return UsageLocator.find(json, ResponsesUsage.COUNTS, "/usage", "/response/usage");
    }

    @Override
    public boolean streamEndsWhole(byte[] tail, int length) {
        return STREAM_ENDS.foundIn(tail, length);
    }

    @Override
    public void encodeStreamError(GatewayException error, OutputStream out) throws IOException {
        new ResponsesStreamEncoder(null, Long.MAX_VALUE).encodeError(error, out);
    }
}
