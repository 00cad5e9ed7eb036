package dev.aiproxy.translate;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.error.GatewayException;
import dev.aiproxy.api.error.InvalidRequestException;
import dev.aiproxy.api.error.UpstreamException;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.ChatResponse;

/**
 * Converts one wire format to and from the canonical model. Implementations are stateless and thread-safe; the
 * stream halves are created per stream because they carry state.
 */
public interface FormatCodec {

    ApiFormat format();

    /** The {@code Content-Type} of this format's JSON bodies. */
    default String jsonContentType() {
        return "application/json";
    }

    /**
     * Reads the fields routing needs without building a tree, validating that the body is one well-formed JSON
     * object with this format's required top-level fields.
     *
     * @throws InvalidRequestException naming the field or the syntax error
     */
    RoutingFields peek(byte[] body);

    /**
     * Decodes a client's request.
     *
     * @throws InvalidRequestException when the body is malformed or holds something this format cannot express
     */
    ChatRequest decodeRequest(byte[] body);

    /**
     * Encodes a request for an upstream that speaks this format.
     *
     * @param upstreamModel the upstream's model id, written instead of {@code request.model()}
     * @throws InvalidRequestException when the request holds something this format cannot carry
     */
    byte[] encodeRequest(ChatRequest request, String upstreamModel);

    /**
     * Decodes an upstream's successful answer.
     *
     * @throws UpstreamException (502) when the body is not a valid answer of this format
     */
    ChatResponse decodeResponse(byte[] body);

    /** Encodes an answer for a client of this format. */
    byte[] encodeResponse(ChatResponse response);

    /** A decoder for one upstream stream of this format. */
    StreamDecoder newStreamDecoder();

    /** An encoder for one client stream of this format, answering {@code request}. */
    StreamEncoder newStreamEncoder(ChatRequest request);

    /** Reads an upstream error body of this format; never throws, falls back to the raw text. */
    UpstreamErrorBody decodeError(int status, byte[] body);

    /** Renders an error in this format's error body; the status is {@link GatewayException#status()}. */
    byte[] encodeError(GatewayException error);
}
