package dev.aiproxy.routing.internal.dispatch;

import dev.aiproxy.api.error.UpstreamException;
import dev.aiproxy.api.spi.UpstreamResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** Reads a whole upstream body into memory, refusing to grow past a limit. */
public final class BoundedReader {
    /** An answer larger than this is an upstream fault, not a reason to run out of memory. */
    public static final int MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
    /** Error bodies are only for their message. */
    public static final int MAX_ERROR_BYTES = 64 * 1024;

    private BoundedReader() {
    }

    /**
     * The whole body of an answer, in an array of its declared length when it has one (most answers are a few hundred
     * bytes: reading them in 16 KiB steps, as {@link InputStream#readNBytes(int)} does, was most of the memory a
     * translated request allocated), else in one that grows as it fills.
     *
     * @throws dev.aiproxy.api.error.GatewayException 502 when the body is larger than {@code max}, shorter than it
     *     said, or the read fails; 504 when the upstream falls silent
     */
    public static byte[] readAll(UpstreamResponse response, int max, String what) {
        long declared = response.contentLength();
        if (declared > max) {
            throw tooLarge(max, what);
        }
        InputStream in = response.body();
        try {
            if (declared >= 0) {
                byte[] bytes = new byte[(int) declared];
                int n = in.readNBytes(bytes, 0, bytes.length);
                if (n < bytes.length) {
                    throw UpstreamException.badGateway("the upstream's " + what + " ended after " + n + " of its "
                            + declared + " bytes", null);
                }
                return bytes;
            }
            byte[] bytes = new byte[2048];
            int length = 0;
            int n;
            while ((n = in.read(bytes, length, bytes.length - length)) >= 0) {
                length += n;
                if (length > max) {
                    throw tooLarge(max, what);
                }
                if (length == bytes.length) {
                    bytes = Arrays.copyOf(bytes, (int) Math.min((long) max + 1, 2L * bytes.length));
                }
            }
            return Arrays.copyOf(bytes, length);
        } catch (IOException e) {
            throw IdleWatchdog.readFailure(e, what);
        }
    }

    private static UpstreamException tooLarge(int max, String what) {
        return UpstreamException.badGateway("the upstream's " + what + " is larger than " + max + " bytes", null);
    }

    /** At most {@code max} bytes, silently truncated; an error body is only read for its message. */
    public static byte[] readPrefix(InputStream in, int max) {
        try {
            return in.readNBytes(max);
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
