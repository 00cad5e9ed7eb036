package dev.aiproxy.translate;

import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.ContentPart;
import dev.aiproxy.api.model.Image;
import dev.aiproxy.api.model.Message;
import dev.aiproxy.api.model.Text;
import dev.aiproxy.api.model.Thinking;
import dev.aiproxy.api.model.ToolCall;
import dev.aiproxy.api.model.ToolResult;
import dev.aiproxy.api.model.ToolSpec;

/**
 * The gateway's one estimate of a request's input tokens, for wherever no upstream counts them: {@code count_tokens}
 * and {@code :countTokens} when the upstream has no count endpoint (OpenAI-compatible ones), and the usage the offline
 * echo model reports, so that the two agree for the same input; also the rate limits of typed in-process calls. About four characters a
 * token for text (rounded up), as OpenAI's tokenizer averages on English; four tokens of framing per message; a flat
 * 1,000 per image; a tool's name, description and parameter schema counted as text. An estimate, documented as one
 * (docs/api.md, "Token counts"). Stateless and thread-safe.
 */
public final class TokenEstimator {
    /** The tokens a message's role and framing cost, besides its content. */
    public static final int PER_MESSAGE = 4;
    /** Roughly what a 1024x1024 image costs at OpenAI's and Anthropic's rates. */
    public static final int PER_IMAGE = 1_000;

    private TokenEstimator() {
    }

    /** The estimated input tokens of {@code request}: its messages and tools, as the upstream would be sent them. */
    public static long estimate(ChatRequest request) {
        long chars = 0;
        long tokens = 0;
        for (Message message : request.messages()) {
            tokens += PER_MESSAGE;
            for (ContentPart part : message.content()) {
                switch (part) {
                    case Text t -> chars += t.text().length();
                    case Image ignored -> tokens += PER_IMAGE;
                    case ToolCall call -> chars += call.name().length() + call.argumentsJson().length();
                    case ToolResult result -> chars += Text.join(result.content()).length();
                    case Thinking thinking -> chars += thinking.text().length();
                }
            }
        }
        for (ToolSpec tool : request.tools()) {
            chars += tool.name().length() + (tool.description() == null ? 0 : tool.description().length())
                    + tool.parametersJson().length();
        }
        return tokens + (chars + 3) / 4;
    }

    /** The estimated tokens of a text, such as an answer: four characters a token, rounded up. */
    public static long estimate(String text) {
        return (text.length() + 3) / 4;
    }
}
