package dev.aiproxy.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A subscriber of the event feed over the JDK's HttpClient: reads the SSE stream on a thread of its own, parsing each
 * event with the time it arrived, until the stream ends or the client is closed.
 */
final class FeedClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One event as it arrived: {@code receivedNanos} is {@link System#nanoTime()} when its blank line was read. */
    record Event(String id, String name, JsonNode data, long receivedNanos) {
    }

    private final HttpClient client;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final CountDownLatch connected = new CountDownLatch(1);
    private final CountDownLatch ended = new CountDownLatch(1);
    private final InputStream body;
    private final int status;

    private FeedClient(HttpClient client, HttpResponse<InputStream> response) {
        this.client = client;
        this.status = response.statusCode();
        this.body = response.body();
        Thread.ofVirtual().name("feed-client").start(this::read);
    }

    /** Subscribes to {@code url} with these headers (name, value, ...); returns once the answer's head is in. */
    static FeedClient open(String url, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        return new FeedClient(client, client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
    }

    int status() {
        return status;
    }

    /** Waits for the stream's first bytes: from then on the subscriber gets every event published. */
    FeedClient awaitConnected() throws InterruptedException {
        if (!connected.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("the feed sent nothing within 10 s");
        }
        return this;
    }

    /** The next event that matches, skipping others; fails after {@code timeout}. */
    Event next(Predicate<Event> matching, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Event event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (event == null) {
                throw new AssertionError("no matching event within " + timeout);
            }
            if (matching.test(event)) {
                return event;
            }
        }
    }

    Event next(String name, Duration timeout) throws InterruptedException {
        return next(e -> e.name().equals(name), timeout);
    }

    /** Whether the server ended the stream within {@code timeout}. */
    boolean endsWithin(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String id = null;
            String name = "message";
            List<String> data = new ArrayList<>();
            String line;
            while ((line = lines.readLine()) != null) {
                connected.countDown();
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        events.add(new Event(id, name, JSON.readTree(String.join("\n", data)), System.nanoTime()));
                    }
                    id = null;
                    name = "message";
                    data.clear();
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("event: ")) {
                    name = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.add(line.substring(6));
                }
            }
        } catch (IOException e) {
            // the stream was cut, or closed by this client: either way it has ended
        } finally {
            connected.countDown();
            ended.countDown();
        }
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        client.close();
    }
}
