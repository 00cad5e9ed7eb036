package dev.aiproxy.examples.embedded;

import dev.aiproxy.api.error.GatewayException;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.ChatResponse;
import dev.aiproxy.api.model.StreamEvent;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.routing.ChatStream;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.StreamListener;
import dev.aiproxy.routing.UsageRecord;
import dev.aiproxy.routing.config.ClientConfig;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.routing.config.ModelPrice;
import java.io.PrintStream;
import java.util.List;
import java.util.function.Consumer;

/**
 * Embeds the gateway in an application: a typed call, a pulled stream, a stream pushed to a listener, a stream as a
 * {@link java.util.concurrent.Flow.Publisher}, a call made as a named client, the usage and cost of each, and the
 * application's own {@link TeamPolicy} step in the pipeline.
 *
 * <p>It runs offline on the built-in {@code echo} model, which answers with the question's own text and needs no key:
 * {@code ./gateway example embedded}. For a real model, add its provider to {@link #offlineConfig()} (or load a
 * config file with {@link Gateway#fromFile}) and ask for it in {@link #run}.
 */
public final class EmbeddedExample {
    private EmbeddedExample() {
    }

    public static void main(String[] args) {
        try (Gateway gateway = open(offlineConfig(), System.out)) {
            run(gateway, "echo", System.out);
        } catch (GatewayException e) {
            System.err.println("failed with HTTP " + e.status() + ": " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * A config built in code: the echo model (on unless {@code echoModel(false)}), a price for it, and one client.
     */
    static GatewayConfig offlineConfig() {
        return GatewayConfig.builder()
                // echo calls no upstream, so the price table shipped in the jar prices it at zero, and a model with
                // no price at all would cost null ("unknown", never a silent zero); a made-up price, in US dollars
                // per million tokens, makes a cost show. A real model's price comes from the shipped table, and a
                // prices: entry in a config file overrides it, as this one does.
                .addPrice(ModelPrice.of("echo", "0.50", "1.50"))
                // a second echo that answers to "o1-mini", so that the policy's veto shows offline: a model must be
                // served before any step of the pipeline sees its request (else the answer is a 404)
                .addProvider(ProviderConfig.builder("pretend-o1", "echo").apiKey(null).model("o1-mini").build())
                // a named client, as a server's clients: entry; in-process it needs no key. Its allowed models,
                // limits and budget apply to the calls made through gateway.asClient("team-a").
                .addClient(new ClientConfig("team-a", null, List.of("echo"), null, null, null, 60, 0))
                .build();
    }

    /** A gateway that prints every request's usage to {@code out} and runs the application's own policy step. */
    static Gateway open(GatewayConfig config, PrintStream out) {
        return Gateway.builder(config)
                .onUsage(printUsage(out))
                // an application's own step in the request pipeline: a header on every upstream call, a veto by rule
                .interceptor(new TeamPolicy("payments", List.of("o1", "o3")))
                .build();
    }

    /**
     * Told each request's record once its answer has ended, on the thread that served it, before the call returns
     * (or the stream's last event is handed on): keep it quick.
     */
    static Consumer<UsageRecord> printUsage(PrintStream out) {
        return usage -> out.println("usage:     " + usage.client() + " used " + usage.accountedModel() + ": "
                + (usage.usage() == null ? "no tokens" : usage.usage().inputTokens() + " in + "
                        + usage.usage().outputTokens() + " out tokens")
                + ", cost " + (usage.cost() == null ? "unknown" : "$" + usage.cost().toPlainString())
                + " (" + usage.outcome() + ")");
    }

    /** Every way to call a model, one after the other. */
    static void run(Gateway gateway, String model, PrintStream out) {
        ChatRequest question = ChatRequest.builder()
                .model(model)
                .system("Answer in one short sentence.")
                .user("Why is the sky blue?")
                .build();

        // 1. typed call: wait for the whole answer
        ChatResponse answer = gateway.chat(question);
        out.println("chat:      " + answer.text() + "  [" + answer.usage().totalTokens() + " tokens]");

        // 2. pull a stream: the upstream is read as the loop asks for the next event
        StringBuilder pulled = new StringBuilder();
        try (ChatStream events = gateway.stream(question)) {
            for (StreamEvent event : events) {
                if (event instanceof StreamEvent.TextDelta delta) {
                    pulled.append(delta.text());
                }
            }
        }
        out.println("pulled:    " + pulled);

        // 3. push a stream to a listener, on this thread, which also gets the folded response at the end
        StringBuilder listened = new StringBuilder();
        gateway.stream(question, new StreamListener() {
            @Override
            public void onEvent(StreamEvent event) {
                if (event instanceof StreamEvent.TextDelta delta) {
                    listened.append(delta.text());
                }
            }

            @Override
            public void onComplete(ChatResponse response) {
                out.println("listened:  " + listened + "  [stop reason " + response.stopReason() + "]");
            }

            @Override
            public void onError(GatewayException error) {
                out.println("failed: " + error.getMessage());
            }
        });

        // 4. a Flow.Publisher: the upstream is called at the first request(n), and read only while there is demand
        TextSubscriber subscriber = new TextSubscriber();
        gateway.publisher(question).subscribe(subscriber);
        out.println("published: " + subscriber.awaitText());

        // 5. as a named client: its allowed models, limits and budget apply, and its name is in the usage record
        ChatResponse asTeam = gateway.asClient("team-a").chat(question);
        out.println("team-a:    " + asTeam.text());

        // 6. the application's own step vetoes a model by rule, before any upstream is called
        try {
            gateway.chat(question.withModel("o1-mini"));
        } catch (GatewayException e) {
            out.println("vetoed:    HTTP " + e.status() + ": " + e.getMessage());
        }
    }
}
