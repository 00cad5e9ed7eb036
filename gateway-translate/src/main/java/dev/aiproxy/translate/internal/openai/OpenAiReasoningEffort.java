package dev.aiproxy.translate.internal.openai;

import dev.aiproxy.api.model.Reasoning;

/** OpenAI's reasoning {@code effort}, shared by the Chat Completions and Responses encoders. */
public final class OpenAiReasoningEffort {
    private OpenAiReasoningEffort() {
    }

    /**
     * The effort to send, or null when the request sets neither an effort nor a budget. OpenAI takes an effort, not a
     * budget: a budget maps to the effort whose typical spend it is nearest to; lossy, and documented in
     * docs/translation.md.
     */
    public static String of(Reasoning reasoning) {
        if (reasoning.effort() != null) {
            return reasoning.effort();
        }
        if (reasoning.budgetTokens() == null) {
            return null;
        }
        int budget = reasoning.budgetTokens();
        if (budget <= 0) {
            return "minimal";
        }
        return budget < 4096 ? "low" : budget < 16384 ? "medium" : "high";
    }
}
