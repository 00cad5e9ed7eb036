package dev.aiproxy.translate.internal;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.model.Thinking;
import dev.aiproxy.api.model.ToolCall;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Keeps providers' signatures intact across formats. A signature is valid only for the provider that made it
 * (sending an Anthropic thinking signature to Gemini, or a changed one back to Anthropic, is a 400), so:
 * <ul>
 *   <li>a signature shown to a client of another format is wrapped as {@code gw1.<format id>.<signature>}, and
 *       unwrapped when the client sends it back, so the gateway knows where it came from;</li>
 *   <li>a thinking block goes upstream only to the format that signed it, with the signature unchanged, and is
 *       dropped for any other (its text would only confuse another model);</li>
 *   <li>a tool call's signature (Gemini's {@code thoughtSignature} on a {@code functionCall}) rides in the call id
 *       for clients whose format has no place for it: {@code <id>_gwsig_<base64url signature>}.</li>
 * </ul>
 */
public final class Signatures {
    private static final String PREFIX = "gw1.";
    private static final String TOOL_MARK = "_gwsig_";
    /** A wrapped signature as it starts a JSON string. */
    private static final byte[] WRAPPED = ("\"" + PREFIX).getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SIGNATURE_FIELD = "\"signature\"".getBytes(StandardCharsets.US_ASCII);

    private Signatures() {
    }

    /**
     * Whether a request body holds a signature the gateway wrapped ({@code "gw1.<format>.<signature>"}): one another
     * format made. A byte scan for the wrapper's start, no parse; a body without one costs one pass.
     */
    public static boolean wrappedIn(byte[] body) {
        return indexOf(body, WRAPPED, 0) >= 0;
    }

    /**
     * Whether a request body holds an empty {@code "signature": ""}, which is what the gateway shows an Anthropic
     * client for reasoning that nobody signed. A byte scan, no parse.
     */
    public static boolean emptySignatureIn(byte[] body) {
        int at = 0;
        while ((at = indexOf(body, SIGNATURE_FIELD, at)) >= 0) {
            int i = skipBlanks(body, at + SIGNATURE_FIELD.length);
            if (i < body.length && body[i] == ':') {
                i = skipBlanks(body, i + 1);
                if (i + 1 < body.length && body[i] == '"' && body[i + 1] == '"') {
                    return true;
                }
            }
            at += SIGNATURE_FIELD.length;
        }
        return false;
    }

    private static int skipBlanks(byte[] body, int from) {
        int i = from;
        while (i < body.length && (body[i] == ' ' || body[i] == '\n' || body[i] == '\r' || body[i] == '\t')) {
            i++;
        }
        return i;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        byte first = needle[0];
        int last = haystack.length - needle.length;
        outer:
        for (int i = from; i <= last; i++) {
            if (haystack[i] != first) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The signature to show a client of {@code clientFormat}, or null when the block has none. */
    public static String forClient(Thinking thinking, ApiFormat clientFormat) {
        if (thinking.signature() == null) {
            return null;
        }
        if (thinking.signedBy() == null || thinking.signedBy() == clientFormat) {
            return thinking.signature();
        }
        return PREFIX + thinking.signedBy().id() + "." + thinking.signature();
    }

    /** A thinking block a client of {@code clientFormat} sent, with its signer restored. */
    public static Thinking fromClient(String text, String signature, String redactedData, ApiFormat clientFormat) {
        if (signature != null && signature.startsWith(PREFIX)) {
            int dot = signature.indexOf('.', PREFIX.length());
            if (dot > 0) {
                try {
                    ApiFormat signer = ApiFormat.fromId(signature.substring(PREFIX.length(), dot));
                    return new Thinking(text, signature.substring(dot + 1), redactedData, signer);
                } catch (IllegalArgumentException notOurs) {
                    // not a wrapper the gateway wrote: keep it as the client's own
                }
            }
        }
        return new Thinking(text, signature, redactedData, signature == null && redactedData == null
                ? null : clientFormat);
    }

    /** Whether a thinking block may go to an upstream of {@code upstreamFormat}: only where it was signed. */
    public static boolean sendableTo(Thinking thinking, ApiFormat upstreamFormat) {
        return thinking.signedBy() == upstreamFormat && (thinking.signature() != null
                || thinking.redactedData() != null);
    }

    /** The id to show a client whose format cannot carry a tool call's signature. */
    public static String toolCallIdForClient(ToolCall call) {
        if (call.signature() == null) {
            return call.id();
        }
        return call.id() + TOOL_MARK + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(call.signature().getBytes(StandardCharsets.UTF_8));
    }

    /** A tool call a client sent back, with a signature carried in its id restored. */
    public static ToolCall toolCallFromClient(String id, String name, String argumentsJson) {
        int mark = id.indexOf(TOOL_MARK);
        if (mark < 0) {
            return new ToolCall(id, name, argumentsJson, null);
        }
        try {
            String signature = new String(Base64.getUrlDecoder().decode(id.substring(mark + TOOL_MARK.length())),
                    StandardCharsets.UTF_8);
            return new ToolCall(id.substring(0, mark), name, argumentsJson, signature);
        } catch (IllegalArgumentException notOurs) {
            return new ToolCall(id, name, argumentsJson, null);
        }
    }

    /** A tool call id as the upstream knows it: any signature the gateway put in it removed. */
    public static String plainToolCallId(String id) {
        int mark = id.indexOf(TOOL_MARK);
        return mark < 0 ? id : id.substring(0, mark);
    }
}
