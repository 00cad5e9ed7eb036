package dev.aiproxy.routing.internal.cache;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.aiproxy.api.Secret;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.ContentPart;
import dev.aiproxy.api.model.Extensions;
import dev.aiproxy.api.model.ResponseFormat;
import dev.aiproxy.api.model.ToolChoice;
import dev.aiproxy.routing.pipeline.ResolvedRoute;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The response cache's key of a request: a SHA-256 of the canonical request as it will be served, so that the same
 * question asked in any client format, streamed or not, under any alias of the same upstreams, finds the same answer.
 * What goes in: the upstreams the model name resolves to (provider and upstream model, not the name the client used),
 * the messages, tools and every parameter, extensions included (the fields a format has that the canonical model does
 * not: {@code seed}, {@code logit_bias}...). What does not: the stream flag and the stream's options, which change how
 * the answer is delivered, not what it is. The canonical form is written as JSON, sorted and with each content part's
 * type, so that no two different requests write the same text (a {@code toString} could be forged by a message that
 * contains one). Thread-safe.
 */
public final class CacheKeys {
    /** Extension fields that only shape the delivery of a stream ({@code openai.stream_options}). */
    private static final String STREAM_OPTIONS = ".stream_options";
    /** Fields that make the answer depend on state kept between requests; such a request is never cached. */
    private static final java.util.Set<String> STATEFUL = java.util.Set.of("openai-responses.previous_response_id",
            "openai-responses.conversation");

    /** Writes the sealed types with their class, so that a text part and a thinking part never look the same. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS)
    private interface Typed {
    }

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .addMixIn(ContentPart.class, Typed.class)
            .addMixIn(ToolChoice.class, Typed.class)
            .addMixIn(ResponseFormat.class, Typed.class)
            .build();

    private CacheKeys() {
    }

    /**
     * The key of {@code request} as routed by {@code route}, or empty when the request must not be cached: its answer
     * depends on state kept between requests ({@code previous_response_id}).
     */
    public static Optional<String> of(ChatRequest request, ResolvedRoute route) {
        Map<String, String> extensions = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : request.extensions().rawJson().entrySet()) {
            if (STATEFUL.contains(e.getKey())) {
                return Optional.empty();
            }
            if (!e.getKey().endsWith(STREAM_OPTIONS)) {
                extensions.put(e.getKey(), e.getValue());
            }
        }
        String upstreams = route.targets().stream().map(t -> t.provider() + "/" + t.upstreamModel()).distinct()
                .sorted().collect(Collectors.joining(","));
        ChatRequest normalised = request.toBuilder().model(upstreams).stream(false)
                .extensions(new Extensions(extensions)).build();
        byte[] canonical;
        try {
            canonical = CANONICAL.writeValueAsBytes(normalised);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a canonical request always serializes", e);
        }
        return Optional.of(HexFormat.of().formatHex(Secret.sha256(canonical)));
    }
}
