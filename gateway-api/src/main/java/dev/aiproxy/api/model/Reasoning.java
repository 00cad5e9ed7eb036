package dev.aiproxy.api.model;

/**
 * How much the model should think before it answers: an effort level ({@code minimal|low|medium|high}, OpenAI's
 * {@code reasoning_effort}) or a token budget (Anthropic's {@code thinking.budget_tokens}, Gemini's
 * {@code thinkingBudget}). Either may be null; codecs convert one into the other where a format has only one.
 */
public record Reasoning(String effort, Integer budgetTokens, Boolean includeThoughts) {
}
