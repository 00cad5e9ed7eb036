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
    private static final String REDACTED_PREFIX = "gw1r.";
    /** How both wrappers start when base64-encoded for a Gemini client ("gw1" is "Z3cx"). */
    private static final String BASE64_PREFIX = "Z3cx";
    private static final String TOOL_MARK = "_gwsig_";
    /** A wrapped signature as it starts a JSON string: plain, or base64 (no Gemini signature starts so: see below). */
    private static final byte[] WRAPPED = "\"gw1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] WRAPPED_BASE64 = ("\"" + BASE64_PREFIX).getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SIGNATURE_FIELD = "\"signature\"".getBytes(StandardCharsets.US_ASCII);

    private Signatures() {
    }

    /**
     * Whether a request body holds a signature the gateway wrapped ({@code "gw1.<format>.<signature>"}, {@code gw1r.}
     * for redacted thinking, or either base64-encoded for Gemini): one another format made. A byte scan for the
     * wrapper's start, no parse; a body without one costs one pass.
     */
    public static boolean wrappedIn(byte[] body) {
        // a real Gemini signature is a base64 protobuf message, whose first byte is never 'g' (0x67: wire type 7)
        for (int i = 0; i < body.length; i++) {
            if (body[i] == '"' && (startsAt(body, i, WRAPPED) || startsAt(body, i, WRAPPED_BASE64))) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsAt(byte[] body, int at, byte[] prefix) {
        if (at + prefix.length > body.length) {
            return false;
        }
        for (int j = 1; j < prefix.length; j++) {
            if (body[at + j] != prefix[j]) {
                return false;
            }
        }
        return true;
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

    /**
     * What a client of {@code clientFormat} is shown to send back for a thinking block, or null when there is nothing:
     * the signature as its maker wrote it, for a client of the maker's format; otherwise the gateway's wrapper,
     * {@code gw1.<format>.<signature>}, or {@code gw1r.<format>.<data>} for Anthropic's redacted thinking, which no
     * other format has a place for but a Responses reasoning item's {@code encrypted_content} or a Gemini
     * {@code thoughtSignature} can carry. Gemini's signatures are bytes (base64 in JSON; its SDKs decode them), so a
     * Gemini client gets the wrapper base64-encoded.
     */
    public static String forClient(Thinking thinking, ApiFormat clientFormat) {
        String wrapper;
        if (thinking.signature() != null) {
            if (thinking.signedBy() == null || thinking.signedBy() == clientFormat) {
                return thinking.signature();
            }
            wrapper = PREFIX + thinking.signedBy().id() + "." + thinking.signature();
        } else if (thinking.redactedData() != null && thinking.signedBy() != null
                && thinking.signedBy() != clientFormat) {
            wrapper = REDACTED_PREFIX + thinking.signedBy().id() + "." + thinking.redactedData();
        } else {
            return null;
        }
        return clientFormat == ApiFormat.GEMINI
                ? Base64.getEncoder().encodeToString(wrapper.getBytes(StandardCharsets.UTF_8)) : wrapper;
    }

    /** A thinking block a client of {@code clientFormat} sent, with its signer restored. */
    public static Thinking fromClient(String text, String signature, String redactedData, ApiFormat clientFormat) {
        String seal = signature != null && clientFormat == ApiFormat.GEMINI && signature.startsWith(BASE64_PREFIX)
                ? decodedWrapper(signature) : signature;
        for (String prefix : new String[] {PREFIX, REDACTED_PREFIX}) {
            if (seal != null && seal.startsWith(prefix)) {
                int dot = seal.indexOf('.', prefix.length());
                if (dot > 0) {
                    try {
                        ApiFormat signer = ApiFormat.fromId(seal.substring(prefix.length(), dot));
                        String inner = seal.substring(dot + 1);
                        return prefix.equals(PREFIX) ? new Thinking(text, inner, redactedData, signer)
                                : new Thinking(text, null, inner, signer);
                    } catch (IllegalArgumentException notOurs) {
                        // not a wrapper the gateway wrote: keep it as the client's own
                    }
                }
            }
        }
        return new Thinking(text, signature, redactedData, signature == null && redactedData == null
                ? null : clientFormat);
    }

    /** The wrapper a base64 signature holds, or the signature itself when it holds none. */
    private static String decodedWrapper(String signature) {
        try {
            String decoded = new String(Base64.getDecoder().decode(signature), StandardCharsets.UTF_8);
            return decoded.startsWith(PREFIX) || decoded.startsWith(REDACTED_PREFIX) ? decoded : signature;
        } catch (IllegalArgumentException notBase64) {
            return signature;
        }
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
