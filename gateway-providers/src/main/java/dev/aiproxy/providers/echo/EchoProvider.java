package dev.aiproxy.providers.echo;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.ChatResponse;
import dev.aiproxy.api.model.ContentPart;
import dev.aiproxy.api.model.Extensions;
import dev.aiproxy.api.model.Message;
import dev.aiproxy.api.model.Role;
import dev.aiproxy.api.model.StopReason;
import dev.aiproxy.api.model.StreamEvent;
import dev.aiproxy.api.model.Text;
import dev.aiproxy.api.model.Usage;
import dev.aiproxy.api.spi.Provider;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.api.spi.UpstreamRequest;
import dev.aiproxy.api.spi.UpstreamResponse;
import dev.aiproxy.translate.Codecs;
import dev.aiproxy.translate.FormatCodec;
import dev.aiproxy.translate.StreamEncoder;
import dev.aiproxy.translate.TokenEstimator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers in OpenAI Chat format with the text of the last user message, word by word when streamed. Reports usage
 * as the gateway estimates it ({@link TokenEstimator}): its input tokens are what {@code count_tokens} says for the
 * same request. It goes through the same routing, translation and accounting as a real
 * upstream; only the network is missing.
 */
final class EchoProvider implements Provider {
    private static final Pattern WORDS = Pattern.compile("\\S+\\s*|\\s+");

    private final ProviderConfig config;
    private final FormatCodec codec = Codecs.of(ApiFormat.OPENAI_CHAT);

    EchoProvider(ProviderConfig config) {
        this.config = config;
    }

    @Override
    public ProviderConfig config() {
        return config;
    }

    @Override
    public ApiFormat format() {
        return ApiFormat.OPENAI_CHAT;
    }

    @Override
    public UpstreamResponse send(UpstreamRequest request) {
        ChatRequest chat = codec.decodeRequest(request.body());
        String text = lastUserText(chat);
        // the same estimate count_tokens and :countTokens give for this model, so that the two agree
        Usage usage = Usage.of(TokenEstimator.estimate(chat), Math.max(1, TokenEstimator.estimate(text)));
        String id = "chatcmpl-echo-" + UUID.randomUUID();
        if (!request.stream()) {
            byte[] body = codec.encodeResponse(new ChatResponse(id, request.model(), List.of(new Text(text)),
                    StopReason.END_TURN, usage, Extensions.EMPTY));
            return response("application/json", body);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StreamEncoder encoder = codec.newStreamEncoder(chat);
        try {
            for (StreamEvent event : events(id, request.model(), text, usage)) {
                encoder.encode(event, out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory", e);
        }
        return response("text/event-stream", out.toByteArray());
    }

    private static List<StreamEvent> events(String id, String model, String text, Usage usage) {
        List<StreamEvent> events = new ArrayList<>();
        events.add(new StreamEvent.MessageStart(id, model, Usage.ZERO));
        events.add(new StreamEvent.BlockStart(0, new Text("")));
        Matcher words = WORDS.matcher(text);
        while (words.find()) {
            events.add(new StreamEvent.TextDelta(0, words.group()));
        }
        events.add(new StreamEvent.BlockStop(0));
        events.add(new StreamEvent.MessageDelta(StopReason.END_TURN, usage));
        events.add(new StreamEvent.MessageStop());
        return events;
    }

    private static String lastUserText(ChatRequest chat) {
        for (int i = chat.messages().size() - 1; i >= 0; i--) {
            Message message = chat.messages().get(i);
            if (message.role() == Role.USER) {
                return message.text();
            }
        }
        return "";
    }

    private static UpstreamResponse response(String contentType, byte[] body) {
        return new UpstreamResponse(200, Map.of("content-type", List.of(contentType),
                "content-length", List.of(Integer.toString(body.length))), new ByteArrayInputStream(body));
    }
}
