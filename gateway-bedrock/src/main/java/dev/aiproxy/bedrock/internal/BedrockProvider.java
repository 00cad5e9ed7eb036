package dev.aiproxy.bedrock.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.spi.Credential;
import dev.aiproxy.api.spi.Operation;
import dev.aiproxy.api.spi.Provider;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.api.spi.UpstreamRequest;
import dev.aiproxy.api.spi.UpstreamResponse;
import dev.aiproxy.providers.http.UpstreamCall;
import dev.aiproxy.providers.http.UpstreamHttp;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Calls Bedrock's runtime: {@code POST {endpoint}/model/{modelId}/{invoke|invoke-with-response-stream}} for Anthropic's
 * models and {@code /converse} or {@code /converse-stream} for the others ({@link BedrockApi}), authorised by
 * {@link BedrockAuth}. Its answers are made readable by the gateway's codecs: a stream's event-stream frames become
 * server-sent events ({@link EventStreamSse}), and an error's {@code {"message"}} body with its
 * {@code x-amzn-ErrorType} header becomes a body of the codec's format. Thread-safe.
 */
public final class BedrockProvider implements Provider {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Enough of an error body for its message; Bedrock's are a line. */
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final ProviderConfig config;
    private final BedrockAuth auth;
    private final UpstreamHttp http;

    /** What a call's URL is built from. */
    private record Target(URI endpoint, String model, String action) {
    }

    /** @param config the entry, with its endpoint as base URL */
    BedrockProvider(ProviderConfig config, BedrockAuth auth) {
        this.config = config;
        this.auth = auth;
        this.http = new UpstreamHttp(config);
    }

    @Override
    public ProviderConfig config() {
        return config;
    }

    /** Converse, the API of every model but Anthropic's; {@link #format(String)} tells per model. */
    @Override
    public ApiFormat format() {
        return ApiFormat.BEDROCK_CONVERSE;
    }

    @Override
    public ApiFormat format(String upstreamModel) {
        return BedrockApi.of(upstreamModel).format();
    }

    @Override
    public boolean supports(Operation operation) {
        return operation == Operation.GENERATE;
    }

    /**
     * @throws dev.aiproxy.api.error.UpstreamException when no AWS keys can be found, or Bedrock cannot be reached
     * @throws dev.aiproxy.api.error.InvalidRequestException when an Anthropic body is not a JSON object
     */
    @Override
    public UpstreamResponse send(UpstreamRequest request) {
        if (request.operation() != Operation.GENERATE) {
            throw new IllegalStateException("Bedrock serves no " + request.operation());
        }
        Credential credential = request.credential();
        BedrockApi api = BedrockApi.of(request.model());
        URI uri = http.uri(new Target(UpstreamHttp.baseUrl(config, credential), request.model(),
                api.action(request.stream())), k -> {
                    Target t = (Target) k;
                    return UpstreamHttp.resolve(t.endpoint(), "/model/" + pathSegment(t.model()) + "/" + t.action());
                });
        byte[] body = api.body(request.body());
        Map<String, String> signed = api.headers(request.stream());
        UpstreamCall.Builder call = UpstreamCall.post(uri);
        signed.forEach(call::header);
        config.headers().forEach(call::header);
        credential.headers().forEach(call::header);
        request.headers().forEach(call::header);
        auth.headers(credential, uri, signed, body).forEach(call::header);
        UpstreamResponse response = http.send(call.body(body), request.firstByteTimeout(), credential.proxy(),
                credential.id());
        if (!response.isSuccess()) {
            return readableError(response, api);
        }
        if (!request.stream()) {
            return response;
        }
        return new UpstreamResponse(response.status(), withContentType(response.headers(), "text/event-stream"),
                new EventStreamSse(response.body(), api));
    }

    /**
     * The error with its body in the codec's shape: Bedrock's message, and its exception's name from
     * {@code x-amzn-ErrorType} (or the body's {@code __type}).
     */
    private static UpstreamResponse readableError(UpstreamResponse response, BedrockApi api) {
        byte[] raw;
        try (response) {
            raw = response.body().readNBytes(MAX_ERROR_BODY);
        } catch (IOException | UncheckedIOException e) {
            raw = new byte[0];
        }
        String exception = BedrockExceptions.name(response.header("x-amzn-ErrorType").orElse(null));
        String message = null;
        try {
            JsonNode root = JSON.readTree(raw);
            if (root != null && root.isObject()) {
                message = text(root, "message", "Message");
                if (exception == null) {
                    exception = BedrockExceptions.name(text(root, "__type", "code"));
                }
            }
        } catch (IOException notJson) {
            // a proxy's page: shown as it came
        }
        if (message == null) {
            String text = new String(raw, StandardCharsets.UTF_8).strip();
            message = text.isEmpty() ? "Bedrock answered HTTP " + response.status() : text;
        }
        if (exception != null) {
            message = exception + ": " + message;
        }
        return new UpstreamResponse(response.status(), withContentType(response.headers(), "application/json"),
                new ByteArrayInputStream(api.errorBody(exception, message)));
    }

    private static String text(JsonNode root, String name, String otherName) {
        JsonNode v = root.has(name) ? root.get(name) : root.get(otherName);
        return v != null && v.isTextual() ? v.textValue() : null;
    }

    /** The headers with another content type and no length: the body is no longer the one they described. */
    private static Map<String, List<String>> withContentType(Map<String, List<String>> headers, String type) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        headers.forEach((name, values) -> {
            if (name != null && !name.equalsIgnoreCase("content-type") && !name.equalsIgnoreCase("content-length")) {
                copy.put(name, values);
            }
        });
        copy.put("content-type", List.of(type));
        return copy;
    }

    /**
     * A model id as one path segment: every byte but RFC 3986's unreserved characters percent-encoded, as AWS's SDKs
     * write it, since ids hold {@code :} ({@code anthropic.claude-sonnet-4-5-20250929-v1:0}) and ARNs {@code /}.
     */
    static String pathSegment(String model) {
        StringBuilder out = new StringBuilder(model.length() + 8);
        for (byte b : model.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "BedrockProvider[" + config.name() + " " + config.baseUrl() + " auth=" + auth.mode() + "]";
    }
}
