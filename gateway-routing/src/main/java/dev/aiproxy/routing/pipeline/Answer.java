package dev.aiproxy.routing.pipeline;

import static java.util.Objects.requireNonNull;

import dev.aiproxy.api.model.ChatResponse;
import dev.aiproxy.routing.ChatStream;
import dev.aiproxy.routing.GatewayResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a request got back through the {@link Interceptor chain}: for a call in a client's wire format, the response
 * in that format; for a typed, in-process call, the canonical answer or stream.
 */
public sealed interface Answer {

    /** The HTTP status of the answer; 200 for a typed one. */
    int status();

    /** The answer with these headers added (replacing any of the same name); a typed answer has no headers. */
    Answer withHeaders(Map<String, String> headers);

    /** The answer to a call in a client's wire format; its body may still be streaming from the upstream. */
    record Wire(GatewayResponse response) implements Answer {
        public Wire {
            requireNonNull(response, "response");
        }

        @Override
        public int status() {
            return response.status();
        }

        @Override
        public Wire withHeaders(Map<String, String> headers) {
            if (headers.isEmpty()) {
                return this;
            }
            Map<String, String> merged = new LinkedHashMap<>(response.headers());
            merged.putAll(headers);
            return new Wire(new GatewayResponse(response.status(), merged, response.body()));
        }
    }

    /** The whole answer to a typed call. */
    record Whole(ChatResponse response) implements Answer {
        public Whole {
            requireNonNull(response, "response");
        }

        @Override
        public int status() {
            return 200;
        }

        @Override
        public Whole withHeaders(Map<String, String> headers) {
            return this;
        }
    }

    /** The streamed answer to a typed call, read as the caller pulls it. */
    record Streaming(ChatStream stream) implements Answer {
        public Streaming {
            requireNonNull(stream, "stream");
        }

        @Override
        public int status() {
            return 200;
        }

        @Override
        public Streaming withHeaders(Map<String, String> headers) {
            return this;
        }
    }
}
