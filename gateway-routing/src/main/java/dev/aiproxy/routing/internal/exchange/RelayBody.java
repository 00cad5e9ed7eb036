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
 * The passthrough body of a stream: upstream bytes copied to the client as they arrive, untouched, each read (with
 * whatever else had already arrived) written and flushed at once, so every SSE event leaves as soon as it came in;
 * nothing is parsed or held back. Only the last few kilobytes are kept, to tell a stream that ended with its format's
 * last event from one the upstream cut short; a stream cut short, or broken off, ends with an error event in the
 * client's format, so no client takes it for a whole answer.
 */
final class RelayBody implements GatewayResponse.Streamed {
    private static final int BUFFER = 8192;

    private final UpstreamResponse response;
    private final FormatCodec codec;
    /** Reads the usage from the bytes as they pass, or null when nobody needs it. */
    private final UsageTap tap;
    private final Tally tally;
    private final StreamTail tail = new StreamTail(FormatCodec.STREAM_TAIL_BYTES);

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
                    n = whatElseIsHere(in, buffer, n);
                    tally.firstByte();
                    out.write(buffer, 0, n);
                    out.flush();
                    tail.keep(buffer, n);
                    if (tap != null) {
                        tap.accept(buffer, 0, n);
                    }
                }
            }
        } catch (GatewayException broken) {
            endWithError(broken, out);
            return;
        }
        if (!tail.endsWhole(codec)) {
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

    /**
     * Adds to the first {@code n} bytes of the buffer what has already arrived behind them, without waiting: events
     * that came in together leave in one write and one flush instead of one each (an upstream that sends an event a
     * chunk otherwise costs the client side a system call per event, which is most of a busy relay's CPU). A failure
     * here is left for the next read to meet, after these bytes are sent.
     */
    private static int whatElseIsHere(InputStream in, byte[] buffer, int n) {
        try {
            int here;
            while (n < buffer.length && (here = in.available()) > 0) {
                int m = in.read(buffer, n, Math.min(here, buffer.length - n));
                if (m <= 0) {
                    break;
                }
                n += m;
            }
        } catch (IOException e) {
            // the next read meets it
        }
        return n;
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
