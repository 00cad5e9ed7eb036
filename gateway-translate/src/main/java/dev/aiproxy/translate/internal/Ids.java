package dev.aiproxy.translate.internal;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
     * id whether it is streamed or not, and ids of different sources collide no more than random ones.
     */
    public static String derived(String prefix, String source) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(source.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        BigInteger rest = new BigInteger(1, digest);
        BigInteger base = BigInteger.valueOf(ALPHABET.length);
        char[] out = new char[prefix.length() + 24];
        prefix.getChars(0, prefix.length(), out, 0);
        for (int i = prefix.length(); i < out.length; i++) {
            BigInteger[] qr = rest.divideAndRemainder(base);
            out[i] = ALPHABET[qr[1].intValue()];
            rest = qr[0];
        }
        return new String(out);
    }
}
