package dev.aiproxy.redis.internal;

import dev.aiproxy.routing.state.BudgetSpend;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Budget spend counted in Redis ({@code INCRBY} on a key per spender and day, and per spender and month), read from
 * memory: a request's spend is added off the request path when it ends, and the totals every budget check reads are
 * refreshed from Redis in the background ({@link #refresh}, every {@link #REFRESH}). What this instance added and
 * Redis has not confirmed yet ({@code pending}) counts on top of the last value read, so an instance never sees less
 * than it spent itself. With Redis down the instance goes on with what it read last plus its own spend (budgets fail
 * closed on what is known: a budget spent before Redis went away stays spent), and pushes its pending spend when
 * Redis is back. Thread-safe.
 */
final class RedisBudgetSpend implements BudgetSpend {
    /** How often the totals are read again: a budget spent on one instance blocks the others within this. */
    static final Duration REFRESH = Duration.ofMillis(200);
    private static final String ALL = "*all";
    private static final Pattern DAY_KEY = Pattern.compile(":d\\d{4}-\\d{2}-\\d{2}$");
    private static final long DAY_TTL_SECONDS = Duration.ofDays(2).toSeconds();
    private static final long MONTH_TTL_SECONDS = Duration.ofDays(32).toSeconds();

    /** KEYS: one count. ARGV: a floor, the key's expiry in seconds. Raises the count to at least the floor. */
    private static final String RAISE = """
            local n = tonumber(redis.call('GET', KEYS[1]) or '0')
            if n < tonumber(ARGV[1]) then
              redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
              return tonumber(ARGV[1])
            end
            return n
            """;

    /** One Redis count as this instance knows it: the value read last, and what it added since, unconfirmed. */
    private static final class Count {
        final AtomicLong shared = new AtomicLong();
        final AtomicLong pending = new AtomicLong();

        long value() {
            return shared.get() + pending.get();
        }
    }

    private final BoundedRedis redis;
    private final ConcurrentHashMap<String, Count> counts = new ConcurrentHashMap<>();

    RedisBudgetSpend(BoundedRedis redis) {
        this.redis = redis;
    }

    @Override
    public void add(String client, LocalDate day, long nanos) {
        for (String spender : new String[] {spenderKey(client), ALL}) {
            increment(dayKey(spender, day), nanos, DAY_TTL_SECONDS);
            increment(monthKey(spender, day), nanos, MONTH_TTL_SECONDS);
        }
    }

    private void increment(String key, long nanos, long ttlSeconds) {
        Count count = counts.computeIfAbsent(key, k -> new Count());
        count.pending.addAndGet(nanos);
        push(key, count, nanos, ttlSeconds);
    }

    /** Adds {@code nanos} of the count's pending spend to Redis; confirmed, it moves from pending to shared. */
    private void push(String key, Count count, long nanos, long ttlSeconds) {
        redis.<Long>send("budget spend", c -> c.incrby(key, nanos), total -> {
            count.pending.addAndGet(-nanos);
            count.shared.accumulateAndGet(total, Math::max);
            redis.send("budget spend expiry", c -> c.expire(key, ttlSeconds));
        });
    }

    @Override
    public void seed(LocalDate today, Map<String, Spent> byClient) {
        long allDay = 0;
        long allMonth = 0;
        for (Map.Entry<String, Spent> e : byClient.entrySet()) {
            raise(spenderKey(e.getKey()), today, e.getValue());
            allDay += e.getValue().dayNanos();
            allMonth += e.getValue().monthNanos();
        }
        raise(ALL, today, new Spent(allDay, allMonth));
    }

    /** A floor, not an addition: every instance seeds from its own store, and the largest is the best known. */
    private void raise(String spender, LocalDate today, Spent floor) {
        raise(dayKey(spender, today), floor.dayNanos(), DAY_TTL_SECONDS);
        raise(monthKey(spender, today), floor.monthNanos(), MONTH_TTL_SECONDS);
    }

    private void raise(String key, long floor, long ttlSeconds) {
        Count count = counts.computeIfAbsent(key, k -> new Count());
        count.shared.accumulateAndGet(floor, Math::max);
        if (floor > 0) {
            redis.send("budget seed", c -> c.eval(RAISE, ScriptOutputType.INTEGER,
                    new String[] {key}, Long.toString(floor), Long.toString(ttlSeconds)));
        }
    }

    @Override
    public Spent spent(String client, LocalDate today) {
        return read(spenderKey(client), today);
    }

    @Override
    public Spent spentInAll(LocalDate today) {
        return read(ALL, today);
    }

    private Spent read(String spender, LocalDate today) {
        // a spender asked about is refreshed from then on, so another instance's spend reaches this one
        return new Spent(counts.computeIfAbsent(dayKey(spender, today), k -> new Count()).value(),
                counts.computeIfAbsent(monthKey(spender, today), k -> new Count()).value());
    }

    /**
     * Reads every count this instance knows for {@code today} and its month again (one {@code MGET}), and forgets
     * those of earlier days.
     *
     * @throws StoreUnavailableException when Redis does not answer
     */
    void refresh(LocalDate today) {
        String day = "d" + today;
        String month = "m" + YearMonth.from(today);
        counts.keySet().removeIf(k -> !k.endsWith(day) && !k.endsWith(month));
        List<String> keys = new ArrayList<>(counts.keySet());
        if (keys.isEmpty()) {
            return;
        }
        var values = redis.awaitInBackground("budget spend refreshed", c -> c.mget(keys.toArray(String[]::new)));
        for (var value : values) {
            Count count = counts.get(value.getKey());
            if (count != null && value.hasValue()) {
                count.shared.accumulateAndGet(Long.parseLong(value.getValue()), Math::max);
            }
        }
    }

    /** After a reconnection: what was added while Redis was away goes to it now. */
    void pushPending() {
        counts.forEach((key, count) -> {
            long pending = count.pending.get();
            if (pending > 0) {
                push(key, count, pending, DAY_KEY.matcher(key).find() ? DAY_TTL_SECONDS : MONTH_TTL_SECONDS);
            }
        });
    }

    private static String spenderKey(String client) {
        return "client:" + client;
    }

    private static String dayKey(String spender, LocalDate day) {
        return "gw:spend:" + spender + ":d" + day;
    }

    private static String monthKey(String spender, LocalDate day) {
        return "gw:spend:" + spender + ":m" + YearMonth.from(day);
    }
}
