package dev.aiproxy.routing.internal.exchange;

import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.error.UpstreamException;
import dev.aiproxy.api.model.ChatResponse;
import dev.aiproxy.api.spi.UpstreamResponse;
import dev.aiproxy.routing.GatewayResponse;
import dev.aiproxy.routing.config.Limits;
import dev.aiproxy.routing.internal.chain.Tally;
import dev.aiproxy.routing.internal.conversation.AnswerFold;
import dev.aiproxy.routing.internal.conversation.ConversationState;
import dev.aiproxy.routing.internal.debug.DebugTrace;
import dev.aiproxy.routing.internal.dispatch.BoundedReader;
import dev.aiproxy.routing.internal.dispatch.UpstreamDispatcher;
import dev.aiproxy.routing.internal.dispatch.UpstreamPlan;
import dev.aiproxy.translate.Codecs;
import dev.aiproxy.translate.FormatCodec;
import dev.aiproxy.translate.StreamEncoder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * How one candidate serves a wire request, decided once per candidate by {@link WireTranslations}: passed through in
 * the client's own format (the body with only the model swapped, the answer relayed byte for byte), or translated
 * through the canonical model, both ways. The dispatcher sends {@link #body()}; the same value then builds the
 * client's answer from the upstream's, so the request and the answer can never be treated differently.
 */
sealed interface Translation extends UpstreamPlan permits Translation.Passthrough, Translation.Translated {
    /** The response header naming the model that answered, which differs from the one asked for after a fallback. */
    String MODEL_HEADER = "X-Gateway-Model";

    /**
     * The client's answer from the upstream's; the answer's end is told to {@code tally}. What is read into memory is
     * bounded by {@code limits}: an answer read whole by {@code max-response-body}, and so is what a client's stream
     * format holds to repeat whole at its end; a stream's events by {@code max-stream-event}.
     */
    GatewayResponse answer(UpstreamDispatcher.Success<Translation> success, Tally tally, DebugTrace trace,
            Limits limits);

    /**
     * The upstream speaks the client's format: its answer reaches the client untouched. A stream is relayed as it
     * arrives; a JSON answer is read whole first (bounded), so that an upstream that stalls or breaks off halfway gets
     * the client a 504 or 502 in its format rather than a cut answer, and checked cheaply for the shape of a JSON
     * object (its first and last non-blank bytes), not parsed.
     *
     * @param codec the client's (and the upstream's) codec: the usage, the end of a stream, errors in a stream
     */
    record Passthrough(byte[] body, FormatCodec codec, boolean stream) implements Translation {
        @Override
        public GatewayResponse answer(UpstreamDispatcher.Success<Translation> success, Tally tally,
                DebugTrace trace, Limits limits) {
            UpstreamResponse response = success.response();
            Map<String, String> headers = new LinkedHashMap<>(4);
            headers.put(MODEL_HEADER, success.model());
            headers.put("Content-Type", response.header("content-type")
                    .orElse(stream ? "text/event-stream" : "application/json"));
            if (stream) {
                headers.put("Cache-Control", "no-cache");
                return new GatewayResponse(response.status(), headers, new RelayBody(response, codec, tally));
            }
            byte[] bytes;
            try (response) {
                bytes = BoundedReader.readAll(response, (int) limits.maxResponseBodyBytes(), "answer");
            }
            if (!looksLikeAnObject(bytes)) {
                throw UpstreamException.badGateway("the upstream answered " + response.status() + " with a body that "
                        + "is not a whole JSON object (" + bytes.length + " bytes)", null);
            }
            tally.completed(response.status(), tally.needsUsage() ? codec.usageOf(bytes) : null);
            return new GatewayResponse(response.status(), headers, new GatewayResponse.Bytes(bytes));
        }

        /** Whether the first and last bytes that are not blank are those of a JSON object; a cut one fails this. */
        static boolean looksLikeAnObject(byte[] bytes) {
            int first = 0;
            int last = bytes.length - 1;
            while (first <= last && isBlank(bytes[first])) {
                first++;
            }
            while (last > first && isBlank(bytes[last])) {
                last--;
            }
            return last > first && bytes[first] == '{' && bytes[last] == '}';
        }

        private static boolean isBlank(byte b) {
            return b == ' ' || b == '\n' || b == '\r' || b == '\t';
        }
    }

    /**
     * The upstream speaks another format, or the request carries a system prompt to put in: the answer is decoded
     * from the upstream's format and encoded in the client's, a stream event by event.
     *
     * @param client the client's codec
     * @param chat the client's request in canonical form, as routed
     * @param echoed the client's request as its answer echoes it: {@code chat} with the fields the conversation
     *     state took out to route it put back ({@code previous_response_id})
     * @param model the model name the client is shown
     * @param state what the client format remembers between requests
     */
    record Translated(byte[] body, FormatCodec client, ChatRequest chat, ChatRequest echoed, String model,
            boolean stream, ConversationState state) implements Translation {
        @Override
        public GatewayResponse answer(UpstreamDispatcher.Success<Translation> success, Tally tally,
                DebugTrace trace, Limits limits) {
            FormatCodec upstream = Codecs.of(success.candidate().format());
            Map<String, String> headers = new LinkedHashMap<>(4);
            headers.put(MODEL_HEADER, success.model());
            if (!stream) {
                byte[] bytes;
                try (UpstreamResponse response = success.response()) {
                    bytes = BoundedReader.readAll(response, (int) limits.maxResponseBodyBytes(), "answer");
                }
                trace.upstreamAnswer(success.candidate(), 200, bytes);
                ChatResponse decoded = upstream.decodeResponse(bytes);
                ChatResponse shown = decoded.withModel(model).withId(state.responseId(decoded.id()));
                byte[] encoded = client.encodeResponse(shown, echoed);
                state.remember(chat, shown, encoded);
                tally.completed(200, shown.usage());
                headers.put("Content-Type", client.jsonContentType());
                return new GatewayResponse(200, headers, new GatewayResponse.Bytes(encoded));
            }
            // a format that repeats the answer whole at its end holds it as it streams: as much as an answer read whole
            StreamEncoder encoder = client.newStreamEncoder(echoed, limits.maxResponseBodyBytes());
            UpstreamEvents events = new UpstreamEvents(success.response(), upstream.newStreamDecoder(), model,
                    state::responseId, (int) limits.maxStreamEventBytes());
            headers.put("Content-Type", encoder.contentType());
            headers.put("Cache-Control", "no-cache");
            // the stream is folded into a whole answer only when the conversation is kept for a later request
            AnswerFold fold = state.remembers(chat) ? state.newFold() : null;
            Consumer<ChatResponse> whole = answer -> state.remember(chat, answer, client.encodeResponse(answer, echoed));
            return new GatewayResponse(200, headers, new TranslatedStreamBody(events, encoder, fold, whole, tally));
        }
    }
}
