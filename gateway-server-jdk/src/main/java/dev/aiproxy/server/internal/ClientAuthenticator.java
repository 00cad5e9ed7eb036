package dev.aiproxy.server.internal;

import com.sun.net.httpserver.Headers;
import dev.aiproxy.api.Secret;
import dev.aiproxy.api.error.AuthenticationException;
import dev.aiproxy.routing.config.ClientConfig;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * Finds the client a request's key belongs to. The key may come as {@code Authorization: Bearer}, {@code x-api-key}
 * (Anthropic SDKs), {@code x-goog-api-key} (Google GenAI SDKs) or {@code ?key=} (curl, hand-written Gemini clients).
 * Only SHA-256 hashes of the keys are known, and every one is compared in constant time, so neither timing nor memory
 * reveals a key. Immutable; built per config snapshot.
 */
public final class ClientAuthenticator {
    private final List<ClientConfig> clients;
    private final List<byte[]> hashes;

    private ClientAuthenticator(List<ClientConfig> clients) {
        this.clients = clients;
        this.hashes = clients.stream().map(c -> HexFormat.of().parseHex(c.keyHash())).toList();
    }

    public static ClientAuthenticator of(List<ClientConfig> clients) {
        return new ClientAuthenticator(List.copyOf(clients));
    }

    /** Whether clients must present a key at all. */
    public boolean required() {
        return !clients.isEmpty();
    }

    /**
     * The client whose key the request carries; {@link ClientConfig#ANONYMOUS} when no client is configured.
     *
     * @throws AuthenticationException when the key is missing or unknown; the message never repeats it
     */
    public ClientConfig authenticate(Headers headers, URI uri) {
        if (clients.isEmpty()) {
            return ClientConfig.ANONYMOUS;
        }
        String presented = presentedKey(headers, uri);
        if (presented == null) {
            throw new AuthenticationException("Missing API key: send it as 'Authorization: Bearer <key>', "
                    + "'x-api-key', 'x-goog-api-key' or '?key='");
        }
        byte[] hash = Secret.sha256(presented.getBytes(StandardCharsets.UTF_8));
        int found = -1;
        for (int i = 0; i < hashes.size(); i++) {
            // every hash is compared, whatever matched before: the time taken does not depend on which key matched
            boolean equal = MessageDigest.isEqual(hashes.get(i), hash);
            found = equal && found < 0 ? i : found;
        }
        if (found < 0) {
            throw new AuthenticationException("Incorrect API key provided");
        }
        return clients.get(found);
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
