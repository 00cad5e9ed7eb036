package dev.aiproxy.routing;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Request ids: {@code req_} and 32 hex digits, the first 12 the time in milliseconds (so ids sort by time, and a
 * store's index on them stays local) and the other 20 random. Unique in practice, not secret. Thread-safe.
 */
public final class RequestIds {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private RequestIds() {
    }

    /** A new id; costs about a hundred nanoseconds. */
    public static String next() {
        char[] id = new char[36];
        id[0] = 'r';
        id[1] = 'e';
        id[2] = 'q';
        id[3] = '_';
        hex(System.currentTimeMillis(), id, 4, 12);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        hex(random.nextLong(), id, 16, 16);
        hex(random.nextLong(), id, 32, 4);
        return new String(id);
    }

    /** Writes the low {@code digits} hex digits of {@code value} at {@code at}. */
    private static void hex(long value, char[] to, int at, int digits) {
        for (int i = digits - 1; i >= 0; i--) {
            to[at + i] = HEX[(int) (value & 0xf)];
            value >>>= 4;
        }
    }
}
