package dev.aiproxy.translate;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.translate.internal.anthropic.AnthropicMessagesCodec;
import dev.aiproxy.translate.internal.converse.ConverseCodec;
import dev.aiproxy.translate.internal.gemini.GeminiCodec;
import dev.aiproxy.translate.internal.openai.OpenAiChatCodec;
import dev.aiproxy.translate.internal.responses.OpenAiResponsesCodec;
import java.util.EnumMap;
import java.util.Map;

/** The codec of each wire format. */
public final class Codecs {
    private static final Map<ApiFormat, FormatCodec> CODECS = new EnumMap<>(ApiFormat.class);

    static {
        register(new OpenAiChatCodec());
        register(new AnthropicMessagesCodec());
        register(new GeminiCodec());
        register(new OpenAiResponsesCodec());
        register(new ConverseCodec());
    }

    private Codecs() {
    }

    private static void register(FormatCodec codec) {
        CODECS.put(codec.format(), codec);
    }

    /**
     * The codec for a format.
     *
     * @throws UnsupportedOperationException when this build has no codec for it yet
     */
    public static FormatCodec of(ApiFormat format) {
        FormatCodec codec = CODECS.get(format);
        if (codec == null) {
            throw new UnsupportedOperationException("no codec for format " + format.id());
        }
        return codec;
    }

    /** Whether a codec for the format exists. */
    public static boolean supports(ApiFormat format) {
        return CODECS.containsKey(format);
    }
}
