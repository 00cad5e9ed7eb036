package dev.aiproxy.routing.internal.conversation;

import dev.aiproxy.api.error.InvalidRequestException;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.ChatResponse;
import dev.aiproxy.api.model.Message;
import dev.aiproxy.api.model.Role;
import dev.aiproxy.routing.config.Limits;
import dev.aiproxy.routing.internal.bytes.ByteScan;
import java.nio.charset.StandardCharsets;
import dev.aiproxy.routing.state.ConversationStore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The Responses API's memory: {@code previous_response_id} puts the earlier conversation back in front of the new
 * input; {@code store: false} keeps an answer out of memory. As OpenAI documents, the earlier {@code instructions}
 * are not carried over: system messages are never remembered. An answer over {@code limits.max-remembered-answer}
 * is not remembered, and the history keeps at most {@code limits.max-conversation-store} bytes of conversations.
 */
final class ResponsesConversationState implements ConversationState {
    /**
     * The Responses codec keeps fields only Responses has as {@code openai-responses.<field>}, and those Chat
     * Completions shares as {@code openai.<field>}, in raw JSON.
     */
    static final String PREVIOUS_RESPONSE_ID = "openai-responses.previous_response_id";
    static final String STORE = "openai.store";

    private final ConversationStore history;
    private final Limits limits;
    private final String client;

    /** @param client the client whose request this is: only it may read or continue what is kept */
    ResponsesConversationState(ConversationStore history, Limits limits, String client) {
        this.history = history;
        this.limits = limits;
        this.client = client;
    }

    /** The field's name as it is written in a body: a body without it continues nothing. */
    private static final byte[] PREVIOUS_FIELD = "\"previous_response_id\"".getBytes(StandardCharsets.UTF_8);

    /**
     * A byte scan first, so that only a request that may continue something is decoded; then whether the id it
     * continues is one the gateway keeps for this client (an upstream's own id is not).
     */
    @Override
    public boolean continuesKept(byte[] body, Supplier<ChatRequest> decoded) {
        if (ByteScan.indexOf(body, PREVIOUS_FIELD) < 0) {
            return false;
        }
        String previous = previousId(decoded.get());
        return previous != null && history.find(previous, client).isPresent();
    }

    private static String previousId(ChatRequest request) {
        return request.extensions().get(PREVIOUS_RESPONSE_ID).map(ResponsesConversationState::unquote).orElse(null);
    }

    @Override
    public ChatRequest restore(ChatRequest request) {
        String previous = previousId(request);
        if (previous == null) {
            return request;
        }
        List<Message> earlier = history.find(previous, client).orElseThrow(() -> new InvalidRequestException(
                "Previous response with id '" + previous + "' not found.", "previous_response_id", null));
        List<Message> messages = new ArrayList<>();
        request.messages().stream().filter(m -> m.role() == Role.SYSTEM).forEach(messages::add);
        messages.addAll(earlier);
        request.messages().stream().filter(m -> m.role() != Role.SYSTEM).forEach(messages::add);
        return request.toBuilder().messages(messages)
                .extensions(request.extensions().without(PREVIOUS_RESPONSE_ID)).build();
    }

    @Override
    public String responseId(String upstreamId) {
        // the id is ours: the upstream's (a chat completion id, a message id) would not fit the Responses shape
        return "resp_" + java.util.UUID.randomUUID().toString().replace("-", "");
    }

    @Override
    public boolean remembers(ChatRequest request) {
        return !request.extensions().get(STORE).map(v -> v.equals("false")).orElse(false);
    }

    @Override
    public AnswerFold newFold() {
        return new AnswerFold(limits.maxRememberedAnswerBytes());
    }

    @Override
    public void remember(ChatRequest request, ChatResponse response, byte[] object) {
        if (!remembers(request)) {
            return;
        }
        Message answer = new Message(Role.ASSISTANT, response.content());
        if (ConversationSizes.of(answer) > limits.maxRememberedAnswerBytes()) {
            // a streamed answer this large was let go while it was folded; a whole one is treated alike
            return;
        }
        List<Message> conversation = new ArrayList<>();
        request.messages().stream().filter(m -> m.role() != Role.SYSTEM).forEach(conversation::add);
        conversation.add(answer);
        history.store(response.id(), conversation, object, client, limits.maxConversationStoreBytes());
    }

    private static String unquote(String json) {
        String v = json.strip();
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : null;
    }
}
