package dev.aiproxy.routing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.aiproxy.api.Secret;
import dev.aiproxy.api.spi.Credential;
import dev.aiproxy.api.spi.CredentialPolicy;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.routing.config.HealthCheck;
import dev.aiproxy.translate.testing.Await;
import dev.aiproxy.translate.testing.Fixtures;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Active health checks against WireMock upstreams that answer the providers' documented model lists
 * (src/test/resources of gateway-translate, {@code <provider>/models-list.json}, each naming its reference page).
 */
class HealthCheckTest {
    private static final String KEY = "sk-test-health-check-key-0001";
    private static final String OTHER = "sk-test-health-check-key-0002";
    private static final HealthCheck EVERY_MINUTE = new HealthCheck(Duration.ofMinutes(1), null);

    @RegisterExtension
    static WireMockExtension upstream = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    private Gateway gateway;

    @AfterEach
    void close() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private void start(ProviderConfig provider, HealthCheck check) {
        gateway = Gateway.create(GatewayConfig.builder().echoModel(false).addProvider(provider)
                .healthCheck(provider.name(), check).build());
    }

    private static Credential key(int index, String key, boolean disabled) {
        return new Credential("p#" + index, Secret.of(key), null, null, null, null, null,
                new CredentialPolicy(1, null, null, List.of(), disabled));
    }

