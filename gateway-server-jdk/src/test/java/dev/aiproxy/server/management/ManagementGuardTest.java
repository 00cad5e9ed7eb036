package dev.aiproxy.server.management;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.Headers;
import dev.aiproxy.api.error.AuthenticationException;
import dev.aiproxy.api.error.NotFoundException;
import dev.aiproxy.api.error.PermissionDeniedException;
import dev.aiproxy.api.error.RateLimitedException;
import dev.aiproxy.routing.config.ClientKeys;
import dev.aiproxy.routing.config.Management;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ManagementGuardTest {
    private static final String SECRET = "manage-0123456789";
    private static final Management ON = new Management(ClientKeys.hash(SECRET), false, true);
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private static Headers with(String name, String value) {
        Headers h = new Headers();
        h.add(name, value);
        return h;
    }

    @Test
    void theSecretIsTakenAsABearerTokenOrInItsOwnHeader() {
        ManagementGuard guard = new ManagementGuard();

        assertThatCode(() -> guard.admit(ON, LOOPBACK, with("Authorization", "Bearer " + SECRET), "/v0/management/x"))
                .doesNotThrowAnyException();
        assertThatCode(() -> guard.admit(ON, LOOPBACK, with("X-Management-Key", SECRET), "/v0/management/x"))
                .doesNotThrowAnyException();
    }

    @Test
    void noSecretConfiguredMeansNoApi() {
        assertThatThrownBy(() -> new ManagementGuard().admit(Management.OFF, LOOPBACK,
                with("Authorization", "Bearer " + SECRET), "/v0/management/x"))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void aMissingOrWrongSecretIsRefused() {
        ManagementGuard guard = new ManagementGuard();

        assertThatThrownBy(() -> guard.admit(ON, LOOPBACK, new Headers(), "/p"))
                .isInstanceOf(AuthenticationException.class).hasMessageContaining("X-Management-Key");
        assertThatThrownBy(() -> guard.admit(ON, LOOPBACK, with("Authorization", "Bearer nope"), "/p"))
                .isInstanceOf(AuthenticationException.class).hasMessage("wrong management secret");
        assertThatThrownBy(() -> guard.admit(ON, LOOPBACK, with("Authorization", "Basic " + SECRET), "/p"))
                .isInstanceOf(AuthenticationException.class);
    }

    @Test
    void anotherMachineNeedsAllowRemote() throws Exception {
        InetAddress lan = InetAddress.getByName("192.0.2.10");
        ManagementGuard guard = new ManagementGuard();

        assertThatThrownBy(() -> guard.admit(ON, lan, with("Authorization", "Bearer " + SECRET), "/p"))
                .isInstanceOf(PermissionDeniedException.class).hasMessageContaining("allow-remote");
        assertThatCode(() -> guard.admit(new Management(ON.secretHash(), true, true), lan,
                with("Authorization", "Bearer " + SECRET), "/p")).doesNotThrowAnyException();
    }

    @Test
    void fiveWrongSecretsLockTheAddressOutForTheWindowEvenWithTheRightOne() throws Exception {
        ManagementGuard guard = new ManagementGuard(5, Duration.ofMinutes(1));
        InetAddress other = InetAddress.getByName("127.0.0.2");

        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> guard.admit(ON, LOOPBACK, with("X-Management-Key", "guess"), "/p"))
                    .isInstanceOf(AuthenticationException.class);
        }

        assertThatThrownBy(() -> guard.admit(ON, LOOPBACK, with("X-Management-Key", "guess"), "/p"))
                .isInstanceOf(RateLimitedException.class)
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((RateLimitedException) e).retryAfter())
                        .contains(Duration.ofMinutes(1)));
        assertThatThrownBy(() -> guard.admit(ON, LOOPBACK, with("X-Management-Key", SECRET), "/p"))
                .isInstanceOf(RateLimitedException.class);
        // another address is not held back by this one's guesses
        assertThatCode(() -> guard.admit(ON, other, with("X-Management-Key", SECRET), "/p"))
                .doesNotThrowAnyException();
    }

    @Test
    void theWindowEndsAndTheAddressMayTryAgain() throws Exception {
        // a window long enough that a loaded machine still makes the three calls within it
        ManagementGuard guard = new ManagementGuard(2, Duration.ofSeconds(4));
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> guard.admit(ON, LOOPBACK, with("X-Management-Key", "guess"), "/p"))
                    .isInstanceOf(AuthenticationException.class);
        }
        assertThatThrownBy(() -> guard.admit(ON, LOOPBACK, with("X-Management-Key", SECRET), "/p"))
                .isInstanceOf(RateLimitedException.class);

        Thread.sleep(4_500);

        assertThatCode(() -> guard.admit(ON, LOOPBACK, with("X-Management-Key", SECRET), "/p"))
                .doesNotThrowAnyException();
    }
}
