package dev.aiproxy.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiproxy.api.error.RateLimitedException;
import dev.aiproxy.api.model.ChatResponse;
import dev.aiproxy.api.model.Extensions;
import dev.aiproxy.api.model.Message;
import dev.aiproxy.api.model.Role;
import dev.aiproxy.api.model.StopReason;
import dev.aiproxy.api.model.Text;
import dev.aiproxy.api.model.Thinking;
import dev.aiproxy.api.model.ToolCall;
import dev.aiproxy.api.model.ToolResult;
import dev.aiproxy.api.model.Usage;
import dev.aiproxy.redis.testing.RedisServer;
import dev.aiproxy.routing.CredentialCooldowns;
import dev.aiproxy.routing.cache.ResponseCache;
import dev.aiproxy.routing.config.CacheSettings;
import dev.aiproxy.routing.config.ClientConfig;
import dev.aiproxy.routing.config.StateSettings;
import dev.aiproxy.routing.state.BudgetSpend;
import dev.aiproxy.routing.state.RateLimits;
import dev.aiproxy.routing.state.SharedState;
import dev.aiproxy.routing.state.SharedStates;
import dev.aiproxy.translate.testing.Await;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two instances' shared state over one real redis-server: what one does, the other sees. */
class RedisSharedStateTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final Clock clock = Clock.systemUTC();
    private RedisServer redis;
    private SharedState one;
    private SharedState two;

    @BeforeEach
    void start() throws Exception {
        redis = RedisServer.start();
        one = open(redis.url());
        two = open(redis.url());
    }

    @AfterEach
    void stop() throws Exception {
        if (one != null) {
            one.close();
        }
        if (two != null) {
            two.close();
        }
        redis.close();
    }

    private SharedState open(String url) {
        return SharedStates.open(new StateSettings(url, Duration.ofMillis(200)), clock);
    }

    private static ClientConfig client(String name, int requestsPerMinute, long tokensPerMinute) {
        return new ClientConfig(name, null, List.of("*"), null, null, null, requestsPerMinute, tokensPerMinute);
    }

    @Test
    void aKeyCooledByOneInstanceIsBlockedOnTheOther() {
        Instant until = clock.instant().plusSeconds(60);

        one.cooldowns().coolDown("openai#k1", "gpt-4o", until, CredentialCooldowns.Reason.RATE_LIMITED, "429");

        Await.until(WAIT, () -> two.cooldowns().blocked("openai#k1", "gpt-4o").isPresent(), "cooldown on two");
        assertThat(two.cooldowns().blocked("openai#k1", "gpt-4o").orElseThrow().until())
                .isEqualTo(Instant.ofEpochMilli(until.toEpochMilli()));
        assertThat(two.cooldowns().blocked("openai#k1", "gpt-4o-mini")).isEmpty();
    }

    @Test
    void aClearedCooldownEndsOnTheOtherInstanceToo() {
        one.cooldowns().coolDown("openai#k1", "gpt-4o", clock.instant().plusSeconds(60),
                CredentialCooldowns.Reason.TRANSIENT, "503");
        Await.until(WAIT, () -> two.cooldowns().blocked("openai#k1", "gpt-4o").isPresent(), "cooldown on two");

        one.cooldowns().clear("openai#k1", "gpt-4o");

        Await.until(WAIT, () -> two.cooldowns().blocked("openai#k1", "gpt-4o").isEmpty(), "cooldown ended on two");
    }

    @Test
    void aRejectedKeyIsOutOnTheOtherInstanceUntilForgiven() {
        one.cooldowns().reject("openai#k2", "401 from upstream");
        Await.until(WAIT, () -> two.cooldowns().blocked("openai#k2", "any-model").isPresent(), "rejected on two");

        one.cooldowns().forgive("openai#k2");

        Await.until(WAIT, () -> two.cooldowns().blocked("openai#k2", "any-model").isEmpty(), "forgiven on two");
    }

    @Test
    void anInstanceOpenedLaterLoadsTheCooldownsRunning() {
        one.cooldowns().coolDown("openai#k1", "gpt-4o", clock.instant().plusSeconds(60),
                CredentialCooldowns.Reason.RATE_LIMITED, "429");
        Await.until(WAIT, () -> two.cooldowns().blocked("openai#k1", "gpt-4o").isPresent(), "written");

        try (SharedState three = open(redis.url())) {
            assertThat(three.cooldowns().blocked("openai#k1", "gpt-4o")).isPresent();
        }
    }

    @Test
    void aClientAllowedTenRequestsAMinuteGetsExactlyTenAcrossTwoInstances() {
        ClientConfig client = client("team-a", 10, 0);
        int admitted = 0;
        List<RateLimitedException> refused = new ArrayList<>();

        for (int i = 0; i < 30; i++) {
            RateLimits limits = (i % 2 == 0 ? one : two).rateLimits();
            try {
                limits.admit(client, 5);
                admitted++;
            } catch (RateLimitedException e) {
                refused.add(e);
            }
        }

        assertThat(admitted).isEqualTo(10);
        assertThat(refused).hasSize(20);
        assertThat(refused.getFirst().headers()).containsEntry("x-ratelimit-limit-requests", "10")
                .containsEntry("x-ratelimit-remaining-requests", "0");
        assertThat(refused.getFirst().retryAfter()).hasValueSatisfying(
                wait -> assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(1)));
    }

    @Test
    void aRequestRefusedOnTokensSpendsNoRequest() {
        ClientConfig client = client("team-b", 3, 100);
        one.rateLimits().admit(client, 90);

        assertThatThrownBy(() -> two.rateLimits().admit(client, 20)).isInstanceOf(RateLimitedException.class)
                .hasMessageContaining("on tokens per minute: limit 100");

        RateLimits.Admission admission = two.rateLimits().admit(client, 10);
        assertThat(admission.headers()).containsEntry("x-ratelimit-remaining-requests", "1")
                .containsEntry("x-ratelimit-remaining-tokens", "0");
    }

    @Test
    void tokensSettledOnOneInstanceCountOnTheOther() {
        ClientConfig client = client("team-c", 0, 1_000);
        one.rateLimits().admit(client, 100);

        one.rateLimits().settle(client, 100, 900);

        Await.until(WAIT, () -> {
            try {
                two.rateLimits().admit(client, 50);
                return false;
            } catch (RateLimitedException e) {
                return true;
            }
        }, "the settled tokens counted on two");
    }

    @Test
    void spendAddedOnOneInstanceIsReadOnTheOther() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertThat(two.budgetSpend().spent("team-a", today)).isEqualTo(BudgetSpend.Spent.NONE);

        one.budgetSpend().add("team-a", today, 1_500_000_000L);

        Await.until(WAIT, () -> two.budgetSpend().spent("team-a", today).dayNanos() == 1_500_000_000L,
                "spend on two");
        assertThat(two.budgetSpend().spent("team-a", today).monthNanos()).isEqualTo(1_500_000_000L);
        Await.until(WAIT, () -> two.budgetSpend().spentInAll(today).dayNanos() == 1_500_000_000L, "total on two");
    }

    @Test
    void seedsFromEachInstancesStoreRaiseTheSpendWithoutAddingUp() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);

        one.budgetSpend().seed(today, Map.of("team-a", new BudgetSpend.Spent(2, 5)));
        two.budgetSpend().seed(today, Map.of("team-a", new BudgetSpend.Spent(3, 4)));

        Await.until(WAIT, () -> one.budgetSpend().spent("team-a", today).equals(new BudgetSpend.Spent(3, 5)),
                "the larger seed of each on one");
    }

    @Test
    void aConversationKeptByOneInstanceContinuesOnTheOtherForItsClientOnly() {
        List<Message> conversation = List.of(Message.user("Where is Paris?"),
                new Message(Role.ASSISTANT, List.of(new Thinking("geography", "sig-1", null, null),
                        new Text("In France."), new ToolCall("call_1", "lookup", "{\"q\":\"Paris\"}", null))),
                new Message(Role.TOOL, List.of(new ToolResult("call_1", "lookup", List.of(new Text("FR")), false))));
        byte[] object = "{\"id\":\"resp_1\",\"object\":\"response\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(one.conversations().store("resp_1", conversation, object, "team-a", 1_000_000)).isTrue();

        Await.until(WAIT, () -> two.conversations().find("resp_1", "team-a").isPresent(), "kept on two");
        assertThat(two.conversations().find("resp_1", "team-a")).contains(conversation);
        assertThat(two.conversations().object("resp_1", "team-a")).hasValueSatisfying(
                bytes -> assertThat(bytes).isEqualTo(object));
        assertThat(two.conversations().find("resp_1", "team-b")).isEmpty();
        assertThat(two.conversations().delete("resp_1", "team-b")).isFalse();
    }

    @Test
    void aConversationDeletedOnOneInstanceIsGoneOnTheOther() {
        one.conversations().store("resp_2", List.of(Message.user("hi"), Message.assistant("hello")),
                "{}".getBytes(StandardCharsets.UTF_8), "team-a", 1_000_000);
        Await.until(WAIT, () -> two.conversations().find("resp_2", "team-a").isPresent(), "kept on two");

        assertThat(two.conversations().delete("resp_2", "team-a")).isTrue();

        Await.until(WAIT, () -> two.conversations().find("resp_2", "team-a").isEmpty(), "gone from redis");
    }

    @Test
    void anAnswerCachedByOneInstanceIsFoundByTheOther() {
        CacheSettings settings = new CacheSettings(Duration.ofMinutes(1), 1_000_000, List.of("*"), List.of());
        ChatResponse answer = new ChatResponse("chatcmpl-1", "gpt-4o", List.of(new Text("Hello!"),
                new ToolCall("call_9", "weather", "{\"city\":\"Paris\"}", null)), StopReason.TOOL_USE,
                new Usage(12, 7, 3, 0, 2), new Extensions(Map.of("openai.system_fingerprint", "\"fp_1\"")));
        ResponseCache cache = two.responseCache(settings);

        one.responseCache(settings).store("key-1", answer);

        Await.until(WAIT, () -> cache.find("key-1").isPresent(), "cached on two");
        assertThat(cache.find("key-1")).contains(answer);
        assertThat(cache.find("key-2")).isEmpty();
    }

    @Test
    void withRedisStoppedCallsAnswerFromLocalStateAtOnceAndShareAgainOnceItIsBack() throws Exception {
        ClientConfig client = client("team-d", 2, 0);
        redis.stop();

        long started = System.nanoTime();
        one.rateLimits().admit(client, 1);
        assertThat(one.conversations().find("resp_x", "team-d")).isEmpty();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(took).as("two calls with Redis down").isLessThan(Duration.ofSeconds(1));
        Await.until(WAIT, () -> !one.status().healthy(), "one degraded");
        assertThat(one.status().fallbacks()).isPositive();
        assertThat(one.status().lastError()).isNotBlank();

        redis.startAgain();

        Await.until(WAIT, () -> one.status().healthy() && two.status().healthy(), "both healthy again");
        one.cooldowns().coolDown("openai#k3", "gpt-4o", clock.instant().plusSeconds(60),
                CredentialCooldowns.Reason.RATE_LIMITED, "429");
        Await.until(WAIT, () -> two.cooldowns().blocked("openai#k3", "gpt-4o").isPresent(),
                "a cooldown shared after the restart");
    }

    @Test
    void anInstanceStartedWhileRedisIsDownServesFromLocalStateAndConnectsOnceItIsUp() throws Exception {
        redis.stop();

        try (SharedState three = open(redis.url())) {
            assertThat(three.status().healthy()).isFalse();
            assertThat(three.status().lastError()).isEqualTo("unreachable at start-up");
            assertThat(three.rateLimits().admit(client("team-g", 1, 0), 1).headers())
                    .containsEntry("x-ratelimit-limit-requests", "1");

            redis.startAgain();

            Await.until(WAIT, () -> three.status().healthy(), "three connected");
            Await.until(WAIT, () -> one.status().healthy(), "one reconnected");
            one.cooldowns().coolDown("openai#k5", "gpt-4o", clock.instant().plusSeconds(60),
                    CredentialCooldowns.Reason.RATE_LIMITED, "429");
            Await.until(WAIT, () -> three.cooldowns().blocked("openai#k5", "gpt-4o").isPresent(),
                    "a cooldown reaching the late instance");
        }
    }

    @Test
    void aStalledRedisHoldsNoCallLongerThanTheTimeout() throws Exception {
        ClientConfig client = client("team-e", 5, 0);
        CacheSettings settings = new CacheSettings(Duration.ofMinutes(1), 1_000_000, List.of("*"), List.of());
        redis.pause();
        try {
            long started = System.nanoTime();
            RateLimits.Admission admission = one.rateLimits().admit(client, 1);
            assertThat(one.responseCache(settings).find("key-3")).isEmpty();
            assertThat(one.conversations().find("resp_y", "team-e")).isEmpty();
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            // three calls of at most 200 ms each; unbounded, they would wait as long as the stall (until resume())
            // (one run at load average 26, on two cores shared with other builds, took 7.4 s)
            assertThat(took).as("three calls of at most 200 ms each, however loaded the machine")
                    .isLessThan(Duration.ofSeconds(10));
            assertThat(admission.headers()).containsEntry("x-ratelimit-limit-requests", "5");
            assertThat(one.status().healthy()).isFalse();
            assertThat(one.status().fallbacks()).isGreaterThanOrEqualTo(3);
            assertThat(one.status().lastError()).contains("no answer within 200 ms");
        } finally {
            redis.resume();
        }

        one.rateLimits().admit(client, 1);
        assertThat(one.status().healthy()).as("healthy again at the first call answered").isTrue();
    }

    @Test
    void spendAddedWhileRedisWasAwayIsPushedWhenItReturns() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        redis.stop();
        Await.until(WAIT, () -> !one.status().healthy(), "one degraded");

        one.budgetSpend().add("team-f", today, 700);
        assertThat(one.budgetSpend().spent("team-f", today).dayNanos()).as("counted here at once").isEqualTo(700);
        redis.startAgain();

        Await.until(WAIT, () -> two.budgetSpend().spent("team-f", today).dayNanos() == 700, "pushed and read on two");
        assertThat(one.budgetSpend().spent("team-f", today).dayNanos()).as("not counted twice").isEqualTo(700);
    }

    @Test
    void cooldownsKeptWhileRedisWasAwayAreWrittenBackWhenItReturns() throws Exception {
        redis.stop();
        Await.until(WAIT, () -> !one.status().healthy(), "one degraded");
        one.cooldowns().coolDown("openai#k4", "gpt-4o", clock.instant().plusSeconds(60),
                CredentialCooldowns.Reason.RATE_LIMITED, "429");

        redis.startAgain();
        Await.until(WAIT, () -> one.status().healthy(), "one healthy again");

        try (SharedState three = open(redis.url())) {
            Await.until(WAIT, () -> {
                try (SharedState fresh = open(redis.url())) {
                    return fresh.cooldowns().blocked("openai#k4", "gpt-4o").isPresent();
                }
            }, "the cooldown written back");
            assertThat(three.status().shared()).isTrue();
        }
    }
}
