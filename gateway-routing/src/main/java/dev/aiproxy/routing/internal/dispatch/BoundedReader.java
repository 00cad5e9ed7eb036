package dev.aiproxy.routing.internal.dispatch;

import dev.aiproxy.api.error.UpstreamException;
import dev.aiproxy.api.spi.UpstreamResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads a whole upstream body into memory, refusing to grow past a limit. The memory follows the bytes that arrive, not
 * the length an upstream declares: only a small declared length is trusted with an array of its size up front.
 */
public final class BoundedReader {
    /** Error bodies are only for their message. */
    public static final int MAX_ERROR_BYTES = 64 * 1024;
    /** Up to this declared length the array is allocated whole before the first byte: the common small answer. */
    static final int TRUSTED_LENGTH = 64 * 1024;
    private static final int FIRST_CHUNK = 8192;

    private BoundedReader() {
    }

    /**
     * The whole body of an answer. A declared length up to {@value #TRUSTED_LENGTH} bytes gets an array of exactly that
     * size (most answers are a few hundred bytes: reading them in 16 KiB steps, as {@link InputStream#readNBytes(int)}
     * does, was most of the memory a translated request allocated); a longer or unknown one, an array that grows as the
     * bytes arrive, so an upstream that declares a large length and sends little costs little.
     *
     * @throws dev.aiproxy.api.error.GatewayException 502 when the body is larger than {@code max}, shorter than it
     *     said, or the read fails; 504 when the upstream falls silent
     */
    public static byte[] readAll(UpstreamResponse response, int max, String what) {
        long declared = response.contentLength();
        if (declared > max) {
            throw tooLarge(max, what, "declares " + declared + " bytes");
        }
        InputStream in = response.body();
        try {
            if (declared >= 0 && declared <= TRUSTED_LENGTH) {
                byte[] bytes = new byte[(int) declared];
                int n = in.readNBytes(bytes, 0, bytes.length);
                if (n < bytes.length) {
                    throw cutShort(what, n, declared);
                }
                return bytes;
            }
            // the limit + 1 tells an unframed body that is too large from one of exactly the limit
            int cap = declared >= 0 ? (int) declared : max + 1;
            byte[] bytes = new byte[Math.min(cap, declared >= 0 ? TRUSTED_LENGTH : FIRST_CHUNK)];
            int length = 0;
            int n;
            while ((n = in.read(bytes, length, bytes.length - length)) >= 0) {
                length += n;
                if (length > max) {
                    throw tooLarge(max, what, "sent more");
                }
                if (length == bytes.length) {
                    if (length == cap) {
                        break;
                    }
                    bytes = Arrays.copyOf(bytes, (int) Math.min(cap, 2L * bytes.length));
                }
            }
            if (declared >= 0 && length < declared) {
                throw cutShort(what, length, declared);
            }
            return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
        } catch (IOException e) {
            throw IdleWatchdog.readFailure(e, what);
        }
    }

    private static UpstreamException cutShort(String what, int n, long declared) {
        return UpstreamException.badGateway("the upstream's " + what + " ended after " + n + " of its " + declared
                + " bytes", null);
    }

    private static UpstreamException tooLarge(int max, String what, String detail) {
        return UpstreamException.badGateway("the upstream's " + what + " is larger than " + max + " bytes ("
                + detail + ")", null);
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
