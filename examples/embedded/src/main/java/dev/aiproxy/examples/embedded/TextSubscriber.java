package dev.aiproxy.examples.embedded;

import dev.aiproxy.api.model.StreamEvent;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;

/**
 * A small {@link Flow.Subscriber} of a streamed answer: asks for one event at a time (so the gateway reads the
 * upstream no faster than this consumes it) and collects the answer's text. Events arrive on the publisher's own
 * thread; {@link #awaitText()} waits for the last.
 */
final class TextSubscriber implements Flow.Subscriber<StreamEvent> {
    private final StringBuilder text = new StringBuilder();
    private final CompletableFuture<String> done = new CompletableFuture<>();
    private Flow.Subscription subscription;

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(1);
    }

    @Override
    public void onNext(StreamEvent event) {
        if (event instanceof StreamEvent.TextDelta delta) {
            text.append(delta.text());
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable error) {
        done.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        done.complete(text.toString());
    }

    /**
     * Blocks until the stream has ended and returns its text.
     *
     * @throws RuntimeException what the stream failed with, such as a {@link dev.aiproxy.api.error.GatewayException}
     */
    String awaitText() {
        try {
            return done.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
