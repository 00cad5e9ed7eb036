package dev.aiproxy.routing.config;

import dev.aiproxy.api.Secret;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Client keys: new ones in the shapes each SDK family expects, and the SHA-256 that is all the gateway keeps of them.
 */
public final class ClientKeys {
    private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    /** 48 base-62 characters: about 285 bits of randomness. */
    private static final int RANDOM_CHARS = 48;

    /** The prefix of a new key. Only the look of the key changes; every SDK accepts any of them. */
    public enum Type {
        /** {@code sk-...}, as OpenAI's. */
        OPENAI("sk-"),
        /** {@code sk-ant-...}, as Anthropic's. */
        ANTHROPIC("sk-ant-"),
        /** {@code gm_...}, for Gemini clients. */
        GEMINI("gm_");

        private final String prefix;

        Type(String prefix) {
            this.prefix = prefix;
        }

        public String prefix() {
            return prefix;
        }

        /** @throws IllegalArgumentException naming the accepted prefixes */
        public static Type fromPrefix(String prefix) {
            for (Type t : values()) {
                if (t.prefix.equals(prefix)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("unknown key type '" + prefix + "' (expected sk-, sk-ant- or gm_)");
        }
    }

    private ClientKeys() {
    }

    /**
     * Whether a client name is usable: letters, digits, {@code .}, {@code _} and {@code -}, starting with a letter or
     * digit. It shows in logs, usage and URLs ({@code /v0/management/clients/{name}}).
     */
    public static boolean isValidName(String name) {
        return name != null && name.matches("[A-Za-z0-9][A-Za-z0-9._-]*");
    }

    /** A new random key of the type. */
    public static String generate(Type type) {
        StringBuilder sb = new StringBuilder(type.prefix);
        for (int i = 0; i < RANDOM_CHARS; i++) {
            sb.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return sb.toString();
    }

    /** The lower-case hex SHA-256 of a key: what the config keeps. */
    public static String hash(String key) {
        return HexFormat.of().formatHex(Secret.sha256(key.getBytes(StandardCharsets.UTF_8)));
    }
}
