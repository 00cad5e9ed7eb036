package dev.aiproxy.routing.internal.dispatch;

import dev.aiproxy.api.error.GatewayException;
import dev.aiproxy.api.error.UpstreamTimeoutException;
import dev.aiproxy.api.spi.UpstreamResponse;
import dev.aiproxy.routing.CredentialCooldowns;
import dev.aiproxy.routing.CredentialCooldowns.Reason;
import dev.aiproxy.routing.config.Resilience;
import dev.aiproxy.routing.internal.route.Candidate;
import dev.aiproxy.routing.internal.route.CandidateSelector;
import dev.aiproxy.routing.internal.route.Route;
import dev.aiproxy.routing.internal.table.RoutingTable;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds an upstream that answers: credentials in the strategy's order, skipping those cooling down, moving on after a
 * retryable failure and cooling the failed one down; further rounds (resilience4j-retry) while a credential is due back
 * within {@code max-retry-interval}; then the model's fallback chain. Returns once an upstream has answered with its
 * headers, before any byte reaches the client, so nothing is ever retried after the client saw a byte. Thread-safe.
 */
public final class UpstreamDispatcher {
    private static final System.Logger LOG = System.getLogger(UpstreamDispatcher.class.getName());
    /** Backoff between rounds when nothing cools down (cooling disabled): this, doubled each round. */
    private static final Duration ROUND_BACKOFF = Duration.ofMillis(250);
    /** Rate-limit backoff without a {@code Retry-After}: 1 s, doubled per failure in a row, at most this. */
    private static final Duration MAX_RATE_LIMIT_BACKOFF = Duration.ofMinutes(5);
    /** Longer than any {@code max-retry-interval}: no further round. */
    private static final Duration NEVER = Duration.ofDays(365);

    private final UpstreamCaller caller;
    private final CandidateSelector selector;
    private final CredentialCooldowns cooldowns;
    private final Clock clock;

    /** The end of {@code timeouts.total} for one request, on the monotonic clock. */
    private record Deadline(Duration total, long startNanos) {
        Duration left(long nowNanos) {
            long left = total.toNanos() - (nowNanos - startNanos);
            return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
        }

        UpstreamTimeoutException spent() {
            return new UpstreamTimeoutException("first byte, across every attempt (timeouts.total),", total, null);
        }
    }

    /** One {@link Retry} per config's resilience settings: each call keeps its own attempt count. */
    private volatile RetryOf retry = new RetryOf(null, null);

    private record RetryOf(Resilience resilience, Retry retry) {
    }

    /**
     * The upstream that answered, for which of the client-visible model names (a fallback's, maybe), and the plan it
     * was sent.
     */
    public record Success<P extends UpstreamPlan>(Candidate candidate, String model, UpstreamResponse response,
            P plan) {
    }

    public UpstreamDispatcher(UpstreamCaller caller, CandidateSelector selector, CredentialCooldowns cooldowns,
            Clock clock) {
        this.caller = caller;
        this.selector = selector;
        this.cooldowns = cooldowns;
        this.clock = clock;
    }

    /** @throws GatewayException when no model of the chain could answer, or an upstream said the request is bad */
    public <P extends UpstreamPlan> Success<P> dispatch(RoutingTable table, DispatchRequest<P> request) {
        List<Route> chain = chain(table, request.model());
        Retry retry = retry(table.config().resilience());
        Deadline deadline = new Deadline(table.config().timeouts().total(), System.nanoTime());
        int[] round = {0};
        GatewayException[] lastSeen = {null};
        try {
            return retry.executeSupplier(() -> {
                try {
                    return round(table, chain, round[0]++, request, lastSeen[0], deadline);
                } catch (RoundFailed failed) {
                    lastSeen[0] = failed.lastError();
                    throw failed;
                }
            });
        } catch (RoundFailed failed) {
            throw failed.clientError(clock.instant());
        }
    }

    /** The model's route, then those of its fallbacks that route, in order. */
    private static List<Route> chain(RoutingTable table, String model) {
        List<Route> chain = new ArrayList<>();
        chain.add(table.registry().resolve(model));
        for (String fallback : table.config().resilience().fallbacks().getOrDefault(model, List.of())) {
            Optional<Route> route = table.registry().find(fallback);
            if (route.isPresent()) {
                chain.add(route.get());
            } else {
                LOG.log(System.Logger.Level.WARNING, () -> "fallback model '" + fallback + "' of '" + model
                        + "' does not route; skipped");
            }
        }
        return chain;
    }

    private Retry retry(Resilience resilience) {
        RetryOf current = retry;
        if (current.resilience() != resilience) {
            current = new RetryOf(resilience, Retry.of("upstream", retryConfig(resilience)));
            retry = current;
        }
        return current.retry();
    }

    /** The retry policy of a config: further rounds only while their wait fits {@code max-retry-interval}. */
    private static RetryConfig retryConfig(Resilience resilience) {
        Duration max = resilience.maxRetryInterval();
        return RetryConfig.custom()
                .maxAttempts(resilience.requestRetry() + 1)
                .retryOnException(e -> e instanceof RoundFailed failed
                        && (failed.waitBeforeNextRound().isZero() || failed.waitBeforeNextRound().compareTo(max) <= 0))
                .intervalBiFunction((attempt, outcome) -> outcome.isLeft() && outcome.getLeft() instanceof RoundFailed f
                        ? Math.max(1, f.waitBeforeNextRound().toMillis()) : 1L)
                .build();
    }

