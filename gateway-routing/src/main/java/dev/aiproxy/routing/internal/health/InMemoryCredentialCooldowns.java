package dev.aiproxy.routing.internal.health;

import dev.aiproxy.routing.CredentialCooldowns;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** {@link CredentialCooldowns} in this process's memory; expired entries are dropped as they are met. */
public final class InMemoryCredentialCooldowns implements CredentialCooldowns {
    private record Key(String credential, String model) {
    }

    private final Clock clock;
    private final ConcurrentMap<Key, Cooldown> cooling = new ConcurrentHashMap<>();
    private final ConcurrentMap<Key, Integer> strikes = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Cooldown> rejected = new ConcurrentHashMap<>();

    public InMemoryCredentialCooldowns(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Optional<Cooldown> blocked(String credential, String model) {
        if (!rejected.isEmpty()) {
            Cooldown r = rejected.get(credential);
            if (r != null) {
                return Optional.of(r);
            }
        }
        if (cooling.isEmpty()) {
            return Optional.empty();
        }
        Key key = new Key(credential, model);
        Cooldown c = cooling.get(key);
        if (c == null) {
            return Optional.empty();
        }
        if (!c.until().isAfter(clock.instant())) {
            cooling.remove(key, c);
            return Optional.empty();
        }
        return Optional.of(c);
    }

    @Override
    public void coolDown(String credential, String model, Instant until, Reason reason, String detail) {
        cooling.merge(new Key(credential, model), new Cooldown(credential, model, until, reason, detail),
                (old, fresh) -> fresh.until().isAfter(old.until()) ? fresh : old);
    }

    @Override
    public int strike(String credential, String model) {
        return strikes.merge(new Key(credential, model), 1, Integer::sum);
    }

    @Override
    public void clear(String credential, String model) {
        if (!cooling.isEmpty() || !strikes.isEmpty()) {
            Key key = new Key(credential, model);
            cooling.remove(key);
            strikes.remove(key);
        }
    }

    @Override
    public void reject(String credential, String detail) {
        rejected.put(credential, new Cooldown(credential, null, Instant.MAX, Reason.REJECTED, detail));
    }

    @Override
    public void forgiveRejected() {
        rejected.clear();
    }

    @Override
    public void forgive(String credential) {
        if (!rejected.isEmpty()) {
            rejected.remove(credential);
        }
    }

    @Override
    public boolean release(String credential) {
        boolean any = rejected.remove(credential) != null;
        Instant now = clock.instant();
        for (Map.Entry<Key, Cooldown> e : cooling.entrySet()) {
            if (e.getKey().credential().equals(credential) && cooling.remove(e.getKey(), e.getValue())) {
                any |= e.getValue().until().isAfter(now);
            }
        }
        strikes.keySet().removeIf(k -> k.credential().equals(credential));
        return any;
    }

    @Override
    public List<Cooldown> active() {
        Instant now = clock.instant();
        List<Cooldown> out = new ArrayList<>(rejected.values());
        for (Map.Entry<Key, Cooldown> e : cooling.entrySet()) {
            if (e.getValue().until().isAfter(now)) {
                out.add(e.getValue());
            }
        }
        return out;
    }
}
