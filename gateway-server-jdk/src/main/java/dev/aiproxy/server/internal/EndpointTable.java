package dev.aiproxy.server.internal;

import com.sun.net.httpserver.Headers;
import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.error.InvalidRequestException;
import dev.aiproxy.api.error.NotFoundException;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.GatewayResponse;
import dev.aiproxy.routing.RawRequest;
import java.net.URI;
import java.time.Instant;
import java.util.Map;

/**
 * Every path the server answers, for the four client APIs:
 * <ul>
 *   <li>OpenAI: {@code POST /v1/chat/completions}, {@code POST /v1/responses}, {@code GET} and {@code DELETE
 *       /v1/responses/{id}} (the answers kept for {@code previous_response_id}), {@code GET /v1/models[/{id}]};</li>
 *   <li>Anthropic: {@code POST /v1/messages}, {@code POST /v1/messages/count_tokens}, and {@code GET /v1/models} in
 *       Anthropic's shape when the request carries {@code anthropic-version};</li>
 *   <li>Gemini, under both {@code /v1beta} and {@code /v1} (the GenAI SDK's default): {@code POST
 *       models/{model}:generateContent}, {@code :streamGenerateContent} (SSE with {@code alt=sse}, else a JSON array),
 *       {@code :countTokens}, {@code GET models[/{model}]};
 *       {@code /v1/models} answers in Gemini's shape when the key comes as {@code x-goog-api-key} or {@code ?key=};</li>
 *   <li>{@code GET /health}.</li>
 * </ul>
 * The same paths also work without the {@code /v1} prefix, for clients configured with a bare base URL.
 */
final class EndpointTable {
    private final Map<String, Endpoint> exact;
    private final ModelLists lists;
    private final Gateway gateway;

    EndpointTable(Gateway gateway) {
        this.gateway = gateway;
        this.lists = new ModelLists(gateway, Instant.now());
        Endpoint chat = generate(ApiFormat.OPENAI_CHAT);
        Endpoint responses = generate(ApiFormat.OPENAI_RESPONSES);
        Endpoint messages = generate(ApiFormat.ANTHROPIC_MESSAGES);
        Endpoint countTokens = new Endpoint("POST", ApiFormat.ANTHROPIC_MESSAGES, true, (exchange, config, context) ->
                gateway.countTokens(new RawRequest(ApiFormat.ANTHROPIC_MESSAGES,
                        RequestBodies.read(exchange, config.limits().maxRequestBodyBytes()), null, null, context)));
        Endpoint geminiList = new Endpoint("GET", ApiFormat.GEMINI, true, (exchange, config, context) -> lists.geminiList(context.client()));
        this.exact = Map.ofEntries(
                Map.entry("/v1/chat/completions", chat),
                Map.entry("/chat/completions", chat),
                Map.entry("/v1/responses", responses),
                Map.entry("/responses", responses),
                Map.entry("/v1/messages", messages),
                Map.entry("/messages", messages),
                Map.entry("/v1/messages/count_tokens", countTokens),
                Map.entry("/messages/count_tokens", countTokens),
                Map.entry("/v1beta/models", geminiList),
                Map.entry("/health", HealthEndpoint.of(gateway)));
    }

    /** {@code GET} or {@code DELETE /v1/responses/{id}}; any other method is told to use {@code GET}. */
    private Endpoint storedResponse(String method, String id) {
        if (method.equals("DELETE")) {
            return new Endpoint("DELETE", ApiFormat.OPENAI_RESPONSES, true,
                    (exchange, config, context) -> gateway.deleteResponse(context, id));
        }
        return new Endpoint("GET", ApiFormat.OPENAI_RESPONSES, true,
                (exchange, config, context) -> gateway.retrieveResponse(context, id));
    }

    private Endpoint generate(ApiFormat format) {
        return new Endpoint("POST", format, true, (exchange, config, context) -> gateway.handle(new RawRequest(
                format, RequestBodies.read(exchange, config.limits().maxRequestBodyBytes()), null, null, context)));
    }

    /** The endpoint for a request, or null when the path is unknown. */
    Endpoint find(String method, String path, Headers headers, URI uri) {
        Endpoint endpoint = exact.get(path);
        if (endpoint != null) {
            return endpoint;
        }
        for (String prefix : new String[] {"/v1/responses/", "/responses/"}) {
            if (path.startsWith(prefix) && path.length() > prefix.length()
                    && path.indexOf('/', prefix.length()) < 0) {
                // a browser's preflight asks for the method it means to send
                String wanted = method.equals("OPTIONS") && headers.containsKey("Access-Control-Request-Method")
                        ? headers.getFirst("Access-Control-Request-Method") : method;
                return storedResponse(wanted, path.substring(prefix.length()));
            }
        }
        if (path.equals("/v1/models") || path.equals("/models")) {
            return modelList(clientFormat(headers, uri));
        }
        for (String prefix : new String[] {"/v1beta/models/", "/v1/models/", "/models/"}) {
            if (path.startsWith(prefix) && path.length() > prefix.length()) {
                String rest = path.substring(prefix.length());
                ApiFormat format = prefix.equals("/v1beta/models/") ? ApiFormat.GEMINI : clientFormat(headers, uri);
                return rest.indexOf(':') >= 0 ? geminiAction(rest) : model(format, rest);
            }
        }
        return null;
    }

