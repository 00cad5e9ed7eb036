package dev.aiproxy.redis.internal;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.aiproxy.api.model.ContentPart;
import dev.aiproxy.api.model.Image;
import dev.aiproxy.api.model.Text;
import dev.aiproxy.api.model.Thinking;
import dev.aiproxy.api.model.ToolCall;
import dev.aiproxy.api.model.ToolResult;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The JSON the shared state keeps in Redis: canonical records (messages, answers) as their components, a content
 * part with a {@code type} naming its kind, added here as a mix-in so the model stays free of Jackson. Each record is
 * read back through its canonical constructor, so what Redis held is validated like anything else. Thread-safe.
 */
final class StateJson {
    /** What kind of content part each {@code type} is. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    @JsonSubTypes({
        @JsonSubTypes.Type(value = Text.class, name = "text"),
        @JsonSubTypes.Type(value = Image.class, name = "image"),
        @JsonSubTypes.Type(value = ToolCall.class, name = "tool_call"),
        @JsonSubTypes.Type(value = ToolResult.class, name = "tool_result"),
        @JsonSubTypes.Type(value = Thinking.class, name = "thinking")})
    private interface ContentPartKinds {
    }

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .addMixIn(ContentPart.class, ContentPartKinds.class)
            // record components only: helpers such as Extensions.isEmpty() are not state
            .visibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private StateJson() {
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The value Redis keeps under {@code key}, read as a {@code type}; empty when there is none, when Redis does not
     * answer within the timeout (the caller's local state answers instead), or when it was written in a shape this
     * version cannot read (another version of the gateway wrote it: as good as none).
     */
    static <T> Optional<T> get(BoundedRedis redis, String what, String key, Class<T> type) {
        String json;
        try {
            json = redis.await(what, c -> c.get(key));
        } catch (StoreUnavailableException e) {
            return Optional.empty();
        }
        if (json == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(read(json, type));
        } catch (UncheckedIOException e) {
            return Optional.empty();
        }
    }

    /** @throws UncheckedIOException when {@code json} is not a {@code type} */
    static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
