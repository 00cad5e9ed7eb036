package dev.aiproxy.routing.internal.conversation;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.ChatResponse;
import dev.aiproxy.routing.config.Limits;
import dev.aiproxy.routing.state.ConversationStore;

/**
 * What a client format needs the gateway to remember between requests. Only the OpenAI Responses API is stateful (a
 * client may continue with {@code previous_response_id}); every other format carries the whole conversation in each
 * request and gets {@link #NONE}.
 */
public interface ConversationState {

    /** The request with whatever the client left for the gateway to remember put back in. */
    ChatRequest restore(ChatRequest request);

    /**
     * Whether the request continues a conversation the gateway keeps, which only {@link #restore} can put back: such a
     * request cannot pass through, not even to an upstream of its own format, which would not know the id. Any other
     * reference (an upstream's own response id) is the upstream's to resolve.
     *
     * @param decoded the request decoded, asked for only when the body may refer to an earlier answer
     */
    boolean continuesKept(byte[] body, java.util.function.Supplier<ChatRequest> decoded);

    /** The id to show the client for an answer the upstream called {@code upstreamId}. */
    String responseId(String upstreamId);

    /** Whether {@link #remember} needs the finished answer (a stream is then folded as it passes). */
    boolean remembers(ChatRequest request);

    /**
     * A fold for a streamed answer {@link #remembers remembered}: what it gives once the stream is whole goes to
     * {@link #remember}; it lets go of an answer too large to remember.
     */
    AnswerFold newFold();

    /**
     * Keeps what a later request may refer to; {@code response} carries the id the client saw, {@code object} the
     * answer as the client was shown it whole (for a stream, its whole answer encoded at its end), to be read again
     * by id. An answer or a conversation past the limits is not kept.
     */
    void remember(ChatRequest request, ChatResponse response, byte[] object);

    ConversationState NONE = new ConversationState() {
        @Override
        public ChatRequest restore(ChatRequest request) {
            return request;
        }

        @Override
        public boolean continuesKept(byte[] body, java.util.function.Supplier<ChatRequest> decoded) {
            return false;
        }

        @Override
        public String responseId(String upstreamId) {
            return upstreamId;
        }

        @Override
        public boolean remembers(ChatRequest request) {
            return false;
        }

        @Override
        public AnswerFold newFold() {
            throw new IllegalStateException("nothing is remembered for this format");
        }

        @Override
        public void remember(ChatRequest request, ChatResponse response, byte[] object) {
        }
    };

    /** The state a client format needs, within the config's limits, for one request of {@code client}. */
    static ConversationState of(ApiFormat format, ConversationStore history, Limits limits, String client) {
        return format == ApiFormat.OPENAI_RESPONSES ? new ResponsesConversationState(history, limits, client) : NONE;
    }
}
