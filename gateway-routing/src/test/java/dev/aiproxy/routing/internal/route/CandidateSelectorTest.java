package dev.aiproxy.routing.internal.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiproxy.api.Secret;
import dev.aiproxy.api.spi.Credential;
import dev.aiproxy.api.spi.CredentialPolicy;
import dev.aiproxy.api.spi.Provider;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.api.spi.UpstreamRequest;
import dev.aiproxy.api.spi.UpstreamResponse;
import dev.aiproxy.routing.config.RoutingStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CandidateSelectorTest {
    private final CandidateSelector selector = new CandidateSelector();

    private static Route route(int... weights) {
        List<Credential> keys = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            keys.add(new Credential("p#" + i, Secret.of("k" + i), null, null, null, null, null,
                    new CredentialPolicy(weights[i], null, null, List.of())));
        }
        ProviderConfig config = ProviderConfig.builder("p", "test").credentials(keys).model("m").build();
        Provider provider = new Provider() {
            @Override
            public ProviderConfig config() {
                return config;
            }

            @Override
            public dev.aiproxy.api.ApiFormat format() {
                return dev.aiproxy.api.ApiFormat.OPENAI_CHAT;
            }

            @Override
            public UpstreamResponse send(UpstreamRequest request) {
                throw new UnsupportedOperationException();
            }
        };
        return ModelRegistry.of(List.of(provider), false).resolve("m");
    }

    private static String first(List<Candidate> order) {
        return order.getFirst().credential().id();
    }

    @Test
    void roundRobinSpreadsFirstChoicesEvenlyAcrossManyThreads() throws Exception {
        Route route = route(1, 1, 1);
        Map<String, AtomicInteger> firsts = new ConcurrentHashMap<>();

        try (var pool = Executors.newFixedThreadPool(8)) {
            IntStream.range(0, 9000).forEach(i -> pool.submit(() -> firsts.computeIfAbsent(
                    first(selector.order(route, RoutingStrategy.ROUND_ROBIN)), k -> new AtomicInteger())
                    .incrementAndGet()));
        }

        assertThat(firsts).hasSize(3);
        assertThat(firsts.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(3000));
    }

    @Test
    void roundRobinStillOffersEveryCandidateInEachOrder() {
        List<Candidate> order = selector.order(route(1, 1, 1), RoutingStrategy.ROUND_ROBIN);

        assertThat(order).extracting(c -> c.credential().id()).containsExactlyInAnyOrder("p#0", "p#1", "p#2");
    }

    @Test
    void fillFirstAlwaysStartsWithTheFirstCredential() {
        Route route = route(1, 1, 1);

        for (int i = 0; i < 10; i++) {
            assertThat(first(selector.order(route, RoutingStrategy.FILL_FIRST))).isEqualTo("p#0");
        }
    }

    @Test
    void weightedRoundRobinGivesEachItsShareSpreadOut() throws Exception {
        Route route = route(5, 1, 1, 0);
        Map<String, AtomicInteger> firsts = new ConcurrentHashMap<>();
        List<String> sequence = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            sequence.add(first(selector.order(route, RoutingStrategy.WEIGHTED_ROUND_ROBIN)));
        }

        try (var pool = Executors.newFixedThreadPool(8)) {
            IntStream.range(0, 7000).forEach(i -> pool.submit(() -> firsts.computeIfAbsent(
                    first(selector.order(route, RoutingStrategy.WEIGHTED_ROUND_ROBIN)), k -> new AtomicInteger())
                    .incrementAndGet()));
        }

        assertThat(firsts.get("p#0").get()).isEqualTo(5000);
        assertThat(firsts.get("p#1").get()).isEqualTo(1000);
        assertThat(firsts.get("p#2").get()).isEqualTo(1000);
        assertThat(firsts).doesNotContainKey("p#3");
        // smooth: the heavy key never runs five times in a row within a cycle of seven
        assertThat(String.join(",", sequence)).doesNotContain("p#0,p#0,p#0,p#0,p#0");
        assertThat(selector.order(route, RoutingStrategy.WEIGHTED_ROUND_ROBIN)).hasSize(3);
    }
}
