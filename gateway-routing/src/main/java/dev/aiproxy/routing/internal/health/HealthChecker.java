package dev.aiproxy.routing.internal.health;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.Secret;
import dev.aiproxy.api.error.GatewayException;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.spi.Credential;
import dev.aiproxy.api.spi.Operation;
import dev.aiproxy.api.spi.Provider;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.api.spi.UpstreamRequest;
import dev.aiproxy.api.spi.UpstreamResponse;
import dev.aiproxy.routing.CredentialCooldowns;
import dev.aiproxy.routing.HealthCheckResult;
import dev.aiproxy.routing.Redactor;
import dev.aiproxy.routing.config.HealthCheck;
import dev.aiproxy.routing.internal.models.ModelListRequests;
import dev.aiproxy.routing.internal.schedule.DueLoop;
import dev.aiproxy.routing.internal.table.RoutingTable;
import dev.aiproxy.translate.Codecs;
import dev.aiproxy.translate.UpstreamErrorBody;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs the active health checks of the entries that have a {@code health-check:}: one virtual thread per gateway keeps
 * the schedule (each enabled key once per interval, the first check as soon as the entry appears), and each check runs
 * on a virtual thread of its own, so that an upstream that hangs until the first-byte timeout delays no other key.
 * The schedule follows the live config: a reload {@link #wake wakes} it. A check that gets 401 or 403 takes the key
 * out of rotation as a real call would; one that passes lets a refused key back in. Thread-safe.
 */
public final class HealthChecker implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(HealthChecker.class.getName());
    /** A check never waits longer than this for its answer, whatever the config's first-byte timeout. */
    private static final Duration MAX_WAIT = Duration.ofSeconds(30);
    /** Enough of a model list to know it arrived; the rest is not read. */
    private static final int READ_AT_MOST = 64 * 1024;

    private final Supplier<RoutingTable> table;
    private final CredentialCooldowns cooldowns;
    private final Clock clock;
    private final Consumer<HealthCheckResult> onChange;
    private final Map<String, HealthCheckResult> results = new ConcurrentHashMap<>();
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final DueLoop loop;
    private final ExecutorService checks = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("gw-health-check-", 0).factory());
    /** Touched by the scheduler thread only. */
    private final Map<String, Instant> due = new HashMap<>();
    private final Map<String, HealthCheck> scheduledWith = new HashMap<>();

    /** @param onChange told a result whose health differs from the key's previous one (or is its first) */
    public HealthChecker(Supplier<RoutingTable> table, CredentialCooldowns cooldowns, Clock clock,
            Consumer<HealthCheckResult> onChange) {
        this.table = table;
        this.cooldowns = cooldowns;
        this.clock = clock;
        this.loop = new DueLoop("gw-health-checks", clock, () -> runDue(this.table.get()));
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

    /** The most recent check of a key, by its identity ({@link Credential#identity}), or null. */
    public HealthCheckResult result(String credential) {
        return results.get(credential);
    }

    /** Starts every check that is due, forgets keys no longer checked, and returns when the next one is due. */
    private Instant runDue(RoutingTable live) {
        Instant now = clock.instant();
        Set<String> checked = new HashSet<>();
        Instant next = null;
        for (Map.Entry<ProviderConfig, Provider> e : live.providers().entrySet()) {
            HealthCheck settings = live.config().healthChecks().get(e.getKey().name());
            if (settings == null) {
                continue;
            }
            for (Credential credential : e.getKey().credentials()) {
                if (credential.policy().disabled()) {
                    continue;
                }
                String identity = credential.identity(e.getKey().name());
                checked.add(identity);
                if (!settings.equals(scheduledWith.put(identity, settings))) {
                    due.put(identity, now);
                }
                Instant at = due.getOrDefault(identity, now);
                if (!at.isAfter(now) && running.add(identity)) {
                    at = now.plus(settings.interval());
                    due.put(identity, at);
                    Provider provider = e.getValue();
                    Duration wait = min(live.config().timeouts().firstByte(), MAX_WAIT);
                    checks.execute(() -> run(provider, credential, identity, settings, wait));
                }
                next = next == null || at.isBefore(next) ? at : next;
            }
        }
        due.keySet().retainAll(checked);
        scheduledWith.keySet().retainAll(checked);
        results.keySet().retainAll(checked);
        return next;
    }

    private void run(Provider provider, Credential credential, String identity, HealthCheck settings,
            Duration wait) {
        try {
            HealthCheckResult result = check(provider, credential, settings, wait);
            if (result.healthy()) {
                if (result.status() > 0) {
                    cooldowns.forgive(identity);
                }
            } else if (result.status() == 401 || result.status() == 403) {
                cooldowns.reject(identity, "health check: " + result.detail());
            }
            // published after its consequence, so whoever sees the result also sees the key's state it led to
            HealthCheckResult previous = results.put(identity, result);
            if (previous == null || previous.healthy() != result.healthy()) {
                LOG.log(result.healthy() ? System.Logger.Level.INFO : System.Logger.Level.WARNING,
                        () -> credential.id() + " health check " + (result.healthy() ? "passed" : "failed: "
                                + result.detail()));
                onChange.accept(result);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "health check of " + credential.id() + " broke", e);
        } finally {
            running.remove(identity);
        }
    }

    /**
     * One check: the provider's model list where it has one, else a one-token request to the configured model. Blocks
     * for at most {@code wait} until the answer's head.
     */
    HealthCheckResult check(Provider provider, Credential credential, HealthCheck settings,
            Duration wait) {
        String name = provider.config().name();
        String fingerprint = credential.apiKey() == null ? null : credential.apiKey().fingerprint();
        UpstreamRequest request;
        String call;
        ApiFormat format;
        if (provider.supports(Operation.LIST_MODELS)) {
            request = ModelListRequests.of(credential, wait);
            call = "list-models";
            format = provider.format();
        } else {
            String model = settings.model();
            format = provider.format(model);
            byte[] body = Codecs.of(format).encodeRequest(ChatRequest.builder().model(model)
                    .user("ping").maxOutputTokens(1).build(), model);
            request = new UpstreamRequest(credential, model, body, false, Map.of(), wait);
            call = "one-token:" + model;
        }
        long start = System.nanoTime();
        try (UpstreamResponse response = provider.send(request)) {
            Duration latency = Duration.ofNanos(System.nanoTime() - start);
            byte[] body = response.isSuccess() ? new byte[0] : readPrefix(response.body());
            Instant at = clock.instant();
            if (response.isSuccess()) {
                return new HealthCheckResult(name, credential.id(), fingerprint, at, call, true, response.status(),
                        null, latency);
            }
            UpstreamErrorBody error = Codecs.of(format).decodeError(response.status(), body);
            List<Secret> secrets = credential.apiKey() == null ? List.of() : List.of(credential.apiKey());
            String detail = "upstream answered " + response.status() + ": " + Redactor.redact(error.message(), secrets);
            int status = error.keyRejected() && response.status() == 400 ? 401 : response.status();
            return new HealthCheckResult(name, credential.id(), fingerprint, at, call, false, status, detail, latency);
        } catch (GatewayException e) {
            return new HealthCheckResult(name, credential.id(), fingerprint, clock.instant(), call, false, 0,
                    Redactor.redact(e.getMessage()), Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private static byte[] readPrefix(InputStream in) {
        try {
            return in.readNBytes(READ_AT_MOST);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Stops the schedule and the checks under way; waits for neither. */
    @Override
    public void close() {
        loop.close();
        checks.shutdownNow();
    }
}
