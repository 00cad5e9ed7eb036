package dev.aiproxy.routing.internal.exchange;

import dev.aiproxy.api.spi.UpstreamResponse;
import dev.aiproxy.routing.GatewayResponse;
import dev.aiproxy.routing.internal.chain.Tally;
import dev.aiproxy.routing.internal.dispatch.IdleWatchdog;
import dev.aiproxy.translate.FormatCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The passthrough body: upstream bytes copied to the client as they arrive, untouched. For a stream each read is
 * written and flushed at once, so every SSE event leaves as soon as it came in; nothing is parsed or buffered. When
 * the upstream breaks off, that is reported apart from a failing client, so the server can cut the client's
 * connection too rather than end a truncated body as if it were whole.
 */
final class RelayBody implements GatewayResponse.Streamed {
    private static final int BUFFER = 8192;
    /** A declared length up to this gets a buffer of its own size; most JSON answers are a few hundred bytes. */
    private static final int SMALL = 4096;

    private final UpstreamResponse response;
    private final boolean stream;
    /** Reads the usage from the bytes as they pass, or null when nobody needs it. */
    private final UsageTap tap;
    private final Tally tally;

    RelayBody(UpstreamResponse response, boolean stream, FormatCodec codec, Tally tally) {
        this.response = response;
        this.stream = stream;
        this.tap = tally.needsUsage() ? new UsageTap(codec, stream) : null;
        this.tally = tally;
    }

    @Override
    public long length() {
        return stream ? -1 : response.contentLength();
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        InputStream in = response.body();
        long length = stream ? -1 : response.contentLength();
        byte[] buffer = new byte[length > 0 && length <= SMALL ? (int) length : BUFFER];
        int n;
        while ((n = read(in, buffer)) >= 0) {
            if (n > 0) {
                out.write(buffer, 0, n);
                if (stream) {
                    out.flush();
                }
                if (tap != null) {
                    tap.accept(buffer, 0, n);
                }
            }
        }
        out.flush();
        tally.completed(response.status(), tap == null ? null : tap.usage());
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
