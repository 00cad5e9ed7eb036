package dev.aiproxy.routing;

import dev.aiproxy.api.Secret;
import java.util.Collection;
import java.util.regex.Pattern;

/**
 * Masks secrets in text that may reach a log, an error body or the admin API: the known keys themselves, key-like
 * headers ({@code Authorization}, {@code x-api-key}, {@code x-goog-api-key}, {@code api-key}), {@code ?key=}
 * parameters, and keys that an upstream echoed half-masked ({@code sk-abc***xyz}). Stateless and thread-safe.
 */
public final class Redactor {
    public static final String MASK = "***";

    private static final Pattern HEADER = Pattern.compile(
            "(?i)((?:authorization|x-api-key|x-goog-api-key|api-key|proxy-authorization)\"?\\s*[:=]\\s*\"?)"
                    + "(?:bearer\\s+)?[^\\s\",}]+");
    private static final Pattern QUERY_KEY = Pattern.compile("(?i)([?&]key=)[^&\\s\"]+");
    /** A key an upstream echoed with its middle starred out: a few key characters, three or more stars, more. */
    private static final Pattern MASKED_KEY = Pattern.compile(
            "[A-Za-z0-9_-]{2,}\\*{3,}[A-Za-z0-9_-]*|[A-Za-z0-9_-]*\\*{3,}[A-Za-z0-9_-]{2,}");

    private Redactor() {
    }

    /** The text with every occurrence of the given secrets, and of anything that looks like a key, masked. */
    public static String redact(String text, Collection<Secret> secrets) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (Secret secret : secrets) {
            String value = secret.reveal();
            if (out.contains(value)) {
                out = out.replace(value, MASK);
            }
        }
        return redact(out);
    }

    /** The text with key-like headers, {@code ?key=} values and half-masked keys masked. */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text.contains("***") ? MASKED_KEY.matcher(text).replaceAll(MASK) : text;
        out = HEADER.matcher(out).replaceAll("$1" + MASK);
        return QUERY_KEY.matcher(out).replaceAll("$1" + MASK);
    }
}
