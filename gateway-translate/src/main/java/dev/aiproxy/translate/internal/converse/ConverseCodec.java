package dev.aiproxy.translate.internal.converse;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.error.GatewayException;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.ChatResponse;
import dev.aiproxy.translate.FormatCodec;
import dev.aiproxy.translate.RoutingFields;
import dev.aiproxy.translate.StreamDecoder;
import dev.aiproxy.translate.StreamEncoder;
import dev.aiproxy.translate.UpstreamErrorBody;
import dev.aiproxy.translate.internal.json.JsonShapeException;
import dev.aiproxy.translate.internal.json.StreamEnds;
import java.io.OutputStream;

/**
 * Amazon Bedrock's Converse API, in the upstream direction only: requests are encoded, answers, stream events and
 * errors decoded (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html and
 * API_runtime_ConverseStream.html). No client speaks it, so the client-side methods throw
 * {@link UnsupportedOperationException}. The model is in the URL; the stream arrives as AWS event-stream frames,
 * which the Bedrock provider turns into one server-sent event per frame, named for the frame's event type.
 */
public final class ConverseCodec implements FormatCodec {
    private static final StreamEnds STREAM_ENDS = StreamEnds.of("event: metadata", "Exception");

    @Override
    public ApiFormat format() {
        return ApiFormat.BEDROCK_CONVERSE;
    }

    @Override
    public RoutingFields peek(byte[] body) {
        throw clientSide();
    }

    @Override
    public ChatRequest decodeRequest(byte[] body) {
        throw clientSide();
    }

    @Override
    public byte[] encodeRequest(ChatRequest request, String upstreamModel) {
        return ConverseRequestEncoder.encode(request);
    }

    @Override
    public ChatResponse decodeResponse(byte[] body) {
        try {
            return ConverseResponseDecoder.decode(body);
        } catch (JsonShapeException e) {
            throw e.upstreamError("an unreadable Converse response");
        }
    }

    @Override
    public byte[] encodeResponse(ChatResponse response) {
        throw clientSide();
    }

    @Override
    public StreamDecoder newStreamDecoder() {
        return new ConverseStreamDecoder();
    }

    @Override
    public StreamEncoder newStreamEncoder(ChatRequest request) {
        throw clientSide();
    }

    @Override
    public UpstreamErrorBody decodeError(int status, byte[] body) {
        return ConverseErrors.decode(status, body);
    }

    @Override
    public byte[] encodeError(GatewayException error) {
        throw clientSide();
    }

    @Override
    public boolean streamEndsWhole(byte[] tail, int length) {
        return STREAM_ENDS.foundIn(tail, length);
    }

    @Override
    public void encodeStreamError(GatewayException error, OutputStream out) {
        throw clientSide();
    }

    private static UnsupportedOperationException clientSide() {
        return new UnsupportedOperationException("no client speaks " + ApiFormat.BEDROCK_CONVERSE.id()
                + ": it is an upstream format only");
    }
}
