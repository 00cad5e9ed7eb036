package dev.aiproxy.translate.internal.gemini;

import static java.util.Objects.requireNonNull;

import dev.aiproxy.api.model.Image;
import dev.aiproxy.api.model.ToolCall;
import dev.aiproxy.api.model.ToolResult;

/**
 * One Gemini {@code Part} about to be written, planned from canonical content by {@link GeminiPartPlanner} so that
 * signatures can be placed before anything is written.
 */
sealed interface GeminiPart {

    /** {@code {"text", "thought"?, "thoughtSignature"?}}. */
    record TextPart(String text, boolean thought, String signature) implements GeminiPart {
        public TextPart {
            requireNonNull(text, "text");
        }

        boolean isSignatureOnly() {
            return text.isEmpty() && !thought && signature != null;
        }

        TextPart withSignature(String newSignature) {
            return new TextPart(text, thought, newSignature);
        }
    }

    /** {@code {"functionCall", "thoughtSignature"?}}. */
    record CallPart(ToolCall call, String signature) implements GeminiPart {
    }

    /** {@code {"inlineData"}} or {@code {"fileData"}}. */
    record MediaPart(Image image) implements GeminiPart {
    }

    /** {@code {"functionResponse"}}; {@code name} is the function's, found where the result lacked it. */
    record ResultPart(ToolResult result, String name) implements GeminiPart {
    }
}
