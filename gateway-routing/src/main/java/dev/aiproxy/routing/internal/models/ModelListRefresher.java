package dev.aiproxy.routing.internal.models;

import dev.aiproxy.api.error.GatewayException;
import dev.aiproxy.api.spi.Credential;
import dev.aiproxy.api.spi.Provider;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.api.spi.UpstreamResponse;
import dev.aiproxy.routing.ModelListStatus;
import dev.aiproxy.routing.Redactor;
import dev.aiproxy.routing.internal.schedule.DueLoop;
import dev.aiproxy.routing.internal.table.RoutingTable;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Fetches the model lists of the live entries that list no models ({@link RoutingTable#fetchesModels}): one virtual
 * thread keeps the schedule (each entry as soon as it appears, then once per its {@code models-refresh}), each fetch
 * runs on a virtual thread of its own. A fetch asks the entry's enabled keys in order until one answers with a list; a
 * fetch that gets none keeps the last good list. When a list changes, {@code onChange} is told, so that the gateway
 * swaps in a routing table built with it. A reload {@link #wake wakes} the schedule. Thread-safe.
 */
public final class ModelListRefresher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ModelListRefresher.class.getName());
    /** A fetch never waits longer than this for its answer, whatever the config's first-byte timeout. */
    private static final Duration MAX_WAIT = Duration.ofSeconds(30);

    /** One entry as scheduled: a changed entry or interval is fetched again at once. */
    private record Scheduled(ProviderConfig entry, Duration interval) {
    }

    private final java.util.function.Supplier<RoutingTable> table;
    private final Clock clock;
    private final Runnable onChange;
    private final Map<String, ModelListStatus> lists = new ConcurrentHashMap<>();
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final DueLoop loop;
    private final ExecutorService fetches = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("gw-model-list-", 0).factory());
    /** Touched by the scheduler thread only. */
    private final Map<String, Instant> due = new HashMap<>();
    private final Map<String, Scheduled> scheduledWith = new HashMap<>();

    /** @param onChange told, on the fetching thread, that an entry's list changed; it must not block */
    public ModelListRefresher(java.util.function.Supplier<RoutingTable> table, Clock clock, Runnable onChange) {
        this.table = table;
        this.clock = clock;
        this.loop = new DueLoop("gw-model-lists", clock, () -> runDue(this.table.get()));
        this.onChange = onChange;
    }

    /** Starts the schedule; once. */
    public void start() {
        loop.start();
    }

    /** The config changed: look at the schedule again now. */
    public void wake() {
        loop.wake();
    }

    /** The last good list of each entry that has one, by entry name. */
    public Map<String, List<String>> fetched() {
        Map<String, List<String>> out = new HashMap<>();
        lists.forEach((name, status) -> {
            if (status.fetchedAt() != null) {
                out.put(name, status.models());
            }
        });
        return out;
    }

    /** Every entry whose list is fetched, with how its latest fetch went, in the live config's order. */
    public List<ModelListStatus> statuses() {
        return table.get().providers().keySet().stream().map(p -> lists.get(p.name()))
                .filter(java.util.Objects::nonNull).toList();
    }

    /** Starts every fetch that is due, forgets entries no longer fetched, and returns when the next one is due. */
    private Instant runDue(RoutingTable live) {
        Instant now = clock.instant();
        Set<String> fetchedNow = new HashSet<>();
        Instant next = null;
        for (Map.Entry<ProviderConfig, Provider> e : live.providers().entrySet()) {
            if (!RoutingTable.fetchesModels(live.config(), e.getKey(), e.getValue())) {
                continue;
            }
            String name = e.getKey().name();
            Duration interval = live.config().modelRefresh().intervalOf(name);
            fetchedNow.add(name);
            if (!new Scheduled(e.getKey(), interval).equals(scheduledWith.put(name, new Scheduled(e.getKey(),
                    interval)))) {
                due.put(name, now);
            }
            Instant at = due.getOrDefault(name, now);
            if (!at.isAfter(now) && running.add(name)) {
                at = now.plus(interval);
                due.put(name, at);
                Provider provider = e.getValue();
                Duration wait = min(live.config().timeouts().firstByte(), MAX_WAIT);
                long maxBody = live.config().limits().maxResponseBodyBytes();
                fetches.execute(() -> run(provider, name, wait, maxBody));
            }
            next = next == null || at.isBefore(next) ? at : next;
        }
        due.keySet().retainAll(fetchedNow);
        scheduledWith.keySet().retainAll(fetchedNow);
        lists.keySet().retainAll(fetchedNow);
        return next;
    }

    private void run(Provider provider, String name, Duration wait, long maxBody) {
        try {
            fetch(provider, name, wait, maxBody);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "fetching the model list of " + name + " broke", e);
        } finally {
            running.remove(name);
        }
    }

    private void fetch(Provider provider, String name, Duration wait, long maxBody) {
        List<String> models = null;
        String error = "no enabled key";
        for (Credential credential : provider.config().credentials()) {
            if (credential.policy().disabled()) {
                continue;
            }
            try {
                models = fetch(provider, credential, wait, maxBody);
                break;
            } catch (GatewayException | IllegalArgumentException | IOException e) {
                error = credential.id() + ": " + Redactor.redact(e.getMessage());
            }
        }
        Instant at = clock.instant();
        ModelListStatus previous = lists.get(name);
        if (models != null) {
            lists.put(name, new ModelListStatus(name, models, at, at, null));
            if (previous == null || !previous.models().equals(models) || previous.fetchedAt() == null) {
                int count = models.size();
                LOG.log(System.Logger.Level.INFO, () -> name + " lists " + count + " models");
                onChange.run();
            }
        } else {
            lists.put(name, previous == null ? new ModelListStatus(name, List.of(), null, at, error)
                    : previous.failed(at, error));
            if (previous == null || previous.healthy()) {
                String reason = error;
                LOG.log(System.Logger.Level.WARNING, () -> "fetching the model list of " + name + " failed, "
                        + (previous == null ? "it serves its default models" : "its last list stays") + ": "
                        + reason);
            }
        }
    }

    /** One key's list. Blocks for at most {@code wait} until the answer's head. */
    private static List<String> fetch(Provider provider, Credential credential, Duration wait, long maxBody)
            throws IOException {
        try (UpstreamResponse response = provider.send(ModelListRequests.of(credential, wait))) {
            if (!response.isSuccess()) {
                throw new IOException("upstream answered " + response.status());
            }
            byte[] body = response.body().readNBytes((int) Math.min(maxBody + 1, Integer.MAX_VALUE - 8));
            if (body.length > maxBody) {
                throw new IOException("the model list is larger than max-response-body (" + maxBody + " bytes)");
            }
            return ModelListParser.parse(provider.format(), body);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Stops the schedule and the fetches under way; waits for neither. */
    @Override
    public void close() {
        loop.close();
        fetches.shutdownNow();
    }
}
