package dev.aiproxy.routing.metrics;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.model.Usage;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.GatewayResponse;
import dev.aiproxy.routing.RawRequest;
import dev.aiproxy.routing.UsageRecord;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.routing.config.Resilience;
import dev.aiproxy.routing.config.RoutingStrategy;
import dev.aiproxy.routing.internal.metrics.UsageMeters;
import dev.aiproxy.routing.testing.TwoKeyUpstream;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The meters a gateway records into a registry it is handed: what each request adds, under which labels. */
class GatewayMetricsTest {
    @RegisterExtension
    static WireMockExtension upstream = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    private final MeterRegistry registry = new SimpleMeterRegistry();

    /** Two keys on one provider, the bad one tried first: every answered request took a retry. */
    private GatewayConfig config() {
        ProviderConfig openai = ProviderConfig.builder("openai", "openai-compatible")
                .baseUrl(upstream.baseUrl() + "/v1").apiKey(TwoKeyUpstream.BAD_KEY).apiKey(TwoKeyUpstream.GOOD_KEY).model("gpt-4o")
                .model("gpt-4o-mini").build();
        return GatewayConfig.builder().echoModel(false)
                .resilience(Resilience.builder().strategy(RoutingStrategy.FILL_FIRST).build())
                .addProvider(openai).build();
    }

    private static RawRequest openai(String model) {
        return RawRequest.of(ApiFormat.OPENAI_CHAT, ("{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"hi\"}]}").getBytes(StandardCharsets.UTF_8));
    }