    /**
     * One round: every model of the chain in turn, every credential of each in the strategy's order, so a fallback
     * answers at once rather than after the first model's keys have been waited for.
     *
     * @param lastError the previous round's last error, kept when this round makes no attempt
     */
    private <P extends UpstreamPlan> Success<P> round(RoutingTable table, List<Route> chain, int round,
            DispatchRequest<P> request, GatewayException lastError, Deadline deadline) {
        Resilience resilience = table.config().resilience();
        Instant soonest = null;
        // the upstream's own delay for the soonest credential, when an attempt of this round set it: relayed exactly
        Duration soonestHint = null;
        boolean rateLimited = false;
        for (int i = 0; i < chain.size(); i++) {
            Route route = chain.get(i);
            if (i > 0) {
                GatewayException cause = lastError;
                LOG.log(System.Logger.Level.INFO, () -> "'" + chain.getFirst().model() + "' cannot answer ("
                        + (cause == null ? "every credential is cooling down" : cause.getMessage())
                        + "); falling back to '" + route.model() + "'");
            }
            int tried = 0;
            for (Candidate candidate : selector.order(route, resilience.strategy())) {
                if (!request.eligible().test(candidate)) {
                    continue;
                }
                Integer ownRounds = candidate.credential().policy().requestRetry();
                if (round > (ownRounds != null ? ownRounds : resilience.requestRetry())) {
                    continue;
                }
                if (resilience.maxRetryCredentials() > 0 && tried >= resilience.maxRetryCredentials()) {
                    break;
                }
                String credential = candidate.credential().identity(candidate.providerName());
                Optional<CredentialCooldowns.Cooldown> blocked = cooldowns.blocked(credential,
                        candidate.upstreamModel());
                if (blocked.isPresent()) {
                    if (soonest == null || blocked.get().until().isBefore(soonest)) {
                        soonest = blocked.get().until();
                        soonestHint = null;
                    }
                    rateLimited |= blocked.get().reason() == Reason.RATE_LIMITED;
                    continue;
                }
                Duration left = deadline.left(System.nanoTime());
                if (left.isZero()) {
                    throw deadline.spent();
                }
                tried++;
                P plan = request.plan().apply(candidate);
                Duration firstByte = table.config().timeouts().firstByte();
                request.attempted().run();
                try {
                    UpstreamResponse response = caller.call(candidate, plan.body(), request.stream(),
                            request.operation(), table, request.context(), request.headers(), request.trace(),
                            left.compareTo(firstByte) < 0 ? left : firstByte);
                    cooldowns.clear(credential, candidate.upstreamModel());
                    return new Success<>(candidate, route.model(), response, plan);
                } catch (AttemptFailed failed) {
                    Instant back = coolDown(candidate, credential, failed, resilience);
                    if (!failed.verdict().moveOn()) {
                        throw failed.error();
                    }
                    lastError = failed.error();
                    rateLimited |= failed.verdict().cooldown() == Reason.RATE_LIMITED;
                    if (back != null && (soonest == null || back.isBefore(soonest))) {
                        soonest = back;
                        soonestHint = failed.verdict().retryAfter();
                    }
                }
            }
        }
        Instant now = clock.instant();
        Duration wait;
        if (soonest == null) {
            wait = ROUND_BACKOFF.multipliedBy(1L << Math.min(round, 10));
        } else if (soonest.equals(Instant.MAX)) {
            // only rejected keys are left: no wait brings them back before the config changes
            wait = NEVER;
        } else {
            wait = Duration.between(now, soonest).isNegative() ? Duration.ZERO : Duration.between(now, soonest);
        }
        if (wait.compareTo(deadline.left(System.nanoTime())) >= 0) {
            // a further round could not answer before the request's total deadline: the client gets this round's end
            wait = NEVER;
        }
        throw new RoundFailed(lastError, soonest, soonestHint, rateLimited, chain.getFirst().model(), wait);
    }

    /** Applies the verdict's cooldown; returns when the credential is back, or null when it stays in rotation. */
    private Instant coolDown(Candidate candidate, String credential, AttemptFailed failed, Resilience resilience) {
        Reason reason = failed.verdict().cooldown();
        Boolean own = candidate.credential().policy().disableCooling();
        if (reason == null || (own != null ? own : resilience.disableCooling())) {
            return null;
        }
        String detail = failed.error().getMessage();
        if (reason == Reason.REJECTED) {
            cooldowns.reject(credential, detail);
            LOG.log(System.Logger.Level.WARNING, () -> candidate.credential().id() + " was rejected by its upstream; "
                    + "out of rotation until the config changes: " + detail);
            return Instant.MAX;
        }
        Duration length = switch (reason) {
            case RATE_LIMITED -> failed.verdict().retryAfter() != null ? failed.verdict().retryAfter()
                    : backoff(cooldowns.strike(credential, candidate.upstreamModel()));
            case TRANSIENT, RULE -> failed.verdict().retryAfter() != null ? failed.verdict().retryAfter()
                    : resilience.transientCooldown();
            case REJECTED -> throw new IllegalStateException("handled above");
        };
        if (length.isZero() || length.isNegative()) {
            return null;
        }
        Instant until = clock.instant().plus(length);
        cooldowns.coolDown(credential, candidate.upstreamModel(), until, reason, detail);
        LOG.log(System.Logger.Level.WARNING, () -> candidate.credential().id() + " cools down for "
                + candidate.upstreamModel() + " (" + reason + ", " + length.toMillis() + " ms): " + detail);
        return until;
    }

    private static Duration backoff(int strikes) {
        Duration d = Duration.ofSeconds(1L << Math.min(Math.max(strikes - 1, 0), 20));
        return d.compareTo(MAX_RATE_LIMIT_BACKOFF) > 0 ? MAX_RATE_LIMIT_BACKOFF : d;
    }
}
