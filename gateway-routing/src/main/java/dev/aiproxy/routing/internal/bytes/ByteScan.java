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
        return indexOf(haystack, needle, 0);
    }

    /** The first index from {@code from} on at which {@code needle} stands in {@code haystack}, or -1. */
    public static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
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
