package dev.aiproxy.translate.internal;

import java.util.concurrent.ThreadLocalRandom;

/** Random ids in the shapes providers use ({@code chatcmpl-...}, {@code msg_...}, {@code call_...}). */
public final class Ids {
    private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private Ids() {
    }

    /** {@code prefix} followed by 24 random base-62 characters. */
    public static String next(String prefix) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] out = new char[prefix.length() + 24];
        prefix.getChars(0, prefix.length(), out, 0);
        for (int i = prefix.length(); i < out.length; i++) {
            out[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(out);
    }
}
