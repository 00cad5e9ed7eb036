package dev.aiproxy.routing.internal.payload;

import dev.aiproxy.api.spi.Credential;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.routing.RequestContext.HeaderLookup;
import dev.aiproxy.routing.config.internal.HeaderReference;
import dev.aiproxy.routing.internal.route.Candidate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The headers each credential copies from the client's request, as CLIProxyAPI does: a configured value starting with
 * {@code $} ({@code X-Session: "$X-Claude-Code-Session-Id"}) sends the client's header of that name, or nothing when
 * the client did not send it. A credential's {@code headers} win over its provider entry's for the same name. Providers
 * are built from entries {@link #withoutReferences without} these values, so no provider, a third party's included,
 * can ever send one literally. Immutable and thread-safe.
 */
public final class CopiedHeaders {
    /** No credential copies anything. */
    public static final CopiedHeaders NONE = new CopiedHeaders(Map.of());

    private record Key(String provider, String credential) {
    }

    private record Copy(String header, String source) {
    }

    private final Map<Key, List<Copy>> copies;

    private CopiedHeaders(Map<Key, List<Copy>> copies) {
        this.copies = Map.copyOf(copies);
    }

    /**
     * Collects the references of provider entries, as written.
     *
     * @throws IllegalArgumentException naming the provider and header when a reference names no valid header, or a
     *     header clients send their key in ({@code Authorization}, {@code x-api-key}, {@code x-goog-api-key}, ...)
     */
    public static CopiedHeaders of(List<ProviderConfig> entries) {
        Map<Key, List<Copy>> copies = new LinkedHashMap<>();
        for (ProviderConfig entry : entries) {
            for (Credential credential : entry.credentials()) {
                // by lower-case name: a credential's value replaces its provider's, whichever case either uses
                Map<String, Map.Entry<String, String>> effective = new LinkedHashMap<>();
                entry.headers().forEach((name, value) -> effective.put(lower(name), Map.entry(name, value)));
                credential.headers().forEach((name, value) -> effective.put(lower(name), Map.entry(name, value)));
                List<Copy> list = new ArrayList<>();
                for (Map.Entry<String, String> header : effective.values()) {
                    if (HeaderReference.isReference(header.getValue())) {
                        list.add(new Copy(header.getKey(), reference(entry, header).source()));
                    }
                }
                if (!list.isEmpty()) {
                    copies.put(new Key(entry.name(), credential.id()), List.copyOf(list));
                }
            }
        }
        return copies.isEmpty() ? NONE : new CopiedHeaders(copies);
    }

    private static HeaderReference reference(ProviderConfig entry, Map.Entry<String, String> header) {
        try {
            return HeaderReference.parse(header.getValue());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("provider '" + entry.name() + "': header " + header.getKey() + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * The entry a provider is built from: without the {@code $} values in its and its credentials' headers. The same
     * entry when it has none.
     */
    public static ProviderConfig withoutReferences(ProviderConfig entry) {
        boolean any = hasReference(entry.headers())
                || entry.credentials().stream().anyMatch(c -> hasReference(c.headers()));
        if (!any) {
            return entry;
        }
        List<Credential> credentials = entry.credentials().stream()
                .map(c -> hasReference(c.headers()) ? new Credential(c.id(), c.apiKey(), c.baseUrl(), c.proxy(),
                        literal(c.headers()), c.models(), c.excludedModels(), c.policy()) : c)
                .toList();
        return entry.toBuilder().headers(literal(entry.headers())).credentials(credentials).build();
    }

    /**
     * The headers a call copies from the client's request: each reference of the candidate's credential whose header
     * the client sent. Empty when there is none.
     */
    public Map<String, String> resolve(Candidate candidate, HeaderLookup client) {
        if (copies.isEmpty()) {
            return Map.of();
        }
        List<Copy> list = copies.get(new Key(candidate.providerName(), candidate.credential().id()));
        if (list == null) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Copy copy : list) {
            String value = client.first(copy.source());
            if (value != null) {
                out.put(copy.header(), value);
            }
        }
        return out;
    }

    private static boolean hasReference(Map<String, String> headers) {
        return headers.values().stream().anyMatch(HeaderReference::isReference);
    }

    private static Map<String, String> literal(Map<String, String> headers) {
        Map<String, String> out = new LinkedHashMap<>();
        headers.forEach((name, value) -> {
            if (!HeaderReference.isReference(value)) {
                out.put(name, value);
            }
        });
        return out;
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
