package dev.aiproxy.routing.internal.client;

import dev.aiproxy.api.error.ModelNotFoundException;
import dev.aiproxy.api.error.PermissionDeniedException;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.Message;
import dev.aiproxy.api.model.Role;
import dev.aiproxy.routing.ModelInfo;
import dev.aiproxy.routing.config.ClientConfig;
import dev.aiproxy.routing.config.SystemPrompt;
import dev.aiproxy.routing.internal.route.Candidate;
import dev.aiproxy.routing.internal.route.Globs;
import dev.aiproxy.routing.internal.route.ModelRegistry;
import dev.aiproxy.routing.pipeline.ResolvedRoute;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** What a client's settings mean for a request: the models it may use, its pinned provider, its system prompt. */
public final class ClientPolicies {
    private ClientPolicies() {
    }

    /** Whether the client may use the model: some allowed glob matches its name. */
    public static boolean allows(ClientConfig client, String model) {
        for (String glob : client.allowedModels()) {
            if (Globs.matches(glob, model)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @throws PermissionDeniedException (403) when the client may not use the model
     */
    public static void requireAllowed(ClientConfig client, String model) {
        if (!allows(client, model)) {
            throw new PermissionDeniedException("client '" + client.name() + "' may not use the model '" + model
                    + "'");
        }
    }

    /** The models a client may see: allowed, and served by its pinned provider if it has one. */
    public static List<ModelInfo> visible(ClientConfig client, ModelRegistry registry) {
        if (client.allowedModels().contains("*") && client.provider() == null) {
            return registry.models();
        }
        Predicate<Candidate> eligible = eligible(client);
        return registry.models().stream().filter(m -> allows(client, m.id())
                && registry.find(m.id()).map(r -> r.candidates().stream().anyMatch(eligible)).orElse(false)).toList();
    }

    /** The candidates a client's requests may use: all, or those of its pinned provider. */
    public static Predicate<Candidate> eligible(ClientConfig client) {
        String pinned = client.provider();
        return pinned == null ? c -> true : c -> pinned.equals(c.providerName());
    }

    /** @throws ModelNotFoundException when the pinned provider does not serve the model */
    public static void requireServed(ClientConfig client, ResolvedRoute route) {
        String pinned = client.provider();
        if (pinned != null && route.targets().stream().noneMatch(t -> pinned.equals(t.provider()))) {
            throw new ModelNotFoundException(route.model(), "The model '" + route.model() + "' is not served by "
                    + "the provider '" + client.provider() + "' that client '" + client.name() + "' is pinned to");
        }
    }

    /** The request with a system prompt (a client's, a provider's) put in front of, or instead of, its own. */
    public static ChatRequest withSystemPrompt(SystemPrompt prompt, ChatRequest request) {
        if (prompt == null) {
            return request;
        }
        List<Message> messages = new ArrayList<>();
        messages.add(Message.system(prompt.text()));
        for (Message m : request.messages()) {
            if (prompt.mode() == SystemPrompt.Mode.PREPEND || m.role() != Role.SYSTEM) {
                messages.add(m);
            }
        }
        return request.toBuilder().messages(messages).build();
    }
}
