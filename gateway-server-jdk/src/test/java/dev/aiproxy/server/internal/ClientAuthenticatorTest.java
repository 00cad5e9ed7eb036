package dev.aiproxy.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNoException;

import com.sun.net.httpserver.Headers;
import dev.aiproxy.api.Secret;
import dev.aiproxy.api.error.AuthenticationException;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAuthenticatorTest {
    private final ClientAuthenticator auth = ClientAuthenticator.of(List.of(Secret.of("k-one"), Secret.of("k-two")));
    private static final URI PLAIN = URI.create("/v1/chat/completions");

    private static Headers headers(String name, String value) {
        Headers h = new Headers();
        h.add(name, value);
        return h;
    }

    @Test
    void acceptsAnyConfiguredKeyInAnySupportedPlace() {
        assertThatNoException().isThrownBy(() -> auth.check(headers("Authorization", "Bearer k-one"), PLAIN));
        assertThatNoException().isThrownBy(() -> auth.check(headers("authorization", "bearer k-two"), PLAIN));
        assertThatNoException().isThrownBy(() -> auth.check(headers("x-api-key", "k-two"), PLAIN));
        assertThatNoException().isThrownBy(() -> auth.check(headers("x-goog-api-key", "k-one"), PLAIN));
        assertThatNoException().isThrownBy(() -> auth.check(new Headers(),
                URI.create("/v1beta/models/m:generateContent?alt=sse&key=k-one")));
    }

    @Test
    void rejectsAMissingKey() {
        assertThatThrownBy(() -> auth.check(new Headers(), PLAIN))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageStartingWith("Missing API key");
    }

    @Test
    void rejectsAnUnknownKeyWithoutRepeatingIt() {
        assertThatThrownBy(() -> auth.check(headers("Authorization", "Bearer k-three"), PLAIN))
                .isInstanceOf(AuthenticationException.class)
                .hasMessage("Incorrect API key provided");
    }

    @Test
    void letsEveryoneInWhenNoKeyIsConfigured() {
        ClientAuthenticator open = ClientAuthenticator.of(List.of());

        assertThat(open.required()).isFalse();
        assertThatNoException().isThrownBy(() -> open.check(new Headers(), PLAIN));
    }
}
