package dev.aiproxy.routing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.ChatResponse;
import dev.aiproxy.api.model.StreamEvent;
import dev.aiproxy.routing.cache.ResponseCache;
import dev.aiproxy.routing.config.CacheSettings;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.translate.testing.Fixtures;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The response cache for typed, in-process calls, and a store of the application's own. */
class ResponseCacheTest {
    private static final String TEXT = "Hello! How can I assist you today?";

    @RegisterExtension
    static WireMockExtension upstream = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    private final List<UsageRecord> records = new CopyOnWriteArrayList<>();
    private Gateway gateway;

    @BeforeEach
    void answer() {
        upstream.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(Fixtures.bytes("openai/chat-completion.json"))));
    }

    @AfterEach
    void close() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private static GatewayConfig config() {
        return GatewayTest.config(upstream.baseUrl() + "/v1").toBuilder()
                .cache(new CacheSettings(Duration.ofMinutes(5), 1024 * 1024, List.of("*"), List.of()))
                .build();
    }

    private static ChatRequest hello(String model) {
        return ChatRequest.builder().model(model).user("Hello").build();
    }

    @Test
    void aRepeatedTypedCallIsAnsweredFromTheCacheAndCostsNothing() {
        gateway = Gateway.builder(config()).onUsage(records::add).build();

        ChatResponse first = gateway.chat(hello("fast"));
        ChatResponse second = gateway.chat(hello("fast"));

        assertThat(second.text()).isEqualTo(TEXT).isEqualTo(first.text());
        assertThat(second.model()).isEqualTo("fast");
        upstream.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions")));
        assertThat(records).hasSize(2);
        assertThat(records.get(0).cacheHit()).isFalse();
        assertThat(records.get(1).cacheHit()).isTrue();
        assertThat(records.get(1).cost()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(records.get(1).usage()).isNull();
    }

    @Test
    void aStoredAnswerIsReplayedAsATypedStream() {
        gateway = Gateway.builder(config()).onUsage(records::add).build();
        gateway.chat(hello("fast"));
        List<StreamEvent> events = new ArrayList<>();

        try (ChatStream stream = gateway.stream(hello("fast"))) {
            stream.forEach(events::add);
        }

        assertThat(events.getFirst()).isInstanceOfSatisfying(StreamEvent.MessageStart.class,
                start -> assertThat(start.model()).isEqualTo("fast"));
        assertThat(events).contains(new StreamEvent.TextDelta(0, TEXT));
        assertThat(events.getLast()).isEqualTo(new StreamEvent.MessageStop());
        upstream.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions")));
        assertThat(records).hasSize(2).last().satisfies(r -> {
            assertThat(r.cacheHit()).isTrue();
            assertThat(r.stream()).isTrue();
            assertThat(r.outcome()).isEqualTo(UsageRecord.Outcome.COMPLETED);
        });
    }

    @Test
    void twoNamesOfTheSameUpstreamModelShareAnAnswer() {
        gateway = Gateway.builder(config()).build();

        gateway.chat(hello("gpt-4o"));
        ChatResponse prefixed = gateway.chat(hello("team-a/gpt-4o"));

        assertThat(prefixed.model()).isEqualTo("team-a/gpt-4o");
        upstream.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions")));
    }

    @Test
    void aStoreSetOnTheBuilderKeepsTheAnswers() {
        Map<String, ChatResponse> kept = new ConcurrentHashMap<>();
        ResponseCache own = new ResponseCache() {
            @Override
            public Optional<ChatResponse> find(String key) {
                return Optional.ofNullable(kept.get(key));
            }

            @Override
            public void store(String key, ChatResponse answer) {
                kept.put(key, answer);
            }
        };
        gateway = Gateway.builder(config()).responseCache(own).build();

        gateway.chat(hello("fast"));
        gateway.chat(hello("fast"));

        assertThat(kept.values()).singleElement().satisfies(a -> assertThat(a.text()).isEqualTo(TEXT));
        upstream.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions")));
    }

    @Test
    void withoutACacheConfigEveryCallGoesUpstream() {
        gateway = Gateway.create(GatewayTest.config(upstream.baseUrl() + "/v1"));

        gateway.chat(hello("fast"));
        gateway.chat(hello("fast"));

        upstream.verify(2, postRequestedFor(urlEqualTo("/v1/chat/completions")));
    }
}
