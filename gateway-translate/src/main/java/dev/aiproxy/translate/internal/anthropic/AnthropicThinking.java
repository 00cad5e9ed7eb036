package dev.aiproxy.translate.internal.anthropic;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.error.InvalidRequestException;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.ContentPart;
import dev.aiproxy.api.model.Message;
import dev.aiproxy.api.model.Reasoning;
import dev.aiproxy.api.model.Role;
import dev.aiproxy.api.model.Text;
import dev.aiproxy.api.model.Thinking;
import dev.aiproxy.api.model.ToolCall;
import dev.aiproxy.api.model.ToolChoice;
import dev.aiproxy.translate.internal.Signatures;
import java.util.List;

/**
 * Turns canonical {@link Reasoning} into Anthropic's {@code thinking} parameter and the {@code max_tokens} that goes
 * with it, per https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking: the budget must be at least
 * 1024 and below {@code max_tokens}, and thinking cannot be combined with a forced tool choice.
 */
final class AnthropicThinking {
    /** {@code max_tokens} when the request sets none: Anthropic requires the field, other formats do not. */
    static final int DEFAULT_MAX_TOKENS = 4096;
    /** The smallest {@code budget_tokens} Anthropic accepts. */
    static final int MIN_BUDGET = 1024;

    /**
     * What to send.
     *
     * @param budgetTokens the thinking budget; 0 for {@code {"type":"disabled"}}; null to send no {@code thinking}
     * @param maxTokens the {@code max_tokens} to send
     */
    record Plan(Integer budgetTokens, int maxTokens) {
        boolean enabled() {
            return budgetTokens != null && budgetTokens > 0;
        }
    }

    private AnthropicThinking() {
    }

    static Plan plan(ChatRequest request) {
        int maxTokens = request.maxOutputTokens() != null ? request.maxOutputTokens() : DEFAULT_MAX_TOKENS;
        Integer budget = budget(request.reasoning());
        if (budget == null) {
            return new Plan(null, maxTokens);
        }
        if (budget <= 0) {
            return new Plan(0, maxTokens);
        }
        if (forcesTool(request) || !lastToolTurnStartsWithThinking(request.messages())) {
            return new Plan(null, maxTokens);
        }
        budget = Math.max(budget, MIN_BUDGET);
        // the budget counts against max_tokens: keep the room the client asked for, for the answer itself
        return new Plan(budget, maxTokens > budget ? maxTokens : budget + maxTokens);
    }

    /**
     * An effort becomes a budget: none 0 (disabled), minimal 1024, low 2048, medium 8192, high 24576.
     *
     * @throws InvalidRequestException for an effort with no budget
     */
    static Integer budget(Reasoning reasoning) {
        if (reasoning == null) {
            return null;
        }
        if (reasoning.budgetTokens() != null) {
            return reasoning.budgetTokens();
        }
        if (reasoning.effort() == null) {
            return null;
        }
        return switch (reasoning.effort()) {
            case "none" -> 0;
            case "minimal" -> MIN_BUDGET;
            case "low" -> 2048;
            case "medium" -> 8192;
            case "high" -> 24576;
            default -> throw new InvalidRequestException("reasoning effort '" + reasoning.effort()
                    + "' has no Anthropic thinking budget (expected none, minimal, low, medium or high)",
                    "reasoning_effort", null);
        };
    }

    /** "Tool use with thinking only supports tool_choice auto or none": a forced tool wins over thinking. */
    private static boolean forcesTool(ChatRequest request) {
        return !request.tools().isEmpty() && (request.toolChoice() instanceof ToolChoice.Required
                || request.toolChoice() instanceof ToolChoice.Named);
    }

    /**
     * With thinking on, Anthropic rejects a tool loop whose last assistant turn does not start with a thinking block
     * ("Expected thinking or redacted_thinking, but found tool_use"). A conversation begun on another provider has no
     * such block, so thinking is left off until the loop ends.
     */
    private static boolean lastToolTurnStartsWithThinking(List<Message> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            Message message = messages.get(i);
            if (message.role() != Role.ASSISTANT) {
                continue;
            }
            if (message.content().stream().noneMatch(ToolCall.class::isInstance)) {
                return true;
            }
            for (ContentPart part : message.content()) {
                if (part instanceof Thinking t && Signatures.sendableTo(t, ApiFormat.ANTHROPIC_MESSAGES)) {
                    return true;
                }
                boolean skipped = part instanceof Thinking || part instanceof Text text && text.text().isEmpty();
                if (!skipped) {
                    return false;
                }
            }
            return false;
        }
        return true;
    }
}
