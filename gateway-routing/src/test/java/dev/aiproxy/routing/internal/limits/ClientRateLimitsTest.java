package dev.aiproxy.routing.internal.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiproxy.api.error.RateLimitedException;
import dev.aiproxy.routing.config.ClientConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A request refused on one limit spends nothing of the other. */
class ClientRateLimitsTest {
    private final ClientRateLimits limits = new ClientRateLimits();

    private static ClientConfig client(String name, int requestsPerMinute, long tokensPerMinute) {
        return new ClientConfig(name, null, List.of("*"), null, null, null, requestsPerMinute, tokensPerMinute);
    }

    @Test
    void aRequestRefusedForTokensSpendsNoRequest() {
        ClientConfig client = client("tokens-first", 2, 100);
        limits.admit(client, 60);
        assertThatThrownBy(() -> limits.admit(client, 60)).isInstanceOf(RateLimitedException.class)
                .hasMessageContaining("on tokens per minute")
                .satisfies(e -> assertThat(((RateLimitedException) e).headers())
                        .containsEntry("x-ratelimit-remaining-requests", "1")
                        .containsEntry("x-ratelimit-remaining-tokens", "40"));
        assertThat(limits.admit(client, 10).headers()).as("the refused request left its request permit")
                .containsEntry("x-ratelimit-remaining-requests", "0")
                .containsEntry("x-ratelimit-remaining-tokens", "30");
    }

    @Test
    void aRequestRefusedForRequestsSpendsNoTokens() {
        ClientConfig client = client("requests-first", 1, 100);
        limits.admit(client, 10);
        assertThatThrownBy(() -> limits.admit(client, 50)).isInstanceOf(RateLimitedException.class)
                .hasMessageContaining("on requests per minute")
                .satisfies(e -> assertThat(((RateLimitedException) e).headers())
                        .containsEntry("x-ratelimit-remaining-requests", "0")
                        .containsEntry("x-ratelimit-remaining-tokens", "90"));
    }

    @Test
    void aRequestLargerThanTheWholeAllowanceSpendsNothing() {
        ClientConfig client = client("too-large", 5, 100);
        assertThatThrownBy(() -> limits.admit(client, 500)).isInstanceOf(RateLimitedException.class)
                .hasMessageContaining("Request too large");
        assertThat(limits.admit(client, 1).headers()).containsEntry("x-ratelimit-remaining-requests", "4");
    }
}
