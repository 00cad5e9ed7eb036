package dev.aiproxy.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A key or token that must never be printed: {@link #toString()} is {@code ***}, and only {@link #reveal()} gives
 * the value, at the one place that sends it.
 */
public final class Secret {
    private final String value;
    /** Computed once: routing asks for it on every upstream call. */
    private final String fingerprint;

    private Secret(String value) {
        this.value = value;
        this.fingerprint = HexFormat.of().formatHex(sha256(value.getBytes(StandardCharsets.UTF_8)), 0, 8);
    }

    /**
     * Wraps a secret value.
     *
     * @throws IllegalArgumentException when the value is null or blank
     */
    public static Secret of(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a secret must not be blank");
        }
        return new Secret(value);
    }

    /** The plain value, for the single place that puts it on the wire. */
    public String reveal() {
        return value;
    }

    /** A stable, non-reversible fingerprint: the first 16 hex digits of the value's SHA-256. */
    public String fingerprint() {
        return fingerprint;
    }

    /** SHA-256 of the given bytes. Thread-safe. */
    public static byte[] sha256(byte[] bytes) {
        MessageDigest digest;
        try {
            // A clone of one prototype: getInstance looks the algorithm up among the security providers and builds
            // the implementation reflectively, on every call; the client key check hashes on every request.
            digest = (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            digest = newSha256();
        }
        return digest.digest(bytes);
    }

    private static final MessageDigest SHA_256 = newSha256();

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK ships SHA-256", e);
        }
    }

    /**
     * The key as a person may see it, to tell keys apart in a list: its kind prefix (up to and including a dash in
     * its first four characters, such as {@code sk-}, else its first three characters), {@code ...}, and its last
     * four characters: {@code sk-...abcd}. A value too short to hide at least eight characters that way is shown as
     * {@code ***}.
     */
    public String masked() {
        int dash = value.indexOf('-');
        int prefix = dash >= 0 && dash < 4 ? dash + 1 : Math.min(3, value.length());
        if (value.length() - prefix - 4 < 8) {
            return "***";
        }
        return value.substring(0, prefix) + "..." + value.substring(value.length() - 4);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other
                && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8), other.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(fingerprint());
    }

    @Override
    public String toString() {
        return "***";
    }
}
