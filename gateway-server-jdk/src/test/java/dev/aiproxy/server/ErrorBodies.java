package dev.aiproxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Asserts that an error body has exactly its format's shape, and returns the inner error object. */
final class ErrorBodies {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ErrorBodies() {
    }

    /** OpenAI: {@code {"error":{"message","type","param","code"}}}. */
    static JsonNode openAi(RawHttp.Response response) {
        JsonNode body = parse(response);
        assertThat(names(body)).as(response.body()).containsExactly("error");
        JsonNode error = body.get("error");
        assertThat(names(error)).as(response.body()).containsExactly("message", "type", "param", "code");
        assertThat(error.get("message").isTextual()).as(response.body()).isTrue();
        assertThat(error.get("type").isTextual()).as(response.body()).isTrue();
        return error;
    }

    /** Anthropic: {@code {"type":"error","error":{"type","message"}}}. */
    static JsonNode anthropic(RawHttp.Response response) {
        return anthropic(response.body(), response);
    }

    /** The error body an Anthropic SDK's service exception carries, checked the same way. */
    static JsonNode anthropic(com.anthropic.errors.AnthropicServiceException e) {
        try {
            return anthropic(com.anthropic.core.ObjectMappers.jsonMapper().writeValueAsString(e.body()), e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new AssertionError(ex);
        }
    }

    static JsonNode anthropic(String json, Object context) {
        JsonNode body = parse(json, context);
        assertThat(names(body)).as("%s", context).containsExactly("type", "error");
        assertThat(body.get("type").asText()).isEqualTo("error");
        JsonNode error = body.get("error");
        assertThat(names(error)).as("%s", context).containsExactly("type", "message");
        assertThat(error.get("type").isTextual()).as("%s", context).isTrue();
        assertThat(error.get("message").isTextual()).as("%s", context).isTrue();
        return error;
    }

    /** Gemini: {@code {"error":{"code","message","status"}}}, with {@code details} only for a retry delay. */
    static JsonNode gemini(RawHttp.Response response) {
        JsonNode error = gemini(response.body(), response);
        assertThat(error.get("code").asInt()).isEqualTo(response.status());
        return error;
    }

    static JsonNode gemini(String json, Object context) {
        JsonNode body = parse(json, context);
        assertThat(names(body)).as("%s", context).containsExactly("error");
        JsonNode error = body.get("error");
        List<String> names = names(error);
        if (names.contains("details")) {
            assertThat(names).as("%s", context).containsExactly("code", "message", "status", "details");
        } else {
            assertThat(names).as("%s", context).containsExactly("code", "message", "status");
        }
        assertThat(error.get("code").isInt()).as("%s", context).isTrue();
        assertThat(error.get("message").isTextual()).as("%s", context).isTrue();
        assertThat(error.get("status").isTextual()).as("%s", context).isTrue();
        return error;
    }

    private static JsonNode parse(RawHttp.Response response) {
        assertThat(response.header("Content-Type")).as(response.body()).isEqualTo("application/json");
        return parse(response.body(), response);
    }

    static JsonNode parse(String json, Object context) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + context, e);
        }
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
