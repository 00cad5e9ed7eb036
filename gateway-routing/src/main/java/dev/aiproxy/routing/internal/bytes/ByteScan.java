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
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
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
