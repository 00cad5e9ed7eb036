package dev.aiproxy.routing.internal.limits;

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
 * Estimates a request's input tokens when its upstream cannot count them (OpenAI-compatible upstreams have no count
 * endpoint): about four characters a token for text, as OpenAI's tokenizer averages on English, a few tokens of
 * framing per message, and a flat cost per image. An estimate, documented as one.
 */
public final class TokenEstimator {
    static final int PER_MESSAGE = 4;
    /** Roughly what a 1024x1024 image costs at OpenAI's and Anthropic's rates. */
    static final int PER_IMAGE = 1_000;

    private TokenEstimator() {
    }

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
}
