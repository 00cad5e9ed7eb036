package dev.aiproxy.translate.internal.openai;

import com.fasterxml.jackson.core.JsonToken;
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
import dev.aiproxy.translate.internal.json.JsonShapeException;
import dev.aiproxy.translate.internal.json.Sse;
import dev.aiproxy.translate.internal.json.StreamEnds;
import dev.aiproxy.translate.internal.json.TopLevelScanner;
import dev.aiproxy.translate.internal.json.UsageLocator;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * OpenAI Chat Completions, per https://platform.openai.com/docs/api-reference/chat. Also the format of every
 * OpenAI-compatible upstream.
 */
public final class OpenAiChatCodec implements FormatCodec {
    private static final StreamEnds STREAM_ENDS = StreamEnds.of("data: [DONE]", "data:[DONE]", "\"error\"");
    private static final TopLevelScanner SCANNER = new TopLevelScanner(
            List.of(new TopLevelScanner.Required("messages", JsonToken.START_ARRAY, "an array")), true);

    @Override
    public ApiFormat format() {
        return ApiFormat.OPENAI_CHAT;
    }

    @Override
    public RoutingFields peek(byte[] body) {
        return SCANNER.scan(body);
    }

    @Override
    public ChatRequest decodeRequest(byte[] body) {
        try {
            return OpenAiChatRequestDecoder.decode(body);
        } catch (JsonShapeException e) {
            throw e.clientError();
        }
    }

    @Override
    public byte[] encodeRequest(ChatRequest request, String upstreamModel) {
        return OpenAiChatRequestEncoder.encode(request, upstreamModel);
    }

    @Override
    public ChatResponse decodeResponse(byte[] body) {
        try {
            return OpenAiChatResponseCodec.decode(body);
        } catch (JsonShapeException e) {
            throw e.upstreamError("an unreadable chat completion");
        }
    }

    @Override
    public byte[] encodeResponse(ChatResponse response) {
        return OpenAiChatResponseCodec.encode(response);
    }

    @Override
    public StreamDecoder newStreamDecoder() {
        return new OpenAiChatStreamDecoder();
    }

    @Override
    public StreamEncoder newStreamEncoder(ChatRequest request) {
        return new OpenAiChatStreamEncoder(request);
    }

    @Override
    public UpstreamErrorBody decodeError(int status, byte[] body) {
        return OpenAiErrors.decode(status, body);
    }

    @Override
    public byte[] encodeError(GatewayException error) {
        return OpenAiErrors.encode(error);
    }

    /** A completion's or a chunk's {@code usage}. */
    @Override
    public Usage usageOf(byte[] json) {
        return UsageLocator.find(json, OpenAiUsage.COUNTS, "/usage");
    }

    @Override
    public boolean streamEndsWhole(byte[] tail, int length) {
        return STREAM_ENDS.foundIn(tail, length);
    }

    @Override
    public void encodeStreamError(GatewayException error, OutputStream out) throws IOException {
        Sse.write(out, null, OpenAiErrors.encode(error));
    }
}
