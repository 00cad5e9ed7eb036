package dev.aiproxy.translate.internal;

import dev.aiproxy.api.Secret;
import java.nio.charset.StandardCharsets;
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

    /**
     * {@code prefix} followed by 24 base-62 characters derived from {@code source} (from its SHA-256): another
     * provider's id shown in this provider's shape. The same source always gives the same id, so an answer keeps its
     * id whether it is streamed or not, and ids of different sources collide no more than random ones. The characters
     * are the digest's lowest base-62 digits, least significant first.
     */
    public static String derived(String prefix, String source) {
        byte[] digest = Secret.sha256(source.getBytes(StandardCharsets.UTF_8));
        // the digest as a 256-bit number in eight 32-bit words, most significant first, divided by 62 in place for
        // each digit: what BigInteger did, without its allocation (it was most of a translated answer's encoding)
        int[] words = new int[digest.length / 4];
        for (int i = 0; i < words.length; i++) {
            words[i] = (digest[4 * i] & 0xff) << 24 | (digest[4 * i + 1] & 0xff) << 16
                    | (digest[4 * i + 2] & 0xff) << 8 | digest[4 * i + 3] & 0xff;
        }
        char[] out = new char[prefix.length() + 24];
        prefix.getChars(0, prefix.length(), out, 0);
        for (int i = prefix.length(); i < out.length; i++) {
            long remainder = 0;
            for (int w = 0; w < words.length; w++) {
                long dividend = remainder << 32 | Integer.toUnsignedLong(words[w]);
                words[w] = (int) (dividend / ALPHABET.length);
                remainder = dividend % ALPHABET.length;
            }
            out[i] = ALPHABET[(int) remainder];
        }
        return new String(out);
    }
}
