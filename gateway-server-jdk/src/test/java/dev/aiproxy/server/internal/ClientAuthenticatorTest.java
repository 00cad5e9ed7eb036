package dev.aiproxy.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.Headers;
import dev.aiproxy.api.error.AuthenticationException;
import dev.aiproxy.routing.config.ClientConfig;
import dev.aiproxy.routing.config.ClientKeys;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAuthenticatorTest {
    private static final ClientConfig ONE = client("one", "k-one");
    private static final ClientConfig TWO = client("two", "k-two");
    private final ClientAuthenticator auth = ClientAuthenticator.of(List.of(ONE, TWO));
    private static final URI PLAIN = URI.create("/v1/chat/completions");

    private static ClientConfig client(String name, String key) {
        return new ClientConfig(name, ClientKeys.hash(key), List.of("*"), null, null, null, 0, 0);
    }

    private static Headers headers(String name, String value) {
        Headers h = new Headers();
        h.add(name, value);
        return h;
    }

    @Test
    void findsTheClientOfAKeyInEverySupportedPlace() {
        assertThat(auth.authenticate(headers("Authorization", "Bearer k-one"), PLAIN)).isSameAs(ONE);
        assertThat(auth.authenticate(headers("authorization", "bearer k-two"), PLAIN)).isSameAs(TWO);
        assertThat(auth.authenticate(headers("x-api-key", "k-two"), PLAIN)).isSameAs(TWO);
        assertThat(auth.authenticate(headers("x-goog-api-key", "k-one"), PLAIN)).isSameAs(ONE);
        assertThat(auth.authenticate(new Headers(), URI.create("/v1beta/models/m:generateContent?alt=sse&key=k-one")))
                .isSameAs(ONE);
    }

    @Test
    void rejectsAMissingKey() {
        assertThatThrownBy(() -> auth.authenticate(new Headers(), PLAIN))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageStartingWith("Missing API key");
    }

    @Test
    void rejectsAnUnknownKeyWithoutRepeatingIt() {
        assertThatThrownBy(() -> auth.authenticate(headers("Authorization", "Bearer k-three"), PLAIN))
                .isInstanceOf(AuthenticationException.class)
                .hasMessage("Incorrect API key provided");
    }

    @Test
    void letsEveryoneInAsAnonymousWhenNoClientIsConfigured() {
        ClientAuthenticator open = ClientAuthenticator.of(List.of());

        assertThat(open.required()).isFalse();
        assertThat(open.authenticate(new Headers(), PLAIN)).isSameAs(ClientConfig.ANONYMOUS);
    }
}