    private static void send(Gateway gateway, RawRequest request) {
        GatewayResponse answer = gateway.handle(request);
        if (answer.body() instanceof GatewayResponse.Streamed streamed) {
            try (streamed) {
                streamed.writeTo(java.io.OutputStream.nullOutputStream());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private double counter(String name, String... tags) {
        return registry.get(name).tags(tags).counter().count();
    }

    @Test
    void aServedRequestIsCountedWithItsTokensAttemptsAndLatency() {
        TwoKeyUpstream.answerOnTheSecondKey(upstream);

        try (Gateway gateway = Gateway.builder(config()).meterRegistry(registry).build()) {
            send(gateway, openai("gpt-4o"));
        }

        String[] route = {"format", "openai-chat", "model", "gpt-4o", "provider", "openai"};
        assertThat(counter("gw.requests", "format", "openai-chat", "model", "gpt-4o", "provider", "openai",
                "status_class", "2xx", "outcome", "completed")).isEqualTo(1);
        assertThat(counter("gw.tokens", concat(route, "kind", "input"))).isEqualTo(19);
        assertThat(counter("gw.tokens", concat(route, "kind", "output"))).isEqualTo(10);
        assertThat(registry.find("gw.tokens").tags("kind", "reasoning").counter())
                .as("a kind the answer reported none of is not counted").satisfiesAnyOf(
                        c -> assertThat(c).isNull(), c -> assertThat(c.count()).isZero());
        assertThat(counter("gw.upstream.attempts", route)).isEqualTo(2);
        assertThat(counter("gw.upstream.retries", route)).isEqualTo(1);
        assertThat(counter("gw.cost.usd", route)).as("gpt-4o is in the shipped price table").isPositive();
        Timer duration = registry.get("gw.request.duration").tags(route).timer();
        assertThat(duration.count()).isEqualTo(1);
        assertThat(duration.totalTime(TimeUnit.NANOSECONDS)).isPositive();
        assertThat(registry.get("gw.time.to.first.byte").tags(route).timer().count()).isEqualTo(1);
    }

    @Test
    void aResponseCacheHitIsCountedAsAHitAndAsARequestNobodyUpstreamServed() {
        TwoKeyUpstream.answerOnTheSecondKey(upstream);
        GatewayConfig cached = config().toBuilder().cache(new dev.aiproxy.routing.config.CacheSettings(
                java.time.Duration.ofMinutes(5), 1024 * 1024, java.util.List.of("gpt-4o"), java.util.List.of()))
                .build();

        try (Gateway gateway = Gateway.builder(cached).meterRegistry(registry).build()) {
            send(gateway, openai("gpt-4o"));
            send(gateway, openai("gpt-4o"));
        }

        assertThat(counter("gw.cache.hits", "format", "openai-chat", "model", "gpt-4o")).isEqualTo(1);
        assertThat(counter("gw.requests", "format", "openai-chat", "model", "gpt-4o", "provider", "none",
                "status_class", "2xx", "outcome", "completed")).isEqualTo(1);
        assertThat(counter("gw.upstream.attempts", "format", "openai-chat", "model", "gpt-4o", "provider", "openai"))
                .as("only the first request went upstream").isEqualTo(2);
    }

    @Test
    void aModelTheConfigDoesNotServeIsLabelledOtherNotByTheNameTheClientSent() {
        try (Gateway gateway = Gateway.builder(config()).meterRegistry(registry).build()) {
            send(gateway, openai("made-up-model-7f3a"));
        }

        assertThat(counter("gw.requests", "format", "openai-chat", "model", "other", "provider", "none",
                "status_class", "4xx", "outcome", "failed")).isEqualTo(1);
        assertThat(registry.getMeters()).flatMap(m -> m.getId().getTags()).extracting(Tag::getValue)
                .doesNotContain("made-up-model-7f3a");
        assertThat(registry.get("gw.time.to.first.byte").timers()).as("no answer began").allSatisfy(
                t -> assertThat(t.count()).isZero());
    }

    @Test
    void aFallbackIsCountedFromTheModelAskedForToTheOneThatAnswered() {
        try (Gateway gateway = Gateway.create(config())) {
            UsageMeters meters = new UsageMeters(registry, gateway);

            meters.accept(record("gpt-4o", new UsageRecord.ServedBy("gpt-4o-mini", "openai", "gpt-4o-mini",
                    "openai#1")).attempts(3).build());
        }

        assertThat(counter("gw.fallbacks", "model", "gpt-4o", "served_model", "gpt-4o-mini", "provider", "openai"))
                .isEqualTo(1);
        assertThat(counter("gw.requests", "model", "gpt-4o-mini")).as("accounted to the model that answered")
                .isEqualTo(1);
        assertThat(counter("gw.upstream.retries", "model", "gpt-4o-mini")).isEqualTo(2);
    }

    @Test
    void everyTokenKindAndTheCostAreCounted() {
        try (Gateway gateway = Gateway.create(config())) {
            UsageMeters meters = new UsageMeters(registry, gateway);

            meters.accept(record("gpt-4o", new UsageRecord.ServedBy("gpt-4o", "openai", "gpt-4o", "openai#2"))
                    .usage(new Usage(100, 40, 30, 20, 7)).cost(new BigDecimal("0.0125")).build());
        }

        assertThat(counter("gw.tokens", "kind", "input")).isEqualTo(100);
        assertThat(counter("gw.tokens", "kind", "output")).isEqualTo(40);
        assertThat(counter("gw.tokens", "kind", "cached_input")).isEqualTo(30);
        assertThat(counter("gw.tokens", "kind", "cache_write")).isEqualTo(20);
        assertThat(counter("gw.tokens", "kind", "reasoning")).isEqualTo(7);
        assertThat(counter("gw.cost.usd", "model", "gpt-4o")).isEqualTo(0.0125);
    }

    @Test
    void aProviderNotInTheConfigIsLabelledOther() {
        try (Gateway gateway = Gateway.create(config())) {
            UsageMeters meters = new UsageMeters(registry, gateway);

            meters.accept(record("gpt-4o", new UsageRecord.ServedBy("gpt-4o", "gone-after-reload", "gpt-4o",
                    "x#1")).build());
        }

        assertThat(counter("gw.requests", "provider", "other", "model", "gpt-4o")).isEqualTo(1);
    }

    @Test
    void aModelAddedByAReloadBecomesALabelValue() {
        try (Gateway gateway = Gateway.create(config())) {
            UsageMeters meters = new UsageMeters(registry, gateway);
            meters.accept(record("gpt-5", null).status(404).build());

            gateway.reload(config().toBuilder().providers(java.util.List.of(ProviderConfig.builder("openai",
                    "openai-compatible").baseUrl(upstream.baseUrl() + "/v1").apiKey("sk-good").model("gpt-5")
                    .build())).build());
            meters.accept(record("gpt-5", null).status(404).build());
        }

        assertThat(counter("gw.requests", "model", "other")).isEqualTo(1);
        assertThat(counter("gw.requests", "model", "gpt-5")).isEqualTo(1);
    }

    @Test
    void theCooldownGaugeReadsTheGatewaysActiveCooldowns() {
        TwoKeyUpstream.answerOnTheSecondKey(upstream);

        try (Gateway gateway = Gateway.builder(config()).meterRegistry(registry).build()) {
            send(gateway, openai("gpt-4o"));

            assertThat(registry.get("gw.cooldowns.active").gauge().value())
                    .isEqualTo(gateway.cooldowns().active().size()).isEqualTo(1);
        }
    }

    @Test
    void bindingTheSameMetricsTwiceToOneRegistryIsRefused() {
        try (Gateway gateway = Gateway.create(config())) {
            GatewayMetrics metrics = GatewayMetrics.of(gateway);
            metrics.bindTo(registry);

            assertThatThrownBy(() -> metrics.bindTo(registry)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("count every request twice");
        }
    }

    @Test
    void closedMetricsRecordNoMoreRequests() {
        try (Gateway gateway = Gateway.create(config())) {
            GatewayMetrics metrics = GatewayMetrics.of(gateway);
            metrics.bindTo(registry);
            send(gateway, openai("made-up-model"));

            metrics.close();
            send(gateway, openai("made-up-model"));
        }

        assertThat(counter("gw.requests", "model", "other")).isEqualTo(1);
    }

    @Test
    void noMeterHasARequestIdAmongItsLabels() {
        TwoKeyUpstream.answerOnTheSecondKey(upstream);

        try (Gateway gateway = Gateway.builder(config()).meterRegistry(registry).build()) {
            send(gateway, openai("gpt-4o"));
            send(gateway, openai("gpt-4o-mini"));
        }

        assertThat(registry.getMeters()).map(Meter::getId).flatMap(Meter.Id::getTags).map(Tag::getKey)
                .as("'le' is a latency bucket's bound, one of a fixed set")
                .isSubsetOf("format", "model", "provider", "status_class", "outcome", "kind", "served_model", "le");
    }

    private static UsageRecord.Builder record(String model, UsageRecord.ServedBy servedBy) {
        return UsageRecord.builder("req-1", Instant.parse("2026-12-07T10:00:00Z")).format(ApiFormat.OPENAI_CHAT)
                .endpoint("/v1/chat/completions").model(model).servedBy(servedBy).attempts(1)
                .duration(Duration.ofMillis(120)).timeToFirstByte(Duration.ofMillis(80));
    }

    private static String[] concat(String[] tags, String... more) {
        String[] out = java.util.Arrays.copyOf(tags, tags.length + more.length);
        System.arraycopy(more, 0, out, tags.length, more.length);
        return out;
    }
}
