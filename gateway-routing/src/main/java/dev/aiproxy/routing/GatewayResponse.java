package dev.aiproxy.routing;

import static java.util.Objects.requireNonNull;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.error.GatewayException;
import dev.aiproxy.translate.Codecs;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answer to a {@link RawRequest}, in the client's format: a status, headers ({@code Content-Type} among them) and
 * a body that is either complete or still streaming from the upstream.
 */
public record GatewayResponse(int status, Map<String, String> headers, Body body) {
    public GatewayResponse {
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        requireNonNull(body, "body");
    }

    /** What the body is. */
    public sealed interface Body permits Bytes, Streamed {
    }

    /** A complete body. */
    public record Bytes(byte[] data) implements Body {
        public Bytes {
            requireNonNull(data, "data");
        }
    }

    /**
     * A body still arriving from the upstream. The consumer calls {@link #writeTo} once, then {@link #close()} in
     * every case; closing before the end cancels the upstream call.
     */
    public non-sealed interface Streamed extends Body, AutoCloseable {
        /** The body's length when known in advance, else -1. */
        long length();

        /**
         * Writes the body to {@code out} as it arrives, flushing after each event, so the client sees each one as
         * soon as the upstream sends it. Blocks until the upstream is done. A translated stream reports an upstream
         * failure in the body itself, as an error event in the client's format; a relayed one cannot.
         *
         * @throws IOException when writing to the client fails; the caller then closes this body
         * @throws GatewayException when the upstream fails after the body began and the body cannot say so; the
         *     caller should then cut the client's connection instead of ending the body, so the client sees that it
         *     is incomplete
         */
        void writeTo(OutputStream out) throws IOException;

        /** Releases the upstream call; never throws. */
        @Override
        void close();
    }

    /** The {@code Content-Type} header, if set. */
    public String contentType() {
        return headers.getOrDefault("Content-Type", "application/json");
    }

    /**
     * An error in the format's own error body. When the error says when to retry, {@code Retry-After} carries it in
     * whole seconds (rounded up) and {@code retry-after-ms} exactly, which the OpenAI SDKs read first: an upstream's
     * "try again in 120ms" must not become a one-second wait. The error's own {@link GatewayException#headers()
     * headers} come first.
     */
    public static GatewayResponse error(ApiFormat format, GatewayException error) {
        Map<String, String> headers = new LinkedHashMap<>(error.headers());
        headers.put("Content-Type", "application/json");
        error.retryAfter().ifPresent(d -> {
            headers.put("Retry-After", Long.toString(Math.max(1, (d.toMillis() + 999) / 1000)));
            headers.put("retry-after-ms", Long.toString(Math.max(0, d.toMillis())));
        });
        return new GatewayResponse(error.status(), headers, new Bytes(Codecs.of(format).encodeError(error)));
    }

    /**
     * An error as one stream event in the format's framing (OpenAI's {@code data: {"error":...}}, Anthropic's
     * {@code event: error}, ...): what ends a stream that cannot go on, so the client reads it as failed, not complete.
     */
    public static byte[] streamErrorEvent(ApiFormat format, GatewayException error) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try {
            Codecs.of(format).encodeStreamError(error, bytes);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("a byte array output does not fail", e);
        }
        return bytes.toByteArray();
    }
}
