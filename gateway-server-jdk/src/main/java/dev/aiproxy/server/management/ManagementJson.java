package dev.aiproxy.server.management;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.aiproxy.api.error.InvalidRequestException;
import java.io.IOException;
import java.util.stream.Collectors;

/**
 * The management API's JSON: snake_case field names, times as ISO-8601 text (answers carry them as strings), unknown
 * fields refused, and a body that does not
 * fit its type answered with the field at fault named.
 */
public final class ManagementJson {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);

    private ManagementJson() {
    }

    /** The value as the management API's JSON, on one line; thread-safe. */
    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a management answer does not serialise: " + e.getOriginalMessage(), e);
        }
    }

    /** @throws InvalidRequestException naming the field at fault */
    static <T> T read(byte[] body, Class<T> type) {
        try {
            return MAPPER.readValue(body, type);
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidRequestException("unknown field '" + field(e) + "'; known: "
                    + e.getKnownPropertyIds().stream().map(String::valueOf).sorted()
                            .collect(Collectors.joining(", ")), field(e), e);
        } catch (JsonMappingException e) {
            String field = field(e);
            Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : null;
            String why = cause != null ? cause.getMessage() : e.getOriginalMessage().lines().findFirst().orElse("");
            throw new InvalidRequestException(field.isEmpty() ? "the body does not fit: " + why
                    : "field '" + field + "': " + why, field.isEmpty() ? null : field, e);
        } catch (IOException e) {
            throw new InvalidRequestException("the body is not JSON: " + e.getMessage().lines().findFirst()
                    .orElse(""), null, e);
        }
    }

    /** The path of the field at fault, as {@code clients[2].name}. */
    private static String field(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
