package dev.aiproxy.providers.gemini;

import dev.aiproxy.api.error.InvalidRequestException;
import dev.aiproxy.api.spi.Operation;
import dev.aiproxy.providers.http.UpstreamHttp;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Gemini's method URLs: {@code {base}/{version}/models/{model}:{method}}. The version is {@code v1beta}, where every
 * feature the codec uses lives, unless the base URL already ends in {@code /v1beta} or {@code /v1}.
 */
final class GeminiUrls {
    private static final String HEX = "0123456789ABCDEF";

    private GeminiUrls() {
    }

    /**
     * The URL of one call.
     *
     * @param model a model id such as {@code gemini-2.5-flash}, optionally as the resource name
     *     {@code models/gemini-2.5-flash}, or a tuned model {@code tunedModels/<id>}
     * @throws InvalidRequestException when the model is empty or holds a {@code /} beyond its resource prefix, which
     *     would address another resource than a model
     */
    static URI of(URI base, String model, Operation operation, boolean stream) {
        if (operation == Operation.LIST_MODELS) {
            // the largest page (https://ai.google.dev/api/models#method:-models.list: pageSize, at most 1000, 50 by
            // default), so that one call has every model
            return UpstreamHttp.resolve(base, versioned(base) + "/models?pageSize=1000");
        }
        String path = versioned(base) + "/" + resource(model) + switch (operation) {
            case GENERATE -> stream ? ":streamGenerateContent?alt=sse" : ":generateContent";
            case COUNT_TOKENS -> ":countTokens";
            case LIST_MODELS -> throw new IllegalStateException("a model list has no model in its URL");
        };
        return UpstreamHttp.resolve(base, path);
    }

    private static String versioned(URI base) {
        String path = base.getPath() == null ? "" : base.getPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path.endsWith("/v1beta") || path.endsWith("/v1") ? "" : "/v1beta";
    }

    private static String resource(String model) {
        String collection = "models";
        String id = model;
        if (model.startsWith("models/")) {
            id = model.substring("models/".length());
        } else if (model.startsWith("tunedModels/")) {
            collection = "tunedModels";
            id = model.substring("tunedModels/".length());
        }
        if (id.isEmpty() || id.contains("/") || id.equals(".") || id.equals("..")) {
            throw new InvalidRequestException("model '" + model + "' is not a Gemini model id", "model", null);
        }
        return collection + "/" + encodeSegment(id);
    }

    /** Percent-encodes all but RFC 3986's unreserved characters, so a ':' or '?' cannot change the method. */
    static String encodeSegment(String segment) {
        StringBuilder out = new StringBuilder(segment.length());
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xf));
            }
        }
        return out.toString();
    }
}
