package dev.aiproxy.routing.internal.bytes;

/**
 * Finds a byte sequence in a body without decoding it: how the request path asks whether a body may hold something
 * (a usage object in a relayed event, a {@code previous_response_id}) before it pays for a parse.
 */
public final class ByteScan {
    private ByteScan() {
    }

    /** The first index at which {@code needle} stands in {@code haystack}, or -1. */
    public static int indexOf(byte[] haystack, byte[] needle) {
        return indexOf(haystack, 0, haystack.length, needle);
    }

    /**
     * The first index at which {@code needle} stands wholly within {@code haystack}'s bytes from {@code from} to
     * {@code to}, or -1. The loop looks for the needle's first byte alone, the shape the JIT makes fastest: relayed
     * streams run every event through it.
     */
    public static int indexOf(byte[] haystack, int from, int to, byte[] needle) {
        if (needle.length == 0) {
            return Math.max(0, from) <= to ? Math.max(0, from) : -1;
        }
        byte first = needle[0];
        int last = to - needle.length;
        for (int i = Math.max(0, from); i <= last; i++) {
            if (haystack[i] != first) {
                continue;
            }
            int j = 1;
            while (j < needle.length && haystack[i + j] == needle[j]) {
                j++;
            }
            if (j == needle.length) {
                return i;
            }
        }
        return -1;
    }

    /** Whether {@code prefix} stands in {@code bytes} at {@code at}. */
    public static boolean startsWith(byte[] bytes, int at, byte[] prefix) {
        if (at < 0 || at + prefix.length > bytes.length) {
            return false;
        }
        for (int j = 0; j < prefix.length; j++) {
            if (bytes[at + j] != prefix[j]) {
                return false;
            }
        }
        return true;
    }
}
