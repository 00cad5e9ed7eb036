package dev.aiproxy.routing.internal;

import dev.aiproxy.api.error.UpstreamException;
import java.io.IOException;
import java.io.InputStream;

/** Reads a whole upstream body into memory, refusing to grow past a limit. */
final class BoundedReader {
    /** An answer larger than this is an upstream fault, not a reason to run out of memory. */
    static final int MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
    /** Error bodies are only for their message. */
    static final int MAX_ERROR_BYTES = 64 * 1024;

    private BoundedReader() {
    }

    /**
     * @throws dev.aiproxy.api.error.GatewayException 502 when the body is larger than {@code max} or the read fails,
     *     504 when the upstream falls silent
     */
    static byte[] readAll(InputStream in, int max, String what) {
        try {
            byte[] bytes = in.readNBytes(max + 1);
            if (bytes.length > max) {
                throw UpstreamException.badGateway("the upstream's " + what + " is larger than " + max + " bytes", null);
            }
            return bytes;
        } catch (IOException e) {
            throw IdleWatchdog.readFailure(e, what);
        }
    }

    /** At most {@code max} bytes, silently truncated; an error body is only read for its message. */
    static byte[] readPrefix(InputStream in, int max) {
        try {
            return in.readNBytes(max);
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
