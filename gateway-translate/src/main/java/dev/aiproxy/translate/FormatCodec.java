package dev.aiproxy.translate;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.error.GatewayException;
import dev.aiproxy.api.error.InvalidRequestException;
import dev.aiproxy.api.error.UpstreamException;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.ChatResponse;
import dev.aiproxy.api.model.Usage;
import dev.aiproxy.translate.internal.Signatures;
import java.io.IOException;
import java.io.OutputStream;

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

    /**
     * Encodes an answer to {@code request} for a client of this format. A format whose answer echoes the request's
     * settings (Responses: {@code instructions}, {@code tools}, {@code previous_response_id}...) writes them from
     * {@code request}; the others write what {@link #encodeResponse(ChatResponse)} writes.
     */
    default byte[] encodeResponse(ChatResponse response, ChatRequest request) {
        return encodeResponse(response);
    }

    /** A decoder for one upstream stream of this format. */
    StreamDecoder newStreamDecoder();

    /**
     * An encoder for one client stream of this format, answering {@code request}, holding whatever its format needs
     * to write whole later, however large.
     */
    StreamEncoder newStreamEncoder(ChatRequest request);

    /**
     * An encoder for one client stream of this format, answering {@code request}, that holds at most
     * {@code maxHeldBytes} of the answer. A format that repeats the answer, or a tool call, whole at its end (Responses;
     * Gemini's tool calls) holds it while it streams; past the bound its {@link StreamEncoder#encode encode} throws an
     * {@link UpstreamException} (502), with which the caller ends the stream as with any upstream failure. The other
     * formats hold nothing and need no bound.
     */
    default StreamEncoder newStreamEncoder(ChatRequest request, long maxHeldBytes) {
        return newStreamEncoder(request);
    }

    /**
     * Decodes a client's token-count request ({@code /v1/messages/count_tokens}, {@code :countTokens}). By default the
     * same body as a generation request.
     *
     * @throws InvalidRequestException when the body is malformed
     * @throws UnsupportedOperationException when the format has no token-count endpoint
     */
    default ChatRequest decodeCountTokensRequest(byte[] body) {
        return decodeRequest(body);
    }

    /**
     * Encodes a token-count request for an upstream of this format.
     *
     * @throws UnsupportedOperationException when the format has no token-count endpoint
     */
    default byte[] encodeCountTokensRequest(ChatRequest request, String upstreamModel) {
        throw new UnsupportedOperationException(format().id() + " has no token-count endpoint");
    }

    /**
     * Reads the input-token count from an upstream's token-count answer.
     *
     * @throws UpstreamException (502) when the body is not a valid answer
     * @throws UnsupportedOperationException when the format has no token-count endpoint
     */
    default long decodeTokenCount(byte[] body) {
        throw new UnsupportedOperationException(format().id() + " has no token-count endpoint");
    }

    /**
     * Encodes a token-count answer for a client of this format.
     *
     * @throws UnsupportedOperationException when the format has no token-count endpoint
     */
    default byte[] encodeTokenCount(long inputTokens) {
        throw new UnsupportedOperationException(format().id() + " has no token-count endpoint");
    }

    /**
     * The usage an upstream answer or stream event of this format reports, read from its JSON text; null when it
     * carries none or cannot be read. For relayed answers, which are not decoded: accounting reads only the events
     * that mention usage. Never throws.
     */
    default Usage usageOf(byte[] json) {
        return null;
    }

    /** Reads an upstream error body of this format; never throws, falls back to the raw text. */
    UpstreamErrorBody decodeError(int status, byte[] body);

    /** Renders an error in this format's error body; the status is {@link GatewayException#status()}. */
    byte[] encodeError(GatewayException error);

    /**
     * Whether a client's request body in this format may hold a signature that an upstream of this format did not
     * make: one the gateway wrapped for another format's reasoning, or (Anthropic) the empty one it shows for reasoning
     * nobody signed. Such a body is translated even to an upstream of the same format, so that the signature rule
     * holds (docs/translation.md, "Signatures"); any other body passes through. A byte scan, no parse.
     */
    default boolean mayHoldForeignSignatures(byte[] body) {
        return Signatures.wrappedIn(body);
    }

    /** How many of a relayed stream's last bytes {@link #streamEndsWhole} needs to see. */
    int STREAM_TAIL_BYTES = 4096;

    /**
     * Whether a stream of this format ended as the format ends one, judged from its last bytes (up to {@link
     * #STREAM_TAIL_BYTES}): its last event is the format's last (OpenAI Chat's {@code [DONE]}, Anthropic's {@code
     * message_stop}, Gemini's {@code finishReason}, the Responses API's {@code response.completed}, {@code .incomplete}
     * or {@code .failed}) or an error event, which the client reads as one. A relayed stream is not parsed; this is
     * how passthrough tells a stream cut short from one that ended.
     */
    boolean streamEndsWhole(byte[] tail, int length);

    /** Writes an error event in this format's stream framing, for a stream that cannot go on. */
    void encodeStreamError(GatewayException error, OutputStream out) throws IOException;
}
