package dev.aiproxy.routing;

import dev.aiproxy.routing.internal.health.InMemoryCredentialCooldowns;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Which credentials are out of rotation, and until when. Keyed by a credential's stable identity (its provider and a
 * fingerprint of its key, never the key itself) and the upstream model, so a config reload keeps every cooldown, and
 * several gateway instances can share one store. Implementations must be thread-safe.
 */
public interface CredentialCooldowns {

    /** Why a credential is out of rotation. */
    enum Reason {
        /** The upstream said 429 or its quota is spent; back at the time it said, or after a growing backoff. */
        RATE_LIMITED,
        /** A 5xx, a 408 or a timeout; a short pause. */
        TRANSIENT,
        /** The upstream refused the key (401/403): out until the config changes. */
        REJECTED,
        /** A request-scoped error rule asked for a cooldown. */
        RULE
    }

    /** One credential out of rotation, for the admin API and health. */
    record Cooldown(String credential, String model, Instant until, Reason reason, String detail) {
    }

    /**
     * When the credential may serve the model again, or empty when it may now. A rejected credential is blocked for
     * every model, with {@link Instant#MAX}.
     */
    Optional<Cooldown> blocked(String credential, String model);

    /** Takes a credential out for one model until {@code until}. */
    void coolDown(String credential, String model, Instant until, Reason reason, String detail);

    /** Counts one more rate-limit failure in a row for the pair, and returns how many there have been. */
    int strike(String credential, String model);

    /** The pair served a request: its cooldown and strikes are over. */
    void clear(String credential, String model);

    /** Takes a credential out for every model until {@link #forgiveRejected()}. */
    void reject(String credential, String detail);

    /** Lets rejected credentials back in; called when the config changes. */
    void forgiveRejected();

    /** Lets one rejected credential back in (a health check found it works); its other cooldowns stay. */
    void forgive(String credential);

    /**
     * Ends every cooldown of one credential, for every model, its strikes and its rejection: an operator's
     * decision through the admin API.
     *
     * @return whether anything was running
     */
    boolean release(String credential);

    /** Every cooldown still running. */
    List<Cooldown> active();

    /** The default store, in this process's memory. */
    static CredentialCooldowns inMemory(Clock clock) {
        return new InMemoryCredentialCooldowns(clock);
    }
}
