package dev.aiproxy.examples.embedded;

import dev.aiproxy.api.error.GatewayException;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.ChatResponse;
import dev.aiproxy.api.model.StreamEvent;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.routing.ChatStream;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.StreamListener;
import dev.aiproxy.routing.config.GatewayConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Embeds the gateway in an application: one typed call, one pulled stream, one pushed stream, all through the
 * application's own {@link TeamPolicy} step.
 *
 * <p>Run it with a config file ({@code java ... EmbeddedExample config.yaml MODEL}), or with no arguments to use
 * {@code OPENAI_API_KEY} when set and the offline {@code echo} model otherwise.
 */
public final class EmbeddedExample {
    private EmbeddedExample() {
    }

    public static void main(String[] args) {
        GatewayConfig config = args.length > 0
                ? dev.aiproxy.routing.config.ConfigLoader.withSystemEnvironment().load(Path.of(args[0])).config()
                : fromEnvironment();
        String model = args.length > 1 ? args[1] : System.getenv("OPENAI_API_KEY") != null ? "gpt-4o-mini" : "echo";
        // an application's own step in the request pipeline: a header on every upstream call, a rule that vetoes
        try (Gateway gateway = Gateway.builder(config)
                .interceptor(new TeamPolicy("payments", List.of("o1", "o3")))
                .build()) {
            run(gateway, model, System.out);
        } catch (GatewayException e) {
            System.err.println("failed with HTTP " + e.status() + ": " + e.getMessage());
            System.exit(1);
        }
    }

    /** A config built in code: OpenAI when a key is set; the echo model is always there. */
    static GatewayConfig fromEnvironment() {
        GatewayConfig.Builder config = GatewayConfig.builder();
        String key = System.getenv("OPENAI_API_KEY");
        if (key != null && !key.isBlank()) {
            config.addProvider(ProviderConfig.builder("openai", "openai-compatible").apiKey(key).build());
        }
        return config.build();
    }

    /** The three ways to call a model. */
    static void run(Gateway gateway, String model, PrintStream out) {
        ChatRequest question = ChatRequest.builder()
                .model(model)
                .system("Answer in one short sentence.")
                .user("Why is the sky blue?")
                .build();

        // 1. typed call: wait for the whole answer
        ChatResponse answer = gateway.chat(question);
        out.println("chat:     " + answer.text() + "  [" + answer.usage().totalTokens() + " tokens]");

        // 2. pull a stream: the upstream is read as the loop asks for the next event
        StringBuilder pulled = new StringBuilder();
        try (ChatStream events = gateway.stream(question)) {
            for (StreamEvent event : events) {
                if (event instanceof StreamEvent.TextDelta delta) {
                    pulled.append(delta.text());
                }
            }
        }
        out.println("pulled:   " + pulled);

        // 3. push a stream to a listener, which also gets the folded response at the end
        gateway.stream(question, new StreamListener() {
            @Override
            public void onEvent(StreamEvent event) {
                if (event instanceof StreamEvent.TextDelta delta) {
                    out.print(delta.text());
                }
            }

            @Override
            public void onComplete(ChatResponse response) {
                out.println();
                out.println("listened: stop reason " + response.stopReason());
            }

            @Override
            public void onError(GatewayException error) {
                out.println("failed: " + error.getMessage());
            }
        });
    }
}
