package dev.aiproxy.server.internal;

import com.sun.net.httpserver.Headers;
import dev.aiproxy.api.Secret;
import dev.aiproxy.api.error.AuthenticationException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * Checks a client's key against the configured ones. The key may come as {@code Authorization: Bearer}, {@code
 * x-api-key} (Anthropic SDKs), {@code x-goog-api-key} (Google GenAI SDKs) or {@code ?key=} (curl, hand-written Gemini
 * clients). Only SHA-256 hashes are kept, and every one is compared in constant time, so neither timing nor memory
 * reveals a key. Immutable; built per config snapshot.
 */
public final class ClientAuthenticator {
    private final List<byte[]> hashes;

    private ClientAuthenticator(List<byte[]> hashes) {
        this.hashes = hashes;
    }

    public static ClientAuthenticator of(List<Secret> keys) {
        return new ClientAuthenticator(keys.stream()
                .map(k -> Secret.sha256(k.reveal().getBytes(StandardCharsets.UTF_8))).toList());
    }

    /** Whether clients must present a key at all. */
    public boolean required() {
        return !hashes.isEmpty();
    }

    /**
     * Passes when no key is configured or the request carries a configured one.
     *
     * @throws AuthenticationException when the key is missing or unknown; the message never repeats it
     */
    public void check(Headers headers, URI uri) {
        if (hashes.isEmpty()) {
            return;
        }
        String presented = presentedKey(headers, uri);
        if (presented == null) {
            throw new AuthenticationException("Missing API key: send it as 'Authorization: Bearer <key>', "
                    + "'x-api-key', 'x-goog-api-key' or '?key='");
        }
        byte[] hash = Secret.sha256(presented.getBytes(StandardCharsets.UTF_8));
        boolean match = false;
        for (byte[] known : hashes) {
            match |= MessageDigest.isEqual(known, hash);
        }
        if (!match) {
            throw new AuthenticationException("Incorrect API key provided");
        }
    }

    static String presentedKey(Headers headers, URI uri) {
        String authorization = headers.getFirst("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String key = authorization.substring(7).strip();
            if (!key.isEmpty()) {
                return key;
            }
        }
        for (String name : List.of("x-api-key", "x-goog-api-key")) {
            String key = headers.getFirst(name);
            if (key != null && !key.isBlank()) {
                return key.strip();
            }
        }
        String query = uri.getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith("key=") && pair.length() > 4) {
                    return URLDecoder.decode(pair.substring(4), StandardCharsets.UTF_8);
                }
            }
        }
        return null;
    }
}
