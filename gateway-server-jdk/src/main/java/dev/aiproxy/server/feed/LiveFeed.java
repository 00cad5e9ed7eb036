package dev.aiproxy.server.feed;

import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.ReloadOutcome;
import dev.aiproxy.routing.UsageRecord;
import dev.aiproxy.server.management.RequestView;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What feeds the {@link EventFeed} of a running server: a {@code request} event for every finished request (it is a
 * usage listener of the gateway), and, once a second from a ticker thread of its own, a {@code stats} event and a
 * {@code state} event for each change of cooldowns and health; {@link #reloaded} adds the config reloads. It also
 * drops the subscribers that fell behind. Thread-safe.
 */
public final class LiveFeed implements Consumer<UsageRecord>, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LiveFeed.class.getName());

    private final Gateway gateway;
    private final RequestsInFlight inFlight;
    private final Clock clock;
    private final EventFeed feed;
    private final RequestStats stats = new RequestStats();
    private final StateChanges states = new StateChanges();
    private final ScheduledExecutorService ticker;

    private LiveFeed(Gateway gateway, RequestsInFlight inFlight, Clock clock, int capacity, int requestsPerSecond) {
        this.gateway = gateway;
        this.inFlight = inFlight;
        this.clock = clock;
        this.feed = new EventFeed(capacity, requestsPerSecond, clock);
        // a platform thread: it must tick on time even when every carrier is busy with requests
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gw-feed-ticker");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts listening to the gateway's requests and ticking, with a ring of {@code capacity} events and at most
     * {@code requestsPerSecond} request events a second ({@link EventFeed#publishRequest}); {@link #close()} stops
     * both.
     */
    public static LiveFeed start(Gateway gateway, RequestsInFlight inFlight, Clock clock, int capacity,
            int requestsPerSecond) {
        LiveFeed live = new LiveFeed(gateway, inFlight, clock, capacity, requestsPerSecond);
        gateway.addUsageListener(live);
        live.ticker.scheduleAtFixedRate(live::tick, 1, 1, TimeUnit.SECONDS);
        return live;
    }

    public EventFeed feed() {
        return feed;
    }

    /** A finished request: its event, and its part of the next stats. On the request's thread; never blocks. */
    @Override
    public void accept(UsageRecord record) {
        stats.record(record);
        feed.publishRequest(() -> RequestView.of(record));
    }

    /** A config reload's outcome, as a {@code state} event (nothing for a file that had not changed). */
    public void reloaded(ReloadOutcome outcome) {
        StateChanges.ConfigChanged change = StateChanges.reloaded(outcome, clock.instant());
        if (change != null) {
            feed.publish("state", change);
        }
    }

    private void tick() {
        try {
            feed.dropLagging();
            List<Object> changes = states.since(gateway.cooldowns().active(), gateway.health(), clock.instant());
            changes.forEach(change -> feed.publish("state", change));
            StateChanges.StoreChanged store = states.store(gateway.stateStatus(), clock.instant());
            if (store != null) {
                feed.publish("state", store);
            }
            feed.publish("stats", stats.tick(clock.instant(), gateway.spent(null)[0], inFlight.count(),
                    feed.subscribers()));
        } catch (RuntimeException e) {
            // a scheduled task that throws is never run again: log it and keep ticking
            LOG.log(System.Logger.Level.WARNING, "the event feed's ticker failed: " + e, e);
        }
    }

    /** Stops ticking and listening, and ends every subscriber's stream. */
    @Override
    public void close() {
        gateway.removeUsageListener(this);
        ticker.shutdownNow();
        feed.close();
    }
}
