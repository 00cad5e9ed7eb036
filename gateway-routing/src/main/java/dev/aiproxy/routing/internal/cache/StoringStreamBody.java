package dev.aiproxy.routing.internal.cache;

import dev.aiproxy.api.error.GatewayException;
import dev.aiproxy.api.model.ChatResponse;
import dev.aiproxy.api.model.ChatResponseAccumulator;
import dev.aiproxy.api.model.StreamEvent;
import dev.aiproxy.routing.GatewayResponse;
import dev.aiproxy.translate.FormatCodec;
import dev.aiproxy.translate.SseEvent;
import dev.aiproxy.translate.SseEventReader;
import dev.aiproxy.translate.StreamDecoder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A streamed answer on its way to the client, copied aside as it is written (up to a bound), so that once it has
 * ended whole it can be stored: the copy is read back with the client format's own stream decoder into a canonical
 * answer. The client's stream is not held back: each write goes to the client first. An answer that ended otherwise
 * (an error event, the client gone, the upstream cut off), or larger than the bound, is not stored.
 */
final class StoringStreamBody implements GatewayResponse.Streamed {
    private static final System.Logger LOG = System.getLogger(StoringStreamBody.class.getName());

    private final GatewayResponse.Streamed delegate;
    private final FormatCodec codec;
    private final int maxBytes;
    private final BooleanSupplier endedWhole;
    private final Consumer<ChatResponse> store;

    /**
     * @param codec the client's format, which the stream is written in
     * @param endedWhole whether the answer's record says it completed; asked once the body has been written
     */
    StoringStreamBody(GatewayResponse.Streamed delegate, FormatCodec codec, int maxBytes, BooleanSupplier endedWhole,
            Consumer<ChatResponse> store) {
        this.delegate = delegate;
        this.codec = codec;
        this.maxBytes = maxBytes;
        this.endedWhole = endedWhole;
        this.store = store;
    }

    @Override
    public long length() {
        return delegate.length();
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        Copy copy = new Copy(out, maxBytes);
        delegate.writeTo(copy);
        if (!copy.overflowed && endedWhole.getAsBoolean()) {
            decoded(copy.bytes.toByteArray()).ifPresent(store);
        }
    }

    @Override
    public void close() {
        delegate.close();
    }

    /** The stream's bytes as one canonical answer, or empty when they do not read as a whole one. */
    private Optional<ChatResponse> decoded(byte[] bytes) {
        StreamDecoder decoder = codec.newStreamDecoder();
        ChatResponseAccumulator answer = new ChatResponseAccumulator();
        try {
            SseEventReader reader = new SseEventReader(new ByteArrayInputStream(bytes), bytes.length + 1);
            for (SseEvent event = reader.next(); event != null; event = reader.next()) {
                decoder.decode(event).forEach(answer::accept);
            }
            for (StreamEvent event : decoder.finish()) {
                answer.accept(event);
            }
        } catch (IOException | GatewayException | IllegalStateException e) {
            // an answer the client's own decoder cannot read back was delivered all the same, just not stored
            LOG.log(System.Logger.Level.DEBUG, () -> "a streamed " + codec.format().id() + " answer is not cached: "
                    + e.getMessage());
            return Optional.empty();
        }
        return answer.isComplete() ? Optional.of(answer.response()) : Optional.empty();
    }

    /** Writes through to the client, keeping a copy until it would pass the bound. */
    private static final class Copy extends OutputStream {
        private final OutputStream out;
        private final int maxBytes;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private boolean overflowed;

        Copy(OutputStream out, int maxBytes) {
            this.out = out;
            this.maxBytes = maxBytes;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            keep(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            keep(b, off, len);
        }

        private void keep(byte[] b, int off, int len) {
            if (overflowed) {
                return;
            }
            if (bytes.size() + (long) len > maxBytes) {
                overflowed = true;
                bytes.reset();
                return;
            }
            bytes.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
