package dev.aiproxy.translate.internal.anthropic;

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
import dev.aiproxy.translate.internal.Signatures;
import dev.aiproxy.translate.internal.json.Fields;
import dev.aiproxy.translate.internal.json.Json;
import dev.aiproxy.translate.internal.json.JsonShapeException;
import dev.aiproxy.translate.internal.json.Sse;
import dev.aiproxy.translate.internal.json.StreamEnds;
import dev.aiproxy.translate.internal.json.TopLevelScanner;
import dev.aiproxy.translate.internal.json.UsageLocator;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Anthropic Messages, per https://docs.anthropic.com/en/api/messages, with its token count
 * (https://docs.anthropic.com/en/api/messages-count-tokens).
 */
public final class AnthropicMessagesCodec implements FormatCodec {
    private static final StreamEnds STREAM_ENDS = StreamEnds.of("message_stop", "\"error\"");
    /** The real API rejects a request without {@code max_tokens}, so the gateway does too, before routing. */
    private static final TopLevelScanner SCANNER = new TopLevelScanner(List.of(
            new TopLevelScanner.Required("messages", JsonToken.START_ARRAY, "an array"),
            new TopLevelScanner.Required("max_tokens", JsonToken.VALUE_NUMBER_INT, "an integer")), true);

    @Override
    public ApiFormat format() {
        return ApiFormat.ANTHROPIC_MESSAGES;
    }

    @Override
    public RoutingFields peek(byte[] body) {
        return SCANNER.scan(body);
    }

    @Override
    public ChatRequest decodeRequest(byte[] body) {
        return decode(body, AnthropicEndpoint.MESSAGES);
    }

    @Override
    public byte[] encodeRequest(ChatRequest request, String upstreamModel) {
        return AnthropicRequestEncoder.encode(request, upstreamModel, AnthropicEndpoint.MESSAGES);
    }

    @Override
    public ChatResponse decodeResponse(byte[] body) {
        try {
            return AnthropicResponseCodec.decode(body);
        } catch (JsonShapeException e) {
            throw e.upstreamError("an unreadable message");
        }
    }

    @Override
    public byte[] encodeResponse(ChatResponse response) {
        return AnthropicResponseCodec.encode(response);
    }

    @Override
    public StreamDecoder newStreamDecoder() {
        return new AnthropicStreamDecoder();
    }

    @Override
    public StreamEncoder newStreamEncoder(ChatRequest request) {
        return new AnthropicStreamEncoder(request);
    }

    /** The same body as a message request, where {@code max_tokens} is not required and {@code stream} is ignored. */
    @Override
    public ChatRequest decodeCountTokensRequest(byte[] body) {
        return decode(body, AnthropicEndpoint.COUNT_TOKENS);
    }

    @Override
    public byte[] encodeCountTokensRequest(ChatRequest request, String upstreamModel) {
        return AnthropicRequestEncoder.encode(request, upstreamModel, AnthropicEndpoint.COUNT_TOKENS);
    }

    /** Reads {@code {"input_tokens": n}}. */
    @Override
    public long decodeTokenCount(byte[] body) {
        return Fields.requireCountIn(body, "input_tokens");
    }

    @Override
    public byte[] encodeTokenCount(long inputTokens) {
        return Json.write(gen -> {
            gen.writeStartObject();
            gen.writeNumberField("input_tokens", inputTokens);
            gen.writeEndObject();
        });
    }

    @Override
    public UpstreamErrorBody decodeError(int status, byte[] body) {
        return AnthropicErrors.decode(status, body);
    }

    @Override
    public byte[] encodeError(GatewayException error) {
        return AnthropicErrors.encode(error);
    }

    private static ChatRequest decode(byte[] body, AnthropicEndpoint endpoint) {
        try {
            return AnthropicRequestDecoder.decode(body, endpoint);
        } catch (JsonShapeException e) {
            throw e.clientError();
        }
    }

    /** A message's or {@code message_delta}'s {@code usage}, or {@code message_start}'s {@code message.usage}. */
    @Override
    public Usage usageOf(byte[] json) {
        return UsageLocator.find(json, AnthropicUsage.COUNTS, "/usage", "/message/usage");
    }

    @Override
    public boolean mayHoldForeignSignatures(byte[] body) {
        return Signatures.wrappedIn(body) || Signatures.emptySignatureIn(body);
    }

    @Override
    public boolean streamEndsWhole(byte[] tail, int length) {
        return STREAM_ENDS.foundIn(tail, length);
    }

    @Override
    public void encodeStreamError(GatewayException error, OutputStream out) throws IOException {
        Sse.write(out, "error", AnthropicErrors.encode(error));
    }
}
