package dev.aiproxy.server.matrix;

/**
 * An SDK whose format can send a model's thinking back in a later turn (Anthropic's thinking blocks, Gemini's thought
 * parts, a Responses reasoning item); OpenAI Chat has no place for it.
 */
interface ThinkingConversation extends MatrixClient {
    /** The question of the thinking conversation's first turn. */
    String THINK = "Think it through: what does Occam's razor say?";
    /** The question of its second turn, asked of another model, maybe of another provider. */
    String CONTINUE = "And give me one everyday example.";

    /**
     * Asks {@link #THINK} of {@code firstModel}, whose answer carries thinking, then sends that answer back, as this
     * SDK represents it, with {@link #CONTINUE} to {@code secondModel}; returns the second answer's text.
     */
    String continueAfterThinking(String firstModel, String secondModel);
}
