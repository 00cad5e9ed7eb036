package dev.aiproxy.routing.internal;

import dev.aiproxy.api.spi.UpstreamResponse;
import dev.aiproxy.routing.GatewayResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The passthrough body: upstream bytes copied to the client as they arrive, untouched. For a stream each read is
 * written and flushed at once, so every SSE event leaves as soon as it came in; nothing is parsed or buffered.
 */
final class RelayBody implements GatewayResponse.Streamed {
    private static final int BUFFER = 8192;
    /** A declared length up to this gets a buffer of its own size; most JSON answers are a few hundred bytes. */
    private static final int SMALL = 4096;

    private final UpstreamResponse response;
    private final boolean stream;

    RelayBody(UpstreamResponse response, boolean stream) {
        this.response = response;
        this.stream = stream;
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
        while ((n = in.read(buffer)) >= 0) {
            if (n > 0) {
                out.write(buffer, 0, n);
                if (stream) {
                    out.flush();
                }
            }
        }
        out.flush();
    }

    @Override
    public void close() {
        try {
            response.close();
        } catch (RuntimeException e) {
            // best effort: the upstream call is over either way
        }
    }
}
