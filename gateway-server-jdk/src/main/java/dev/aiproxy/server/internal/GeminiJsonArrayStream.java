package dev.aiproxy.server.internal;

import dev.aiproxy.api.error.UpstreamException;
import dev.aiproxy.routing.GatewayResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Gemini's {@code :streamGenerateContent} without {@code alt=sse}: the same chunks, each a
 * {@code GenerateContentResponse}, as one JSON array that arrives element by element, as Google's REST API sends it
 * ({@code [{...}}, then {@code \n,\r\n{...}} per chunk, then {@code \n]}). Clients that read it (google-cloud's REST
 * transports, {@code curl}) parse the array incrementally; the Google GenAI SDKs always ask for {@code alt=sse}.
 *
 * <p>The gateway serves every Gemini stream as server-sent events, passed through or translated; this re-frames one:
 * each event's {@code data} becomes an element, written and flushed when the event is whole. An error event (the
 * {@code {"error":{...}}} object a Gemini stream ends with when the upstream fails midway) becomes the last element,
 * and the array is closed. A stream cut off midway is left unclosed, so the client's parser sees it cut. An answer that
 * is not a stream (an error before the first chunk) is left as it is: Gemini's error object.
 */
final class GeminiJsonArrayStream implements GatewayResponse.Streamed {
    private static final byte[] FIRST = "[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NEXT = "\n,\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n]".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY = "[]".getBytes(StandardCharsets.US_ASCII);

    private final GatewayResponse.Streamed events;
    private final long maxEventBytes;

    private GeminiJsonArrayStream(GatewayResponse.Streamed events, long maxEventBytes) {
        this.events = events;
        this.maxEventBytes = maxEventBytes;
    }

    /**
     * The answer re-framed as a JSON array when it is a stream; else the answer itself.
     *
     * @param maxEventBytes the most one event may hold ({@code limits.max-stream-event}): a larger one ends the
     *     answer as an upstream failure, as it would in an SSE stream
     */
    static GatewayResponse of(GatewayResponse answer, long maxEventBytes) {
        if (!(answer.body() instanceof GatewayResponse.Streamed streamed)) {
            return answer;
        }
        Map<String, String> headers = new LinkedHashMap<>(answer.headers());
        headers.put("Content-Type", "application/json; charset=UTF-8");
        return new GatewayResponse(answer.status(), headers, new GeminiJsonArrayStream(streamed, maxEventBytes));
    }

    @Override
    public long length() {
        return -1;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        Reframing array = new Reframing(out, maxEventBytes);
        events.writeTo(array);
        array.finish();
    }

    @Override
    public void close() {
        events.close();
    }

    /**
     * Reads server-sent events as they are written (https://html.spec.whatwg.org/multipage/server-sent-events.html:
     * lines end with CR LF, LF or CR; {@code data:} lines join with LF; a blank line ends an event; comments and other
     * fields are ignored) and writes each event's data as an array element. Not thread-safe; one stream.
     */
    private static final class Reframing extends OutputStream {
        private final OutputStream out;
        private final long maxEventBytes;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private final ByteArrayOutputStream data = new ByteArrayOutputStream();
        private boolean hasData;
        private boolean afterCr;
        private int elements;

        Reframing(OutputStream out, long maxEventBytes) {
            this.out = out;
            this.maxEventBytes = maxEventBytes;
        }

        @Override
        public void write(int b) throws IOException {
            if (afterCr && b == '\n') {
                afterCr = false;
                return;
            }
            afterCr = b == '\r';
            if (b == '\r' || b == '\n') {
                endLine();
                return;
            }
            if (line.size() + data.size() >= maxEventBytes) {
                throw UpstreamException.badGateway("a Gemini stream event passed limits.max-stream-event ("
                        + maxEventBytes + " bytes)", null);
            }
            line.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() {
            // the server closes the client's stream once the answer has ended; finish() writes the array's end first
        }

        private void endLine() throws IOException {
            if (line.size() == 0) {
                if (hasData && data.size() > 0) {
                    element();
                }
                data.reset();
                hasData = false;
                return;
            }
            byte[] bytes = line.toByteArray();
            line.reset();
            if (bytes.length < 5 || !startsWith(bytes, "data:")) {
                return;
            }
            int from = bytes.length > 5 && bytes[5] == ' ' ? 6 : 5;
            if (hasData) {
                data.write('\n');
            }
            data.write(bytes, from, bytes.length - from);
            hasData = true;
        }

        private void element() throws IOException {
            out.write(elements++ == 0 ? FIRST : NEXT);
            data.writeTo(out);
            data.reset();
            hasData = false;
        }

        /** Ends the array, after an event the stream did not end with a blank line, if any. */
        void finish() throws IOException {
            endLine();
            if (hasData && data.size() > 0) {
                element();
            }
            out.write(elements == 0 ? EMPTY : END);
            out.flush();
        }

        private static boolean startsWith(byte[] bytes, String prefix) {
            if (bytes.length < prefix.length()) {
                return false;
            }
            for (int i = 0; i < prefix.length(); i++) {
                if (bytes[i] != prefix.charAt(i)) {
                    return false;
                }
            }
            return true;
        }
    }
}
