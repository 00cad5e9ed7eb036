package dev.aiproxy.translate.internal.json;

import java.nio.charset.StandardCharsets;

/**
 * Finds a stream format's terminal event in the last bytes of a relayed stream, without parsing it: the markers are
 * plain ASCII that only such an event carries ({@code [DONE]}, {@code message_stop}, an error's {@code "error"}),
 * looked for in the stream's last event only (all of the bytes kept, when that event is longer). Text inside a JSON
 * string has its quotes escaped, so an answer that merely mentions {@code "error"} does not match.
 */
public final class StreamEnds {
    private final byte[][] markers;

    private StreamEnds(byte[][] markers) {
        this.markers = markers;
    }

    /** The markers, any of which ends a stream. */
    public static StreamEnds of(String... markers) {
        byte[][] bytes = new byte[markers.length][];
        for (int i = 0; i < markers.length; i++) {
            bytes[i] = markers[i].getBytes(StandardCharsets.US_ASCII);
        }
        return new StreamEnds(bytes);
    }

    /** Whether one of the markers is in the last event among the first {@code length} bytes of {@code tail}. */
    public boolean foundIn(byte[] tail, int length) {
        int from = lastEventStart(tail, length);
        for (byte[] marker : markers) {
            if (indexOf(tail, from, length, marker) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** Where the last event starts: after the last blank line that has more than blank lines after it. */
    private static int lastEventStart(byte[] tail, int length) {
        int end = length;
        while (end > 0 && (tail[end - 1] == '\n' || tail[end - 1] == '\r')) {
            end--;
        }
        for (int i = end - 1; i > 0; i--) {
            if (tail[i] == '\n' && (tail[i - 1] == '\n' || (tail[i - 1] == '\r' && i > 1 && tail[i - 2] == '\n'))) {
                return i + 1;
            }
        }
        return 0;
    }

    private static int indexOf(byte[] haystack, int from, int length, byte[] needle) {
        outer:
        for (int i = from; i <= length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
