package dev.aiproxy.routing.pipeline;

import static java.util.Objects.requireNonNull;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.spi.Operation;
import dev.aiproxy.routing.RequestContext;
import dev.aiproxy.routing.config.ClientConfig;
import dev.aiproxy.routing.config.GatewayConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * One request as the {@link Interceptor} steps see it: who sent it, in which format, to do what, for which model,
 * and where that model routes. Immutable: a step changes the request by passing a changed copy to {@code proceed}.
 */
public final class Call {
    private final GatewayConfig config;
    private final RequestContext context;
    private final ApiFormat format;
    private final Operation operation;
    private final String model;
    private final boolean stream;
    private final byte[] body;
    private final ChatRequest request;
    private final Map<String, String> upstreamHeaders;
    private final Map<Class<?>, Object> tags;
    private final Function<String, ResolvedRoute> routes;

    private Call(GatewayConfig config, RequestContext context, ApiFormat format, Operation operation, String model,
            boolean stream, byte[] body, ChatRequest request, Map<String, String> upstreamHeaders,
            Map<Class<?>, Object> tags, Function<String, ResolvedRoute> routes) {
        this.config = requireNonNull(config, "config");
        this.context = requireNonNull(context, "context");
        this.format = format;
        this.operation = requireNonNull(operation, "operation");
        this.model = requireNonNull(model, "model");
        this.stream = stream;
        this.body = body;
        this.request = request;
        this.upstreamHeaders = upstreamHeaders;
        this.tags = tags;
        this.routes = requireNonNull(routes, "routes");
    }

    /**
     * A request in a client's wire format, as the server receives it.
     *
     * @param body the client's bytes, which are never modified
     * @param routes where a model name routes; throws {@link dev.aiproxy.api.error.ModelNotFoundException} for a name
     *     that does not
     */
    public static Call wire(GatewayConfig config, RequestContext context, ApiFormat format, Operation operation,
            String model, boolean stream, byte[] body, Function<String, ResolvedRoute> routes) {
        return new Call(config, context, requireNonNull(format, "format"), operation, model, stream,
                requireNonNull(body, "body"), null, Map.of(), Map.of(), routes);
    }

    /** A typed, in-process request. */
    public static Call typed(GatewayConfig config, RequestContext context, ChatRequest request, boolean stream,
            Function<String, ResolvedRoute> routes) {
        return new Call(config, context, null, Operation.GENERATE, request.model(), stream, null,
                requireNonNull(request, "request"), Map.of(), Map.of(), routes);
    }

    /** The config this request is served with: the one live when it arrived, whatever reloads happen meanwhile. */
    public GatewayConfig config() {
        return config;
    }

    /** Who sent the request, and its headers. */
    public RequestContext context() {
        return context;
    }

    /** The client the request authenticated as. */
    public ClientConfig client() {
        return context.client();
    }

    /** The client's wire format, or null for a typed, in-process call. */
    public ApiFormat format() {
        return format;
    }

    /** What the request asks for: an answer ({@link Operation#GENERATE}) or a token count. */
    public Operation operation() {
        return operation;
    }

    /** The model name the request is routed by: the client's, unless a step changed it. */
    public String model() {
        return model;
    }

    /** Whether the client asked for a streamed answer. */
    public boolean stream() {
        return stream;
    }

    /** The client's request body as it arrived, for a wire call (do not modify it); null for a typed call. */
    public byte[] body() {
        return body;
    }

    /** The typed request of an in-process call; null for a wire call. */
    public ChatRequest request() {
        return request;
    }

    /**
     * Where {@link #model()} routes now.
     *
     * @throws dev.aiproxy.api.error.ModelNotFoundException when no provider serves it
     */
    public ResolvedRoute route() {
        return routes.apply(model);
    }

    /** Headers added to every upstream call of this request, after the config's own. */
    public Map<String, String> upstreamHeaders() {
        return upstreamHeaders;
    }

    /** The value a step attached under {@code type}, or null. */
    public <T> T tag(Class<T> type) {
        return type.cast(tags.get(type));
    }

    /**
     * This request routed by another model name. Steps after the gateway's client policy are trusted: the client's
     * allowed models are not checked again.
     */
    public Call withModel(String model) {
        return new Call(config, context, format, operation, requireNonNull(model, "model"), stream, body, request,
                upstreamHeaders, tags, routes);
    }

    /**
     * This request with a header added to every upstream call it makes. Headers that frame the HTTP message
     * ({@code Content-Length}, {@code Host}, ...) are refused when the call is made.
     */
    public Call withUpstreamHeader(String name, String value) {
        Map<String, String> headers = new LinkedHashMap<>(upstreamHeaders);
        headers.put(requireNonNull(name, "name"), requireNonNull(value, "value"));
        return new Call(config, context, format, operation, model, stream, body, request,
                Collections.unmodifiableMap(headers), tags, routes);
    }

    /** This request with a value attached for later steps, found with {@link #tag}. */
    public <T> Call withTag(Class<T> type, T value) {
        Map<Class<?>, Object> attached = new LinkedHashMap<>(tags);
        attached.put(requireNonNull(type, "type"), requireNonNull(value, "value"));
        return new Call(config, context, format, operation, model, stream, body, request, upstreamHeaders,
                Collections.unmodifiableMap(attached), routes);
    }

    @Override
    public String toString() {
        return "Call[" + (format == null ? "typed" : format.id()) + " " + operation + " " + model
                + (stream ? " (stream)" : "") + " for " + context.client().name() + "]";
    }
}
