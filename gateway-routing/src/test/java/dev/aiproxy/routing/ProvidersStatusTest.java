package dev.aiproxy.routing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.aiproxy.api.Secret;
import dev.aiproxy.api.error.NotFoundException;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.spi.Credential;
import dev.aiproxy.api.spi.CredentialPolicy;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.routing.config.Resilience;
import dev.aiproxy.routing.config.RoutingStrategy;
import dev.aiproxy.routing.testing.MutableClock;
import dev.aiproxy.translate.testing.Fixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The admin view of provider entries and keys: masked keys, states, cooldowns, recent traffic, disabled keys. */
class ProvidersStatusTest {
    private static final String KEY_A = "sk-test-aaaaaaaaaaaaaaaa-0001";
    private static final String KEY_B = "sk-test-bbbbbbbbbbbbbbbb-0002";

    @RegisterExtension
    static WireMockExtension upstream = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T12:00:00Z"));
    private Gateway gateway;

    @AfterEach
    void close() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private static Credential key(int index, String key, CredentialPolicy policy) {
        return new Credential("pool#" + index, Secret.of(key), null, null, null, null, null, policy);
    }

    private void start(Credential... keys) {
        // fill-first: the first key is always tried first, so the test knows which key meets the upstream's error
        gateway = Gateway.builder(GatewayConfig.builder().echoModel(false)
                .resilience(Resilience.builder().strategy(RoutingStrategy.FILL_FIRST).build())
                .addProvider(ProviderConfig.builder("pool", "openai-compatible").baseUrl(upstream.baseUrl() + "/v1")
                        .model("gpt-4o-mini-2024-07-18", "m").credentials(List.of(keys)).build())
                .build()).clock(clock).build();
    }

    private static void keyAnswers(String key, ResponseDefinitionBuilder answer) {
        upstream.stubFor(post("/v1/chat/completions").withHeader("Authorization", equalTo("Bearer " + key))
                .willReturn(answer));
    }

    private static ResponseDefinitionBuilder ok() {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(Fixtures.bytes("openai/chat-completion.json"));
    }

    private static ChatRequest hello() {
        return ChatRequest.builder().model("m").user("Hello").build();
    }

    private KeyStatus key(String id) {
        return gateway.providers().getFirst().keys().stream().filter(k -> k.id().equals(id)).findFirst()
                .orElseThrow();
    }

