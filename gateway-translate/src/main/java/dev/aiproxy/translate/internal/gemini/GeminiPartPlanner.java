package dev.aiproxy.translate.internal.gemini;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.model.ContentPart;
import dev.aiproxy.api.model.Image;
import dev.aiproxy.api.model.Text;
import dev.aiproxy.api.model.Thinking;
import dev.aiproxy.api.model.ToolCall;
import dev.aiproxy.api.model.ToolResult;
import dev.aiproxy.translate.internal.Signatures;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Plans the Gemini parts of one turn or answer from canonical content. A thinking block with text becomes a thought
 * part; an empty one that only carries a signature (how the decoder keeps a signature Gemini put on a text part)
 * goes back onto the text part next to it, so Gemini gets the signature on the part it came with
 * (https://ai.google.dev/gemini-api/docs/thought-signatures).
 */
final class GeminiPartPlanner {
    /** Who reads the parts, which decides what happens to thinking blocks. */
    enum Audience {
        /**
         * Gemini: a thinking block goes only if Gemini signed it ({@link Signatures#sendableTo}); a function call
         * with no signature in a step where none has one gets Google's documented placeholder.
         */
        UPSTREAM,
        /** A client: every thinking block is shown, its signature wrapped when another provider made it. */
        CLIENT
    }

    private GeminiPartPlanner() {
    }

    /**
     * @param resultName the function name for a tool result (upstream only; null for a client's answer)
     */
    static List<GeminiPart> plan(List<ContentPart> content, Audience audience,
            Function<ToolResult, String> resultName) {
        List<GeminiPart> out = new ArrayList<>(content.size());
        boolean anyCallSigned = false;
        for (ContentPart part : content) {
            anyCallSigned |= part instanceof ToolCall c && c.signature() != null;
        }
        boolean placeholderUsed = false;
        for (ContentPart part : content) {
            switch (part) {
                case Text t -> {
                    if (!t.text().isEmpty()) {
                        out.add(new GeminiPart.TextPart(t.text(), false, null));
                    }
                }
                case Thinking thinking -> thinking(thinking, audience, out);
                case ToolCall call -> {
                    String signature = call.signature();
                    if (signature == null && audience == Audience.UPSTREAM && !anyCallSigned && !placeholderUsed) {
                        signature = GeminiToolCalls.FOREIGN_CALL_SIGNATURE;
                        placeholderUsed = true;
                    }
                    out.add(new GeminiPart.CallPart(call, signature));
                }
                case Image image -> out.add(new GeminiPart.MediaPart(image));
                case ToolResult result -> {
                    if (resultName != null) {
                        out.add(new GeminiPart.ResultPart(result, resultName.apply(result)));
                    }
                }
            }
        }
        return attachSignatures(out);
    }

    private static void thinking(Thinking thinking, Audience audience, List<GeminiPart> out) {
        String signature;
        if (audience == Audience.UPSTREAM) {
            if (!Signatures.sendableTo(thinking, ApiFormat.GEMINI) || thinking.signature() == null) {
                return;
            }
            signature = thinking.signature();
        } else {
            signature = Signatures.forClient(thinking, ApiFormat.GEMINI);
        }
        if (thinking.text().isEmpty()) {
            if (signature != null) {
                out.add(new GeminiPart.TextPart("", false, signature));
            }
            return;
        }
        out.add(new GeminiPart.TextPart(thinking.text(), true, signature));
    }

    /** Moves each signature-only part onto the unsigned text part after it, else the one before it. */
    private static List<GeminiPart> attachSignatures(List<GeminiPart> parts) {
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i) instanceof GeminiPart.TextPart only && only.isSignatureOnly()) {
                int target = unsignedText(parts, i + 1) ? i + 1 : unsignedText(parts, i - 1) ? i - 1 : -1;
                if (target >= 0) {
                    GeminiPart.TextPart text = (GeminiPart.TextPart) parts.get(target);
                    parts.set(target, text.withSignature(only.signature()));
                    parts.remove(i);
                    i--;
                }
            }
        }
        return parts;
    }

    private static boolean unsignedText(List<GeminiPart> parts, int index) {
        return index >= 0 && index < parts.size() && parts.get(index) instanceof GeminiPart.TextPart t
                && !t.thought() && t.signature() == null && !t.text().isEmpty();
    }
}
