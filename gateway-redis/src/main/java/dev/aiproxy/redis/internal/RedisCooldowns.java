package dev.aiproxy.redis.internal;

import dev.aiproxy.routing.CredentialCooldowns;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Cooldowns shared through Redis, read from memory: every instance keeps a local copy ({@link
 * CredentialCooldowns#inMemory}), so {@link #blocked} stays a map lookup on every request. A change is written
 * through to two hashes ({@code gw:cooldowns}, {@code gw:rejected}) and published on {@code gw:cooldowns}, where the
 * other instances apply it to their copies; on (re)connection an instance loads what the hashes hold and writes back
 * what only it knows (Redis may have restarted empty). Strikes (the rate-limit backoff count) stay per instance.
 * With Redis down the local copy goes on alone: a cooldown fails open, since each instance still cools the keys its
 * own calls find failing. Thread-safe.
 */
final class RedisCooldowns implements CredentialCooldowns {
    static final String CHANNEL = "gw:cooldowns";
    private static final String COOLING = "gw:cooldowns";
    private static final String REJECTED = "gw:rejected";

    /** A change, as published: {@code op} says which; the fields it needs are set. */
    record Change(String origin, String op, String credential, String model, Long until, Reason reason,
            String detail) {
    }

    private final CredentialCooldowns local;
    private final BoundedRedis redis;
    private final Clock clock;
    private final String origin;

    /** @param origin this instance's id: its own messages come back on the channel and are skipped */
    RedisCooldowns(BoundedRedis redis, Clock clock, String origin) {
        this.local = CredentialCooldowns.inMemory(clock);
        this.redis = redis;
        this.clock = clock;
        this.origin = origin;
    }

    @Override
    public Optional<Cooldown> blocked(String credential, String model) {
        return local.blocked(credential, model);
    }

    @Override
    public void coolDown(String credential, String model, Instant until, Reason reason, String detail) {
        local.coolDown(credential, model, until, reason, detail);
        Change change = new Change(origin, "cool", credential, model, until.toEpochMilli(), reason, detail);
        String json = StateJson.write(change);
        redis.send("cooldown", c -> c.hset(COOLING, field(credential, model), json));
        publish(change);
    }

    @Override
    public int strike(String credential, String model) {
        return local.strike(credential, model);
    }

    @Override
    public void clear(String credential, String model) {
        // called on every success: only a pair that was cooling costs a write
        boolean cooling = local.blocked(credential, model).filter(c -> c.reason() != Reason.REJECTED).isPresent();
        local.clear(credential, model);
        if (cooling) {
            redis.send("cooldown cleared", c -> c.hdel(COOLING, field(credential, model)));
            publish(new Change(origin, "clear", credential, model, null, null, null));
        }
    }

    @Override
    public void reject(String credential, String detail) {
        local.reject(credential, detail);
        Change change = new Change(origin, "reject", credential, null, null, Reason.REJECTED, detail);
        String json = StateJson.write(change);
        redis.send("key rejected", c -> c.hset(REJECTED, credential, json));
        publish(change);
    }

    @Override
    public void forgiveRejected() {
        local.forgiveRejected();
        redis.send("rejected keys forgiven", c -> c.del(REJECTED));
        publish(new Change(origin, "forgive-all", null, null, null, null, null));
    }

    @Override
    public void forgive(String credential) {
        local.forgive(credential);
        redis.send("key forgiven", c -> c.hdel(REJECTED, credential));
        publish(new Change(origin, "forgive", credential, null, null, null, null));
    }

    @Override
    public boolean release(String credential) {
        boolean any = local.release(credential);
        String prefix = credential + "\n";
        redis.send("cooldowns released", c -> c.hkeys(COOLING), fields -> {
            String[] mine = fields.stream().filter(f -> f.startsWith(prefix)).toArray(String[]::new);
            if (mine.length > 0) {
                redis.send("cooldowns released", c -> c.hdel(COOLING, mine));
            }
        });
        redis.send("cooldowns released", c -> c.hdel(REJECTED, credential));
        publish(new Change(origin, "release", credential, null, null, null, null));
        return any;
    }

    @Override
    public List<Cooldown> active() {
        return local.active();
    }

    /** A change another instance published: applied to the local copy only. */
    void apply(String message) {
        Change change = StateJson.read(message, Change.class);
        if (origin.equals(change.origin())) {
            return;
        }
        switch (change.op()) {
            case "cool" -> local.coolDown(change.credential(), change.model(), Instant.ofEpochMilli(change.until()),
                    change.reason(), change.detail());
            case "clear" -> local.clear(change.credential(), change.model());
            case "reject" -> local.reject(change.credential(), change.detail());
            case "forgive" -> local.forgive(change.credential());
            case "forgive-all" -> local.forgiveRejected();
            case "release" -> local.release(change.credential());
            default -> throw new IllegalArgumentException("unknown cooldown change '" + change.op() + "'");
        }
    }

    /**
     * After a (re)connection: takes in the cooldowns Redis holds (dropping those that have ended), then writes back
     * the ones only this instance has.
     *
     * @throws StoreUnavailableException when Redis does not answer
     */
    void synchronize() {
        Instant now = clock.instant();
        Map<String, String> cooling = redis.awaitInBackground("cooldowns loaded", c -> c.hgetall(COOLING));
        List<String> ended = new ArrayList<>();
        cooling.forEach((field, json) -> {
            Change c = StateJson.read(json, Change.class);
            if (Instant.ofEpochMilli(c.until()).isAfter(now)) {
                local.coolDown(c.credential(), c.model(), Instant.ofEpochMilli(c.until()), c.reason(), c.detail());
            } else {
                ended.add(field);
            }
        });
        if (!ended.isEmpty()) {
            redis.send("ended cooldowns dropped", c -> c.hdel(COOLING, ended.toArray(String[]::new)));
        }
        Map<String, String> rejected = redis.awaitInBackground("rejected keys loaded", c -> c.hgetall(REJECTED));
        rejected.forEach((credential, json) -> local.reject(credential, StateJson.read(json, Change.class).detail()));
        for (Cooldown c : local.active()) {
            String field = c.reason() == Reason.REJECTED ? c.credential() : field(c.credential(), c.model());
            if (!(c.reason() == Reason.REJECTED ? rejected : cooling).containsKey(field)) {
                Change change = new Change(origin, c.reason() == Reason.REJECTED ? "reject" : "cool", c.credential(),
                        c.model(), c.reason() == Reason.REJECTED ? null : c.until().toEpochMilli(), c.reason(),
                        c.detail());
                String json = StateJson.write(change);
                redis.send("cooldown written back", cmd -> cmd.hset(
                        c.reason() == Reason.REJECTED ? REJECTED : COOLING, field, json));
            }
        }
    }

    private void publish(Change change) {
        String json = StateJson.write(change);
        redis.send("cooldown published", c -> c.publish(CHANNEL, json));
    }

    private static String field(String credential, String model) {
        return credential + "\n" + (model == null ? "" : model);
    }
}
