package dev.aiproxy.routing;

import static java.util.Objects.requireNonNull;

import dev.aiproxy.api.error.AuthenticationException;
import dev.aiproxy.api.error.GatewayException;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.ChatResponse;
import dev.aiproxy.api.model.StreamEvent;
import dev.aiproxy.routing.config.ClientConfig;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.routing.internal.exchange.ChatStreamPublisher;
import java.util.concurrent.Flow;

/**
 * A {@link Gateway}'s typed calls made as one of its config's clients ({@link Gateway#asClient}): the client's allowed
 * models, pinned provider, system prompt, rate limits and budget apply, and its name is in the usage records. For an
 * application that serves several tenants in-process. Thread-safe; cheap to make, so make one where needed.
 *
 * <pre>{@code
 * ChatResponse answer = gateway.asClient("team-a").chat(request);   // 429 once team-a's budget is spent
 * }</pre>
 */
public final class ClientGateway {
    private final Gateway gateway;
    private final String client;

    ClientGateway(Gateway gateway, String client) {
        this.gateway = gateway;
        this.client = client;
    }

    /** The client's name. */
    public String client() {
        return client;
    }

    /**
     * Sends a request and waits for the whole answer, as {@link Gateway#chat}.
     *
     * @throws GatewayException when the client may not use the model, a limit or budget refuses it, no provider serves
     *     the model, or the upstream fails; {@link AuthenticationException} when the config has no such client
     */
    public ChatResponse chat(ChatRequest request) {
        return gateway.chat(client, request);
    }

    /**
     * Starts a streamed answer, as {@link Gateway#stream(ChatRequest)}. Close the result.
     *
     * @throws GatewayException as {@link #chat} does, when the stream cannot start
     */
    public ChatStream stream(ChatRequest request) {
        return gateway.stream(client, request);
    }

    /** Streams an answer to a listener, as {@link Gateway#stream(ChatRequest, StreamListener)}. Never throws. */
    public void stream(ChatRequest request, StreamListener listener) {
        Gateway.deliver(() -> stream(request), listener);
    }

    /** A publisher of one streamed answer, as {@link Gateway#publisher}. */
    public Flow.Publisher<StreamEvent> publisher(ChatRequest request) {
        requireNonNull(request, "request");
        return new ChatStreamPublisher(() -> stream(request));
    }

    /** @throws AuthenticationException when the config has no client of that name */
    static ClientConfig lookUp(GatewayConfig config, String name) {
        ClientConfig found = config.client(name);
        if (found == null) {
            throw new AuthenticationException("the config has no client named '" + name + "' (gateway.asClient)");
        }
        return found;
    }
}
