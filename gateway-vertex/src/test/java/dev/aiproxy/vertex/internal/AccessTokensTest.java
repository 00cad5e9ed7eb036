package dev.aiproxy.vertex.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiproxy.api.Secret;
import dev.aiproxy.api.error.UpstreamException;
import dev.aiproxy.api.spi.Credential;
import dev.aiproxy.translate.testing.Await;
import dev.aiproxy.vertex.testing.FakeTokenEndpoint;
import dev.aiproxy.vertex.testing.TestServiceAccount;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tokens from a fake token endpoint, whose lifetimes put them where Google's auth library treats them as fresh (more
 * than 3 min 45 s left), about to expire (less: refreshed in the background while the current one is still used) or
 * expired (less than 3 min: every caller waits for the one refresh).
 */
class AccessTokensTest {
    private static final URI CALL = URI.create("https://us-central1-aiplatform.googleapis.com/v1/projects/p");
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private FakeTokenEndpoint endpoint;
    private TestServiceAccount account;
    private final Credential key = new Credential("vertex#0", null, null, null, null, null, null);

    @BeforeEach
    void start() {
        endpoint = FakeTokenEndpoint.start();
        account = endpoint.serviceAccount("gateway-test");
    }

    @AfterEach
    void stop() {
        endpoint.close();
    }

    private AccessTokens tokens() {
        return AccessTokens.load(List.of(key), account.write(dir, "sa.json"));
    }

    private static String token(AccessTokens tokens, Credential key) {
        return tokens.authorize(key, CALL, WAIT).token().reveal();
    }

    @Test
    void aFreshTokenIsFetchedOnceAndUsedForEveryCall() {
        AccessTokens tokens = tokens();

        List<String> used = List.of(token(tokens, key), token(tokens, key), token(tokens, key));

        assertThat(used).containsOnly("ya29.test-token-1");
        assertThat(endpoint.grants()).isEqualTo(1);
    }

    @Test
    void anExpiredTokenIsRefreshedBeforeTheNextCallUsesIt() {
        endpoint.tokenLifetime(Duration.ofSeconds(60));
        AccessTokens tokens = tokens();

        String first = token(tokens, key);
        String second = token(tokens, key);

        assertThat(first).isEqualTo("ya29.test-token-1");
        assertThat(second).isEqualTo("ya29.test-token-2");
        assertThat(endpoint.grants()).isEqualTo(2);
    }

    @Test
    void aTokenAboutToExpireIsRefreshedInTheBackgroundWhileCallsGoOnWithIt() {
        endpoint.tokenLifetime(Duration.ofSeconds(200));
        AccessTokens tokens = tokens();
        token(tokens, key);
        endpoint.tokenLifetime(Duration.ofHours(1));
        endpoint.hold();

        String duringRefresh = token(tokens, key);
        Await.until(Duration.ofSeconds(10), () -> endpoint.arrived() == 2, "the background refresh");
        endpoint.release();
        // calls go on with the current token until the library has stored the new one
        Await.until(Duration.ofSeconds(10), () -> token(tokens, key).equals("ya29.test-token-2"),
                "the refreshed token in use");

        assertThat(duringRefresh).as("not held by the refresh").isEqualTo("ya29.test-token-1");
        assertThat(endpoint.grants()).as("one background refresh").isEqualTo(2);
    }

    @Test
    void concurrentCallsWithoutATokenAllWaitForOneRefresh() throws InterruptedException {
        AccessTokens tokens = tokens();
        endpoint.hold();
        ConcurrentLinkedQueue<String> used = new ConcurrentLinkedQueue<>();
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            callers.add(Thread.ofVirtual().start(() -> used.add(token(tokens, key))));
        }

        Await.until(Duration.ofSeconds(10), () -> endpoint.arrived() == 1 && callers.stream()
                .allMatch(t -> t.getState() == Thread.State.TIMED_WAITING), "every caller waiting");
        endpoint.release();
        for (Thread t : callers) {
            t.join();
        }

        assertThat(used).hasSize(8).containsOnly("ya29.test-token-1");
        assertThat(endpoint.arrived()).isEqualTo(1);
    }

    @Test
    void aRefusedKeyIsARejectedCredentialThatNamesTheAccountButNotTheKey() {
        endpoint.refuse(true);
        AccessTokens tokens = tokens();

        assertThatThrownBy(() -> token(tokens, key)).isInstanceOfSatisfying(UpstreamException.class, e -> {
            assertThat(e.status()).isEqualTo(502);
            assertThat(e.code()).contains("upstream_credential_rejected");
            assertThat(e.upstreamStatus()).isEqualTo(401);
            assertThat(e.retryable()).as("another key may serve").isTrue();
            assertThat(e.getMessage()).contains("vertex#0").contains(account.clientEmail()).contains("invalid_grant")
                    .doesNotContain("PRIVATE KEY");
        });
    }

    @Test
    void aKeyMayCarryItsOwnServiceAccountInItsApiKey() {
        TestServiceAccount other = endpoint.serviceAccount("other-project");
        Credential own = new Credential("vertex#1", Secret.of(other.json()), null, null, null, null, null);
        AccessTokens tokens = AccessTokens.load(List.of(own), null);

        assertThat(token(tokens, own)).isEqualTo("ya29.test-token-1");
        assertThat(tokens.defaultProject()).isEqualTo("other-project");
    }

    @Test
    void keysNamingTheSameFileShareItsToken() {
        Path file = account.write(dir, "shared.json");
        Credential a = new Credential("vertex#0", Secret.of(file.toString()), null, null, null, null, null);
        Credential b = new Credential("vertex#1", Secret.of(file.toString()), null, null, null, null, null);
        AccessTokens tokens = AccessTokens.load(List.of(a, b), null);

        assertThat(List.of(token(tokens, a), token(tokens, b))).containsOnly("ya29.test-token-1");
        assertThat(endpoint.grants()).isEqualTo(1);
    }

    @Test
    void aMissingKeyFileFailsTheConfigNamingTheOption() {
        assertThatThrownBy(() -> AccessTokens.load(List.of(key), dir.resolve("missing.json")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("options.credentials: no such file: ");
    }

    @Test
    void aFileThatIsNoServiceAccountKeyFailsTheConfig() {
        Credential broken = new Credential("vertex#0", Secret.of("{\"type\":\"service_account\"}"), null, null, null,
                null, null);

        assertThatThrownBy(() -> AccessTokens.load(List.of(broken), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a service-account key");
    }
}
