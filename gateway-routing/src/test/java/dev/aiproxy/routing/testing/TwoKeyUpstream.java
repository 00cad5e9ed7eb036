package dev.aiproxy.routing.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.aiproxy.translate.testing.Fixtures;

/**
 * An OpenAI upstream with two keys, {@code sk-bad} and {@code sk-good}: the first is overloaded (503), the second
 * answers with the documented chat completion, so a request that starts on the first key is served by the second.
 */
public final class TwoKeyUpstream {
    public static final String BAD_KEY = "sk-bad";
    public static final String GOOD_KEY = "sk-good";

    private TwoKeyUpstream() {
    }

    public static void answerOnTheSecondKey(WireMockExtension upstream) {
        upstream.stubFor(post("/v1/chat/completions").withHeader("Authorization", equalTo("Bearer " + GOOD_KEY))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(Fixtures.bytes("openai/chat-completion.json"))));
        upstream.stubFor(post("/v1/chat/completions").withHeader("Authorization", equalTo("Bearer " + BAD_KEY))
                .willReturn(aResponse().withStatus(503).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}")));
    }
}