    @Test
    void listsEveryKeyMaskedWithItsFingerprintModelsAndWeight() {
        start(key(0, KEY_A, new CredentialPolicy(3, null, null, List.of())), key(1, KEY_B, CredentialPolicy.DEFAULT));

        List<ProviderStatus> providers = gateway.providers();

        assertThat(providers).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("pool");
            assertThat(p.type()).isEqualTo("openai-compatible");
            assertThat(p.health()).isEqualTo(HealthReport.Status.HEALTHY);
            assertThat(p.healthCheck()).isNull();
        });
        KeyStatus first = providers.getFirst().keys().getFirst();
        assertThat(first.maskedKey()).isEqualTo("sk-...0001");
        assertThat(first.fingerprint()).isEqualTo(Secret.of(KEY_A).fingerprint()).hasSize(16);
        assertThat(first.weight()).isEqualTo(3);
        assertThat(first.models()).extracting(m -> m.name() + "=" + m.alias())
                .containsExactly("gpt-4o-mini-2024-07-18=m");
        assertThat(first.state()).isEqualTo(KeyStatus.State.ACTIVE);
        assertThat(providers.toString()).doesNotContain(KEY_A).doesNotContain(KEY_B);
    }

    @Test
    void aDisabledKeyIsListedButNeverRoutedTo() {
        keyAnswers(KEY_A, ok());
        keyAnswers(KEY_B, ok());
        start(key(0, KEY_A, new CredentialPolicy(1, null, null, List.of(), true)), key(1, KEY_B,
                CredentialPolicy.DEFAULT));

        for (int i = 0; i < 4; i++) {
            gateway.chat(hello());
        }

        assertThat(upstream.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer " + KEY_A)))).isEmpty();
        assertThat(key("pool#0").state()).isEqualTo(KeyStatus.State.DISABLED);
        assertThat(key("pool#0").health()).isNull();
        assertThat(key("pool#1").traffic().successes()).isEqualTo(4);
    }

    @Test
    void aKeyWhoseEveryKeyIsDisabledRoutesNothing() {
        start(key(0, KEY_A, new CredentialPolicy(1, null, null, List.of(), true)));

        assertThatThrownBy(() -> gateway.chat(hello())).hasMessageContaining("'m'");
        assertThat(gateway.providers().getFirst().health()).isEqualTo(HealthReport.Status.DOWN);
    }

    @Test
    void a429ShowsTheKeyCoolingUntilTheTimeTheUpstreamSaid() {
        keyAnswers(KEY_A, aResponse().withStatus(429).withHeader("Retry-After", "60")
                .withHeader("Content-Type", "application/json").withBody(Fixtures.bytes("openai/error-429.json")));
        keyAnswers(KEY_B, ok());
        start(key(0, KEY_A, CredentialPolicy.DEFAULT), key(1, KEY_B, CredentialPolicy.DEFAULT));

        gateway.chat(hello());

        KeyStatus cooling = key("pool#0");
        assertThat(cooling.state()).isEqualTo(KeyStatus.State.COOLING);
        assertThat(cooling.cooldowns()).singleElement().satisfies(c -> {
            assertThat(c.reason()).isEqualTo(CredentialCooldowns.Reason.RATE_LIMITED);
            assertThat(c.until()).isEqualTo(clock.instant().plusSeconds(60));
            assertThat(c.model()).isEqualTo("gpt-4o-mini-2024-07-18");
        });
        assertThat(cooling.health()).isEqualTo(HealthReport.Status.DOWN);
        assertThat(gateway.providers().getFirst().health()).isEqualTo(HealthReport.Status.DEGRADED);
    }

    @Test
    void clearingACooldownPutsTheKeyBackInRotationAtOnce() {
        keyAnswers(KEY_A, aResponse().withStatus(429).withHeader("Retry-After", "60")
                .withHeader("Content-Type", "application/json").withBody(Fixtures.bytes("openai/error-429.json")));
        keyAnswers(KEY_B, ok());
        start(key(0, KEY_A, CredentialPolicy.DEFAULT), key(1, KEY_B, CredentialPolicy.DEFAULT));
        gateway.chat(hello());

        boolean cleared = gateway.clearCooldown("pool", Secret.of(KEY_A).fingerprint());

        assertThat(cleared).isTrue();
        assertThat(key("pool#0").state()).isEqualTo(KeyStatus.State.ACTIVE);
        assertThat(gateway.cooldowns().active()).isEmpty();
        assertThat(gateway.clearCooldown("pool", Secret.of(KEY_A).fingerprint())).isFalse();
    }

    @Test
    void clearingTheCooldownOfAnUnknownKeyOrProviderIsNotFound() {
        start(key(0, KEY_A, CredentialPolicy.DEFAULT));

        assertThatThrownBy(() -> gateway.clearCooldown("pool", "0123456789abcdef"))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("0123456789abcdef");
        assertThatThrownBy(() -> gateway.clearCooldown("nope", Secret.of(KEY_A).fingerprint()))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("'nope'");
    }

    @Test
    void countsEachKeysRecentAttemptsAndErrorRate() {
        keyAnswers(KEY_A, aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}"));
        keyAnswers(KEY_B, ok());
        start(key(0, KEY_A, CredentialPolicy.DEFAULT), key(1, KEY_B, CredentialPolicy.DEFAULT));

        gateway.chat(hello());

        KeyStatus.Traffic failing = key("pool#0").traffic();
        assertThat(failing.failures()).isEqualTo(1);
        assertThat(failing.errorRate()).isEqualTo(1.0);
        assertThat(failing.meanLatency()).isPositive();
        assertThat(key("pool#1").traffic().errorRate()).isZero();
        assertThat(key("pool#1").traffic().successes()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(6));

        assertThat(key("pool#0").traffic().failures()).isZero();
    }
}
