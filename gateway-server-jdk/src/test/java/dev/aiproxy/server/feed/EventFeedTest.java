package dev.aiproxy.server.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import dev.aiproxy.translate.testing.Await;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The feed's ring and its subscribers, without a server: what the end-to-end tests cannot make happen on cue. */
class EventFeedTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);

    /** An output whose every write blocks, as a socket whose reader stopped reading; an interrupt ends the write. */
    private static final class StuckOutput extends OutputStream {
        final CountDownLatch writing = new CountDownLatch(1);

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            writing.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                throw new InterruptedIOException("interrupted in a write");
            }
        }
    }

    /** The subscriber's stream written to {@code out} on a thread of its own, as the server's exchange would. */
    private static Thread writing(FeedSubscription subscription, OutputStream out) {
        return Thread.ofVirtual().start(() -> {
            try {
                subscription.writeTo(out);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void aSubscriberStuckInAWriteIsEndedWhenItFallsOutOfTheRing() throws Exception {
        EventFeed feed = new EventFeed(8, EventFeed.REQUESTS_PER_SECOND, CLOCK);
        FeedSubscription subscription = feed.subscribe(null);
        StuckOutput out = new StuckOutput();
        AtomicReference<Throwable> ended = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Thread writer = Thread.ofVirtual().start(() -> {
            try {
                subscription.writeTo(out);
            } catch (Throwable t) {
                ended.set(t);
            } finally {
                done.countDown();
            }
        });
        assertThat(out.writing.await(5, TimeUnit.SECONDS)).isTrue();

        for (int i = 0; i < 20; i++) {
            feed.publish("request", "event " + i);
        }
        feed.dropLagging();

        assertThat(done.await(5, TimeUnit.SECONDS)).as("the writer ended").isTrue();
        writer.join(5000);
        assertThat(ended.get()).isInstanceOf(InterruptedIOException.class);
        assertThat(subscription.dropped()).isTrue();
        assertThat(writer.isAlive()).isFalse();
        subscription.close();
        assertThat(feed.subscribers()).isZero();
    }

    @Test
    void aSubscriberThatKeepsUpIsNotDroppedAndGetsEveryEventInOrder() throws Exception {
        EventFeed feed = new EventFeed(8, EventFeed.REQUESTS_PER_SECOND, CLOCK);
        FeedSubscription subscription = feed.subscribe(null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread writer = writing(subscription, out);

        for (int i = 0; i < 5; i++) {
            feed.publish("stats", "event " + i);
        }
        feed.dropLagging();
        Await.until(Duration.ofSeconds(5), () -> out.toString(StandardCharsets.UTF_8).contains("event 4"),
                "the last event written");
        boolean dropped = subscription.dropped();
        feed.close();
        writer.join(5000);

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(writer.isAlive()).isFalse();
        assertThat(dropped).isFalse();
        assertThat(text).contains("data: \"event 0\"", "data: \"event 4\"");
        assertThat(text.indexOf("event 0")).isLessThan(text.indexOf("event 4"));
        long first = CLOCK.millis() * 1000;
        assertThat(text).contains("id: " + first + "\nevent: stats\n");
    }

    @Test
    void resumingFromAnIdBeforeTheRingSaysWhatWasMissed() throws Exception {
        EventFeed feed = new EventFeed(4, EventFeed.REQUESTS_PER_SECOND, CLOCK);
        long first = feed.publish("request", "a").id();
        for (int i = 0; i < 9; i++) {
            feed.publish("request", "more");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FeedSubscription subscription = feed.subscribe(first);
        Thread writer = writing(subscription, out);
        Await.until(Duration.ofSeconds(5), () -> out.toString(StandardCharsets.UTF_8).split("event: request", -1)
                .length == 5, "the ring's four events written");
        feed.close();
        writer.join(5000);

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).startsWith("id: " + (first + 5) + "\nevent: missed\ndata: {\"last_event_id\":" + first
                + ",\"oldest_id\":" + (first + 6) + "}\n\n");
        assertThat(text.split("event: request", -1)).hasSize(5);
    }

    @Test
    void theFeedCarriesItsShareOfRequestEventsAndTellsEachSubscriberHowManyItLeftOut() throws Exception {
        EventFeed feed = new EventFeed(4096, EventFeed.REQUESTS_PER_SECOND, CLOCK);
        FeedSubscription subscription = feed.subscribe(null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread writer = writing(subscription, out);
        long start = System.nanoTime();
        List<Integer> made = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 3000; i++) {
            int n = i;
            feed.publishRequest(() -> {
                made.add(n);
                return "request " + n;
            });
        }
        feed.publish("state", "a change");
        Thread.sleep(1100);
        // the count of what was left out goes with the next batch once a second has passed
        feed.publish("stats", "a second later");
        Await.until(Duration.ofSeconds(5), () -> out.toString(StandardCharsets.UTF_8).contains("event: skipped"),
                "the skipped event");
        double seconds = (System.nanoTime() - start) / 1e9;
        feed.close();
        writer.join(5000);

        String text = out.toString(StandardCharsets.UTF_8);
        int sent = text.split("event: request\n", -1).length - 1;
        Matcher skipped = Pattern.compile("event: skipped\ndata: \\{\"requests\":(\\d+)\\}")
                .matcher(text);
        long skippedTotal = 0;
        while (skipped.find()) {
            skippedTotal += Long.parseLong(skipped.group(1));
        }
        assertThat(sent).isPositive().isLessThanOrEqualTo((int) (EventFeed.REQUESTS_PER_SECOND * seconds) + 5);
        assertThat(sent).as("the data is made only for the events that go").isEqualTo(made.size());
        assertThat(sent + skippedTotal).as("each request sent or counted").isEqualTo(3000);
        assertThat(feed.skippedRequests()).isEqualTo(skippedTotal);
        assertThat(text).as("the first of a 25 ms goes").contains("data: \"request 0\"");
        assertThat(text).as("other events always go").contains("data: \"a change\"", "data: \"a second later\"");
    }
}
