package dev.aiproxy.routing.internal.exchange;

import dev.aiproxy.api.error.GatewayException;
import dev.aiproxy.api.error.UpstreamException;
import dev.aiproxy.api.model.Usage;
import dev.aiproxy.api.spi.UpstreamResponse;
import dev.aiproxy.routing.GatewayResponse;
import dev.aiproxy.routing.internal.chain.Tally;
import dev.aiproxy.routing.internal.dispatch.IdleWatchdog;
import dev.aiproxy.translate.FormatCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The passthrough body of a stream: upstream bytes copied to the client as they arrive, untouched, each read written
 * and flushed at once, so every SSE event leaves as soon as it came in; nothing is parsed or buffered. Only the last
 * few kilobytes are kept, to tell a stream that ended with its format's last event from one the upstream cut short;
 * a stream cut short, or broken off, ends with an error event in the client's format, so no client takes it for a
 * whole answer.
 */
final class RelayBody implements GatewayResponse.Streamed {
    private static final int BUFFER = 8192;

    private final UpstreamResponse response;
    private final FormatCodec codec;
    /** Reads the usage from the bytes as they pass, or null when nobody needs it. */
    private final UsageTap tap;
    private final Tally tally;
    private final byte[] tail = new byte[FormatCodec.STREAM_TAIL_BYTES];
    private int tailLength;

    RelayBody(UpstreamResponse response, FormatCodec codec, Tally tally) {
        this.response = response;
        this.codec = codec;
        this.tap = tally.needsUsage() ? new UsageTap(codec) : null;
        this.tally = tally;
    }

    @Override
    public long length() {
        return -1;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        InputStream in = response.body();
        byte[] buffer = new byte[BUFFER];
        int n;
        try {
            while ((n = read(in, buffer)) >= 0) {
                if (n > 0) {
                    tally.firstByte();
                    out.write(buffer, 0, n);
                    out.flush();
                    keep(buffer, n);
                    if (tap != null) {
                        tap.accept(buffer, 0, n);
                    }
                }
            }
        } catch (GatewayException broken) {
            endWithError(broken, out);
            return;
        }
        if (!codec.streamEndsWhole(tail, tailLength)) {
            endWithError(UpstreamException.cutShort("its last event"), out);
            return;
        }
        out.flush();
        tally.completed(response.status(), usage());
    }

    private void endWithError(GatewayException error, OutputStream out) throws IOException {
        codec.encodeStreamError(error, out);
        out.flush();
        tally.interrupted(response.status(), usage(), error.errorType());
    }

    private Usage usage() {
        return tap == null ? null : tap.usage();
    }

    /** Keeps the stream's last bytes, up to the tail's size. */
    private void keep(byte[] bytes, int n) {
        int capacity = tail.length;
        if (n >= capacity) {
            System.arraycopy(bytes, n - capacity, tail, 0, capacity);
            tailLength = capacity;
            return;
        }
        int kept = Math.min(tailLength, capacity - n);
        System.arraycopy(tail, tailLength - kept, tail, 0, kept);
        System.arraycopy(bytes, 0, tail, kept, n);
        tailLength = kept + n;
    }

    private static int read(InputStream in, byte[] buffer) {
        try {
            return in.read(buffer);
        } catch (IOException e) {
            throw IdleWatchdog.readFailure(e, "stream");
        }
    }

    @Override
    public void close() {
        tally.interrupted(response.status(), null);
        try {
            response.close();
        } catch (RuntimeException e) {
            // best effort: the upstream call is over either way
        }
    }
}