    private static ProviderConfig provider(String type, String baseUrl, Credential... keys) {
        return ProviderConfig.builder("p", type).baseUrl(baseUrl).model("some-model").credentials(List.of(keys))
                .build();
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String fixture) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody(Fixtures.bytes(fixture));
    }

    private KeyStatus awaitChecked(int key) {
        Await.until(Duration.ofSeconds(10), () -> gateway.providers().getFirst().keys().get(key).lastCheck() != null,
                "the health check of key " + key);
        return gateway.providers().getFirst().keys().get(key);
    }

    @Test
    void anOpenAiCompatibleKeyIsCheckedWithTheModelListAndItsBearerKey() {
        upstream.stubFor(get("/v1/models").willReturn(json(200, "openai/models-list.json")));

        start(provider("openai-compatible", upstream.baseUrl() + "/v1", key(0, KEY, false)), EVERY_MINUTE);

        KeyStatus checked = awaitChecked(0);
        assertThat(checked.lastCheck().healthy()).isTrue();
        assertThat(checked.lastCheck().call()).isEqualTo("list-models");
        assertThat(checked.lastCheck().status()).isEqualTo(200);
        assertThat(checked.health()).isEqualTo(HealthReport.Status.HEALTHY);
        upstream.verify(1, getRequestedFor(urlEqualTo("/v1/models"))
                .withHeader("Authorization", equalTo("Bearer " + KEY)));
    }

    @Test
    void anAnthropicKeyIsCheckedWithTheModelListItsKeyAndTheApiVersion() {
        upstream.stubFor(get(urlPathEqualTo("/v1/models")).willReturn(json(200, "anthropic/models-list.json")));

        start(provider("claude", upstream.baseUrl(), key(0, KEY, false)), EVERY_MINUTE);

        assertThat(awaitChecked(0).lastCheck().healthy()).isTrue();
        upstream.verify(1, getRequestedFor(urlEqualTo("/v1/models?limit=1000")).withHeader("x-api-key", equalTo(KEY))
                .withHeader("anthropic-version", equalTo("2023-06-01")));
    }

    @Test
    void aGeminiKeyIsCheckedWithTheModelListAndItsKeyInAHeaderNotTheUrl() {
        upstream.stubFor(get(urlPathEqualTo("/v1beta/models")).willReturn(json(200, "gemini/models-list.json")));

        start(provider("gemini", upstream.baseUrl(), key(0, KEY, false)), EVERY_MINUTE);

        assertThat(awaitChecked(0).lastCheck().healthy()).isTrue();
        upstream.verify(1, getRequestedFor(urlEqualTo("/v1beta/models?pageSize=1000"))
                .withHeader("x-goog-api-key", equalTo(KEY)));
    }

    @Test
    void a401FromTheModelListTakesTheKeyOutAndTellsTheListener() {
        upstream.stubFor(get("/v1/models").withHeader("Authorization", equalTo("Bearer " + KEY))
                .willReturn(json(401, "openai/error-401.json")));
        upstream.stubFor(get("/v1/models").withHeader("Authorization", equalTo("Bearer " + OTHER))
                .willReturn(json(200, "openai/models-list.json")));
        List<HealthCheckResult> told = new CopyOnWriteArrayList<>();
        gateway = Gateway.create(GatewayConfig.builder().echoModel(false)
                .addProvider(provider("openai-compatible", upstream.baseUrl() + "/v1", key(0, KEY, false),
                        key(1, OTHER, false)))
                .build());
        gateway.addHealthCheckListener(told::add);
        gateway.reload(gateway.config().toBuilder().healthCheck("p", EVERY_MINUTE).build());

        KeyStatus refused = awaitChecked(0);
        awaitChecked(1);

        assertThat(refused.lastCheck().healthy()).isFalse();
        assertThat(refused.lastCheck().status()).isEqualTo(401);
        assertThat(refused.lastCheck().detail()).startsWith("upstream answered 401: ").doesNotContain(KEY);
        assertThat(refused.state()).isEqualTo(KeyStatus.State.REJECTED);
        assertThat(refused.health()).isEqualTo(HealthReport.Status.DOWN);
        assertThat(gateway.providers().getFirst().health()).isEqualTo(HealthReport.Status.DEGRADED);
        assertThat(gateway.health().providers()).containsEntry("p", HealthReport.Status.DEGRADED);
        Await.until(Duration.ofSeconds(5), () -> told.size() == 2, "both keys' first results told");
        assertThat(told).extracting(HealthCheckResult::key, HealthCheckResult::healthy)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("p#0", false),
                        org.assertj.core.groups.Tuple.tuple("p#1", true));
    }

    @Test
    void anUnreachableUpstreamMakesTheKeyUnhealthyWithoutRejectingIt() {
        start(provider("openai-compatible", "http://127.0.0.1:1/v1", key(0, KEY, false)), EVERY_MINUTE);

        KeyStatus checked = awaitChecked(0);

        assertThat(checked.lastCheck().healthy()).isFalse();
        assertThat(checked.lastCheck().status()).isZero();
        assertThat(checked.lastCheck().detail()).contains("cannot connect");
        assertThat(checked.state()).isEqualTo(KeyStatus.State.ACTIVE);
        assertThat(checked.health()).isEqualTo(HealthReport.Status.DOWN);
        assertThat(gateway.health().models()).containsEntry("some-model", HealthReport.Status.DOWN);
    }

    @Test
    void aDisabledKeyIsNotChecked() {
        upstream.stubFor(get("/v1/models").willReturn(json(200, "openai/models-list.json")));

        start(provider("openai-compatible", upstream.baseUrl() + "/v1", key(0, OTHER, true), key(1, KEY, false)),
                EVERY_MINUTE);
        awaitChecked(1);

        assertThat(gateway.providers().getFirst().keys().getFirst().lastCheck()).isNull();
        upstream.verify(0, getRequestedFor(urlEqualTo("/v1/models"))
                .withHeader("Authorization", equalTo("Bearer " + OTHER)));
    }

    @Test
    void withoutAHealthCheckNothingIsCalled() throws Exception {
        upstream.stubFor(get("/v1/models").willReturn(json(200, "openai/models-list.json")));
        gateway = Gateway.create(GatewayConfig.builder().echoModel(false)
                .addProvider(provider("openai-compatible", upstream.baseUrl() + "/v1", key(0, KEY, false))).build());

        // a reload wakes the schedule: had it anything to check, it would start now
        gateway.reload(gateway.config());

        assertThat(gateway.providers().getFirst().keys().getFirst().lastCheck()).isNull();
        assertThat(upstream.getAllServeEvents()).isEmpty();
    }

    @Test
    void aProviderWithoutAModelListIsCheckedWithAOneTokenRequestToTheConfiguredModel() {
        start(ProviderConfig.builder("p", "echo").model("echo").apiKey(null).build(),
                new HealthCheck(Duration.ofMinutes(1), "echo"));

        KeyStatus checked = awaitChecked(0);

        assertThat(checked.lastCheck().call()).isEqualTo("one-token:echo");
        assertThat(checked.lastCheck().healthy()).isTrue();
    }

    @Test
    void aProviderWithoutAModelListNeedsAModelToCheck() {
        assertThatThrownBy(() -> start(ProviderConfig.builder("p", "echo").model("echo").apiKey(null).build(),
                EVERY_MINUTE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("provider 'p': health-check.model is required");
    }
}