    /** The format errors of an unknown path are written in, guessed from the path. */
    static ApiFormat errorFormatFor(String path) {
        if (path.startsWith("/v1beta/")) {
            return ApiFormat.GEMINI;
        }
        if (path.startsWith("/v1/messages") || path.startsWith("/messages")) {
            return ApiFormat.ANTHROPIC_MESSAGES;
        }
        return ApiFormat.OPENAI_CHAT;
    }

    /** Which SDK sent a request to a shared path: its key header tells. */
    private static ApiFormat clientFormat(Headers headers, URI uri) {
        if (headers.containsKey("x-goog-api-key") || (uri.getRawQuery() != null
                && ("&" + uri.getRawQuery()).contains("&key="))) {
            return ApiFormat.GEMINI;
        }
        if (headers.containsKey("anthropic-version")) {
            return ApiFormat.ANTHROPIC_MESSAGES;
        }
        return ApiFormat.OPENAI_CHAT;
    }

    private Endpoint modelList(ApiFormat format) {
        return new Endpoint("GET", format, true, (exchange, config, context) -> switch (format) {
            case GEMINI -> lists.geminiList(context.client());
            case ANTHROPIC_MESSAGES -> lists.anthropicList(context.client());
            case OPENAI_CHAT, OPENAI_RESPONSES -> lists.openAiList(context.client());
            case BEDROCK_CONVERSE -> throw new IllegalStateException("no client endpoint speaks " + format.id());
        });
    }

    private Endpoint model(ApiFormat format, String id) {
        return new Endpoint("GET", format, true, (exchange, config, context) -> switch (format) {
            case GEMINI -> lists.geminiModel(context.client(), id);
            case ANTHROPIC_MESSAGES -> lists.anthropicModel(context.client(), id);
            case OPENAI_CHAT, OPENAI_RESPONSES -> lists.openAiModel(context.client(), id);
            case BEDROCK_CONVERSE -> throw new IllegalStateException("no client endpoint speaks " + format.id());
        });
    }

    /** The {@code alt} query parameter: {@code json}, Google's default, when it is absent. */
    private static String alt(URI uri) {
        String query = uri.getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith("alt=")) {
                    return java.net.URLDecoder.decode(pair.substring(4), java.nio.charset.StandardCharsets.UTF_8);
                }
            }
        }
        return "json";
    }

    /**
     * {@code {model}:generateContent}, {@code :streamGenerateContent} (server-sent events with {@code alt=sse}, else a
     * JSON array: {@link GeminiJsonArrayStream}), {@code :countTokens}.
     */
    private Endpoint geminiAction(String rest) {
        int colon = rest.lastIndexOf(':');
        String model = rest.substring(0, colon);
        String action = rest.substring(colon + 1);
        return new Endpoint("POST", ApiFormat.GEMINI, true, (exchange, config, context) -> {
            if (model.isEmpty()) {
                throw new InvalidRequestException("the URL names no model: expected models/{model}:" + action);
            }
            byte[] body = RequestBodies.read(exchange, config.limits().maxRequestBodyBytes());
            return switch (action) {
                case "generateContent" -> gateway.handle(new RawRequest(ApiFormat.GEMINI, body, model, false, context));
                case "streamGenerateContent" -> {
                    String alt = alt(exchange.getRequestURI());
                    if (!alt.equals("sse") && !alt.equals("json")) {
                        throw new InvalidRequestException("unsupported alt='" + alt + "' for streamGenerateContent "
                                + "(supported: sse, json)");
                    }
                    GatewayResponse answer = gateway.handle(new RawRequest(ApiFormat.GEMINI, body, model, true,
                            context));
                    // without alt=sse, Gemini answers with the same chunks as one JSON array (alt=json, the default)
                    yield alt.equals("sse") ? answer
                            : GeminiJsonArrayStream.of(answer, config.limits().maxStreamEventBytes());
                }
                case "countTokens" -> gateway.countTokens(new RawRequest(ApiFormat.GEMINI, body, model, false, context));
                default -> throw new NotFoundException("unknown method '" + action + "' (supported: generateContent, "
                        + "streamGenerateContent, countTokens)");
            };
        });
    }
}
